import {
  type CohortObservation,
  callAt,
  callsOf,
  costPerJoiner,
  type LeaverCohortObservation,
  leaverLowerBounds,
  lowerBound,
  percentile,
  summarize,
  summarizeLeavers,
} from '../../bench/metrics';
import { benchLeavers } from '../../bench/people';
import {
  chartSvg,
  cohortTable,
  duration,
  leaverCallsTable,
  leaverTable,
  leaverTargetChecks,
  ratios,
  targetChecks,
} from '../../bench/report';

const minute = 60_000;

function observation(overrides: Partial<CohortObservation> = {}): CohortObservation {
  const t0 = 1_800_000_000_000;
  return {
    flow: 'ours',
    size: 2,
    seed: 1,
    timeScale: 10,
    realSeconds: 5,
    eventLoopDelayMs: { p99: 1, max: 2 },
    startSpreadSeconds: 3,
    joiners: [
      {
        userName: 'a',
        eventAt: t0,
        createdAt: t0 + 1000,
        availableAt: t0 + 21 * minute,
        welcomeAt: t0 + 22 * minute,
      },
      {
        userName: 'b',
        eventAt: t0,
        createdAt: t0 + 2000,
        availableAt: t0 + 15 * minute,
        welcomeAt: t0 + 18 * minute,
      },
    ],
    apiCalls: { CreateWorkspaces: 3, DescribeWorkspaces: 4 },
    throttled: { CreateWorkspaces: 1 },
    outcomes: { SUCCEEDED: 2 },
    failureReasons: {},
    transitions: 40,
    lambdaInvocations: 20,
    events: 4,
    emails: 4,
    snsPublishes: 0,
    ...overrides,
  };
}

describe('bench metrics', () => {
  test('percentile is nearest-rank', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });

  test('lowerBound: fewest CreateWorkspaces calls at 2/s plus the longest provisioning drawn', () => {
    expect(lowerBound(1000, [1200, 1500])).toEqual({
      createCallsSeconds: 20,
      longestProvisioningSeconds: 1500,
      seconds: 1520,
    });
    expect(lowerBound(26, [600]).createCallsSeconds).toBe(1);
  });

  test('summarize: makespan, spreads, accepted calls apart from throttled ones, per-joiner figures', () => {
    const result = summarize(observation());
    expect(result.makespanSeconds).toBe(22 * 60);
    expect(result.lowerBound.longestProvisioningSeconds).toBeCloseTo(21 * 60 - 1);
    expect(result.timeToReady).toEqual({ p50: 18 * 60, p95: 22 * 60, max: 22 * 60 });
    expect(result.detectionLag).toEqual({ p50: 60, p95: 180, max: 180 });
    expect(result.workspacesApi.accepted).toEqual({ CreateWorkspaces: 2, DescribeWorkspaces: 4 });
    expect(result.workspacesApi.acceptedPerJoiner).toBe(3);
    expect(result.workspacesApi.throttledPerJoiner).toBe(0.5);
    expect(result.transitionsPerJoiner).toBe(20);
    expect(result.succeeded).toBe(2);
  });

  test('summarize: a joiner without a welcome email counts as failed and out of the spreads', () => {
    const base = observation();
    const result = summarize({
      ...base,
      joiners: [base.joiners[0], { ...base.joiners[1], welcomeAt: undefined }],
    });
    expect(result).toMatchObject({ succeeded: 1, failed: 1 });
    expect(result.timeToReady.max).toBe(22 * 60);
  });

  test('costPerJoiner from the published prices', () => {
    const cost = costPerJoiner({
      transitions: 1000,
      lambdaInvocations: 0,
      provisionerSeconds: 0,
      queueWrites: 0,
      queueScans: 0,
      events: 0,
      emails: 1000,
      snsPublishes: 0,
    });
    expect(cost.stepFunctions).toBeCloseTo(0.025);
    expect(cost.ses).toBeCloseTo(0.1);
    expect(cost.total).toBeCloseTo(0.125);
  });

  test('costPerJoiner bills the provisioner by its measured seconds and the queue by requests', () => {
    const none = { transitions: 0, lambdaInvocations: 0, events: 0, emails: 0, snsPublishes: 0 };
    const cost = costPerJoiner({
      ...none,
      provisionerSeconds: 1000,
      queueWrites: 1_000_000,
      queueScans: 1000,
    });
    // 1000 s at 0.25 GB; a million writes; a thousand full Scan pages of 128 read units.
    expect(cost.lambda).toBeCloseTo(1000 * 0.25 * 0.0000133334);
    expect(cost.dynamoDb).toBeCloseTo(1.25 + 128_000 * 0.25e-6);
    expect(cost.total).toBeCloseTo(cost.lambda + cost.dynamoDb);
  });
});

describe('bench report', () => {
  const ours = summarize(observation());
  const baseline = summarize(observation({ flow: 'baseline', transitions: 0, lambdaInvocations: 0 }));

  test('duration prints h:mm:ss', () => {
    expect(duration(3725.4)).toBe('1:02:05');
  });

  test('the table has a row per cohort and the ratios pair the flows by size', () => {
    expect(cohortTable([ours, baseline]).split('\n')).toHaveLength(4);
    expect(ratios([ours, baseline])).toEqual([
      expect.objectContaining({ size: 2, onboarded: '2 / 2', makespan: 1 }),
    ]);
  });

  test('targetChecks names each target of the issue', () => {
    expect(targetChecks(ours).map((t) => t.met)).toEqual([true, true, true, true, false]);
  });

  test('the chart is one SVG with a line per flow and percentile', () => {
    const svg = chartSvg([ours, baseline, { ...ours, size: 20 }, { ...baseline, size: 20 }], 'a & b');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain('a &amp; b');
  });
});

describe('bench leaver metrics', () => {
  const t0 = 1_800_000_000_000;
  const second = 1000;

  function leaverObservation(overrides: Partial<LeaverCohortObservation> = {}): LeaverCohortObservation {
    return {
      kind: 'leavers',
      size: 2,
      seed: 1,
      timeScale: 10,
      realSeconds: 5,
      eventLoopDelayMs: { p99: 1, max: 2 },
      startSpreadSeconds: 1,
      lastDay: false,
      graceSeconds: 3600,
      alwaysOnShare: 0.5,
      leavers: [
        {
          userName: 'a',
          runningMode: 'AUTO_STOP',
          eventAt: t0,
          dueAt: t0,
          disabledAt: t0 + 30 * second,
          stoppedAt: t0 + 100 * second,
          removeAt: t0 + 3600 * second,
          goneAt: t0 + 3900 * second,
          endedAt: t0 + 3950 * second,
        },
        {
          userName: 'b',
          runningMode: 'ALWAYS_ON',
          eventAt: t0,
          dueAt: t0,
          disabledAt: t0 + 90 * second,
          removeAt: t0 + 3600 * second,
        },
      ],
      outcomes: { SUCCEEDED: 1, FAILED: 1 },
      failureReasons: { WorkspaceNotStoppedError: 1 },
      apiCalls: {
        'workspaces.DescribeWorkspaces': 6,
        'workspaces.StopWorkspaces': 3,
        'workspaces.CreateWorkspaces': 2,
        'ds-data.DisableUser': 2,
        'ds.ResetUserPassword': 1,
        'states.DescribeExecution': 8,
        'dynamodb.Scan': 5,
      },
      throttled: { 'workspaces.StopWorkspaces': 1 },
      transitions: 100,
      lambdaInvocations: 40,
      provisioner: {
        rounds: 60,
        seconds: 30,
        roundSeconds: { p50: 0.5, p95: 1, max: 2 },
        queueScans: 60,
        queueWrites: 0,
      },
      events: 6,
      emails: 0,
      snsPublishes: 2,
      ...overrides,
    };
  }

  test('callAt: five calls at once, then two a second', () => {
    expect([1, 5, 6, 7, 45].map(callAt)).toEqual([0, 0, 0.5, 1, 20]);
  });

  test('leaverLowerBounds: AUTO_STOP first, a ModifyWorkspaceProperties per ALWAYS_ON, 25 per stop or terminate', () => {
    // 1000 leavers, 300 ALWAYS_ON: all stopped after 40 + 300 = 340 calls, the last at 167.5 s, + 60 s.
    // The 950th needs 38 stops and 250 modifies: 288 calls, at 141.5 s, + 60 s.
    // Terminating: 40 calls, the last at 17.5 s, + 240 s; the 950th in call 38, at 16.5 s.
    expect(leaverLowerBounds(1000, 300)).toEqual({
      accessCutSeconds: 0,
      stoppedP95Seconds: 201.5,
      stoppedMaxSeconds: 227.5,
      removedP95Seconds: 256.5,
      removedMaxSeconds: 257.5,
    });
    expect(leaverLowerBounds(4, 0)).toMatchObject({ stoppedMaxSeconds: 60, removedMaxSeconds: 240 });
  });

  test('callsOf picks one service by operation, or several by service.Operation', () => {
    const calls = { 'workspaces.StopWorkspaces': 2, 'ds-data.DisableUser': 1, 'ds.ResetUserPassword': 3 };
    expect(callsOf(calls, 'workspaces')).toEqual({ StopWorkspaces: 2 });
    expect(callsOf(calls, 'ds-data', 'ds')).toEqual({ 'ds-data.DisableUser': 1, 'ds.ResetUserPassword': 3 });
  });

  test('summarizeLeavers: spreads from when access fell due and from the grace end; missing ones counted', () => {
    const result = summarizeLeavers(leaverObservation());
    expect(result).toMatchObject({ succeeded: 1, failed: 1, alwaysOn: 1 });
    expect(result.accessCut).toEqual({ p50: 30, p95: 90, max: 90, missing: 0 });
    expect(result.stopped).toEqual({ p50: 100, p95: 100, max: 100, missing: 1 });
    expect(result.removedAfterGrace).toEqual({ p50: 300, p95: 300, max: 300, missing: 1 });
    expect(result.removalConfirmed).toMatchObject({ p95: 350, missing: 1 });
    // Accepted calls apart from throttled ones; leavers alone keep every operation.
    expect(result.workspacesApi.accepted).toEqual({
      DescribeWorkspaces: 6,
      StopWorkspaces: 2,
      CreateWorkspaces: 2,
    });
    expect(result.workspacesApi.acceptedPerLeaver).toBe(5);
    expect(result.workspacesApi.throttledPerLeaver).toBe(0.5);
    expect(result.directoryApi.perLeaver).toBe(1.5);
    expect(result.stepFunctionsApi.perLeaver).toEqual({ DescribeExecution: 4 });
    // The leavers alone pay for the provisioner's rounds.
    expect(result.lambdaInvocationsPerLeaver).toBe(50);
    expect(result.costPerLeaver.stepFunctions).toBeCloseTo(50 * 0.000025);
    expect(result.costPerLeaver.dynamoDb).toBeCloseTo(30 * 128 * 0.25e-6);
  });

  test("summarizeLeavers: a mixed cohort keeps the joiners' own operations off the leavers' row", () => {
    const result = summarizeLeavers(leaverObservation({ kind: 'mixed', provisioner: undefined }));
    expect(result.workspacesApi.accepted).toEqual({ DescribeWorkspaces: 6, StopWorkspaces: 2 });
    expect(result.directoryApi.calls).toEqual({ 'ds-data.DisableUser': 2 });
    expect(result.lambdaInvocationsPerLeaver).toBe(20);
  });

  test("summarizeLeavers: a mixed cohort's DescribeWorkspaces are the leavers' share the provisioner counted", () => {
    const result = summarizeLeavers(
      leaverObservation({ kind: 'mixed', provisioner: undefined, leaverDescribes: 2 }),
    );
    expect(result.workspacesApi.accepted).toEqual({ DescribeWorkspaces: 2, StopWorkspaces: 2 });
    expect(result.workspacesApi.acceptedPerLeaver).toBe(2);
  });

  test('benchLeavers spreads the ALWAYS_ON share evenly, exactly for any size', () => {
    const count = (n: number, share: number) =>
      benchLeavers(n, share).filter((l) => l.runningMode === 'ALWAYS_ON').length;
    expect(count(1000, 0.3)).toBe(300);
    expect(count(10, 0.3)).toBe(3);
    expect(count(10, 0)).toBe(0);
    expect(count(7, 1)).toBe(7);
    expect(new Set(benchLeavers(100, 0.3).map((l) => l.userName)).size).toBe(100);
  });

  test('the leaver tables and targets', () => {
    const result = summarizeLeavers(leaverObservation());
    expect(leaverTable([result]).split('\n')).toHaveLength(3);
    expect(leaverCallsTable([result])).toContain('DescribeExecution');
    const checks = leaverTargetChecks(result);
    expect(checks.map((c) => c.met)).toEqual([false, true, false, false, false]);
  });
});
