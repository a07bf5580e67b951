import {
  type CohortObservation,
  costPerJoiner,
  lowerBound,
  percentile,
  summarize,
} from '../../bench/metrics';
import { chartSvg, cohortTable, duration, ratios, targetChecks } from '../../bench/report';

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
