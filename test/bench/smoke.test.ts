import type { CohortResult, LeaverCohortResult } from '../../bench/metrics';
import { runCohortProcess, runLeaverCohortProcess } from '../../bench/spawn';

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

/** Figures every leaver cohort must show, whatever the design behind them. */
function expectSaneLeavers(result: LeaverCohortResult, size: number) {
  expect(result).toMatchObject({ size, seed: 3, timeScale, succeeded: size, failed: 0, graceSeconds: 3600 });
  expect(result.outcomes).toEqual({ SUCCEEDED: size });
  // 30 % ALWAYS_ON, spread evenly: 1 of 4.
  expect(result.alwaysOn).toBe(1);
  for (const figure of [
    result.accessCut,
    result.stopped,
    result.removedAfterGrace,
    result.removalConfirmed,
  ]) {
    expect(figure.missing).toBe(0);
    expect(figure.p50).toBeLessThanOrEqual(figure.p95);
    expect(figure.p95).toBeLessThanOrEqual(figure.max);
  }
  // Access is cut before the WorkSpace stops is confirmed, within the hour's grace.
  expect(result.accessCut.max).toBeGreaterThanOrEqual(result.lowerBounds.accessCutSeconds);
  expect(result.accessCut.max).toBeLessThan(3600);
  // No flow beats the lower bounds: a stop takes 60 s, a removal 240 s after the grace end.
  expect(result.stopped.p50).toBeGreaterThanOrEqual(60);
  expect(result.stopped.max).toBeGreaterThanOrEqual(result.lowerBounds.stoppedMaxSeconds);
  expect(result.removedAfterGrace.max).toBeGreaterThanOrEqual(result.lowerBounds.removedMaxSeconds);
  // Confirmed no sooner than TERMINATING -> TERMINATED (180 s) after the grace end.
  expect(result.removalConfirmed.p50).toBeGreaterThanOrEqual(180);
  // Each leaver's user is disabled once and deleted once; each WorkSpace stopped and terminated.
  expect(result.directoryApi.calls['ds-data.DisableUser']).toBe(size);
  expect(result.directoryApi.calls['ds-data.DeleteUser']).toBe(size);
  expect(result.workspacesApi.accepted.ModifyWorkspaceProperties).toBeGreaterThanOrEqual(1);
  expect(result.workspacesApi.accepted.StopWorkspaces).toBeGreaterThanOrEqual(1);
  expect(result.workspacesApi.accepted.TerminateWorkspaces).toBeGreaterThanOrEqual(1);
  expect(result.workspacesApi.accepted.CreateWorkspaces).toBeUndefined();
  // Tags are read from the tag index, many WorkSpaces a call; DescribeTags only before a termination.
  expect(result.taggingApi.calls.GetResources).toBeGreaterThanOrEqual(1);
  expect(result.taggingApi.calls.GetResources).toBeLessThan(2 * size);
  expect(result.workspacesApi.accepted.DescribeTags).toBe(size);
  // The lifecycle register names a leaver's older executions: nothing lists everyone's.
  expect(result.stepFunctionsApi.perLeaver.ListExecutions).toBeUndefined();
  expect(result.transitionsPerLeaver).toBeGreaterThan(10);
  expect(result.lambdaInvocationsPerLeaver).toBeGreaterThan(5);
  expect(result.costPerLeaver.stepFunctions).toBeCloseTo(result.transitionsPerLeaver * 0.000025);
}

describe('bench smoke run, leavers', () => {
  test('Leavers: every immediate leaver is cut off, stopped and removed after the grace', async () => {
    const result = await runLeaverCohortProcess({
      cohort: 'leavers',
      flow: 'ours',
      size: 4,
      seed: 3,
      timeScale,
    });
    expectSaneLeavers(result, 4);
    expect(result).toMatchObject({ kind: 'leavers', lastDay: false });
    expect(result.joiners).toBeUndefined();
    // Alone, the leavers pay for the provisioner's rounds.
    expect(result.provisioner?.rounds).toBeGreaterThan(60);
  }, 120_000);

  test('Mixed: joiners onboarded and leavers removed at once, each side with its own figures', async () => {
    const result = await runLeaverCohortProcess({
      cohort: 'mixed',
      flow: 'ours',
      size: 4,
      seed: 3,
      timeScale,
    });
    expectSaneLeavers(result, 4);
    expect(result.kind).toBe('mixed');
    // The joiners are other people: the register names none of theirs to a leaver, so none is read.
    expect(result.stepFunctionsApi.calls.DescribeExecution ?? 0).toBe(0);
    const joiners = result.joiners;
    expect(joiners).toMatchObject({ size: 4, succeeded: 4, failed: 0 });
    expect(joiners?.makespanSeconds).toBeGreaterThanOrEqual(joiners?.lowerBound.seconds ?? Number.NaN);
    expect(joiners?.workspacesApi.accepted.CreateWorkspaces).toBeGreaterThanOrEqual(1);
    expect(joiners?.emailsPerJoiner).toBe(2);
  }, 120_000);
});
