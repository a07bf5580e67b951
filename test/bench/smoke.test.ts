import type { CohortResult } from '../../bench/metrics';
import { runCohortProcess } from '../../bench/spawn';

// The benchmark's smallest cohort, both flows, each in its own process as `npm run bench` runs
// them, so the benchmark cannot rot. It checks the shape and sanity of the figures, not timings.
// A high time scale keeps it short; timings at this scale are not worth reading.
const timeScale = 300;

function expectSane(result: CohortResult) {
  expect(result).toMatchObject({ size: 10, seed: 3, timeScale, succeeded: 10, failed: 0 });
  expect(result.makespanSeconds).toBeGreaterThanOrEqual(result.lowerBound.seconds);
  expect(result.lowerBound.createCallsSeconds).toBe(0.5);
  expect(result.provisioning.min).toBeGreaterThanOrEqual(600);
  expect(result.timeToReady.p50).toBeGreaterThan(0);
  expect(result.timeToReady.p50).toBeLessThanOrEqual(result.timeToReady.p95);
  expect(result.timeToReady.p95).toBeLessThanOrEqual(result.timeToReady.max);
  expect(result.detectionLag.p95).toBeGreaterThanOrEqual(0);
  expect(result.workspacesApi.accepted.DescribeWorkspaces).toBeGreaterThan(0);
  expect(result.realSeconds).toBeGreaterThan(0);
}

describe('bench smoke run, 10 joiners', () => {
  test('StateMachine: every joiner gets a welcome email and the costs are counted', async () => {
    const result = await runCohortProcess({ flow: 'ours', size: 10, seed: 3, timeScale });
    expectSane(result);
    expect(result.outcomes).toEqual({ SUCCEEDED: 10 });
    // The provisioner batches: ten joiners fit in one CreateWorkspaces call (two if a round
    // falls between their queueing), and each round describes all of them in one call.
    expect(result.workspacesApi.accepted.CreateWorkspaces).toBeLessThanOrEqual(2);
    expect(result.workspacesApi.acceptedPerJoiner).toBeLessThan(2);
    expect(result.transitionsPerJoiner).toBeGreaterThan(10);
    // Task states, the dispatcher and the provisioner's rounds.
    expect(result.lambdaInvocationsPerJoiner).toBeGreaterThan(5);
    expect(result.costPerJoiner.dynamoDb).toBeGreaterThan(0);
    // The welcome email and the manager's initial password.
    expect(result.emailsPerJoiner).toBe(2);
    expect(result.costPerJoiner.total).toBeGreaterThan(0);
  }, 120_000);

  test('Baseline: the polling loop onboards every joiner through the real SDK clients', async () => {
    const result = await runCohortProcess({ flow: 'baseline', size: 10, seed: 3, timeScale });
    expectSane(result);
    expect(result.outcomes).toEqual({ SUCCEEDED: 10 });
    // One CreateWorkspaces call per joiner, and a look per joiner every minute.
    expect(result.workspacesApi.accepted.CreateWorkspaces).toBe(10);
    expect(result.workspacesApi.acceptedPerJoiner).toBeGreaterThan(1);
    expect(result.transitionsPerJoiner).toBe(0);
    expect(result.emailsPerJoiner).toBe(1);
    expect(result.sdkGaveUp).toBeDefined();
  }, 120_000);
});
