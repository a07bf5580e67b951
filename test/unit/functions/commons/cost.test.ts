import { costSettingsSchema } from '../../../../functions/commons/config';
import {
  autoStopFromTag,
  billableHours,
  breakEvenHours,
  CostTags,
  daysInMonth,
  decideBillingMode,
  decideUnused,
  isLastDayOfMonth,
  priceOf,
  removalDayOf,
  reviewCost,
  shippedPrices,
  thresholdHours,
  type Usage,
} from '../../../../functions/commons/cost';
import type { FleetWorkspace } from '../../../../functions/commons/fleet';

const standard = 'wsb-8vbljg4r6';
const on = costSettingsSchema.parse({ enabled: true, applyBillingMode: true, removeUnused: true });
const midMonth = new Date('2026-11-20T12:00:00Z');
const lastDay = new Date('2026-11-30T20:00:00Z');

function ws(extra: Partial<FleetWorkspace> = {}, tags: Record<string, string> = {}): FleetWorkspace {
  return {
    workspaceId: 'ws-0000000001',
    directoryId: 'd-906700c0de',
    userName: 'ada',
    state: 'AVAILABLE',
    bundleId: standard,
    computeType: 'STANDARD',
    runningMode: 'AUTO_STOP',
    tags: { 'employee-id': 'E1', 'lifecycle-adopted-at': '2026-01-01T00:00:00Z', ...tags },
    ...extra,
  };
}
/** Usage of `hours` billable hours at the default 1-hour auto-stop: one session. */
const used = (hours: number, lastConnection: string | null = '2026-11-19T10:00:00Z'): Usage => ({
  lastConnection,
  connectedHours: Math.max(0, hours - 1),
  sessions: hours > 0 ? 1 : 0,
});

describe('prices', () => {
  it('StandardBreakEven_IsThe85HoursOfTheCostOptimizer', () => {
    const price = shippedPrices.byBundle[standard];
    expect(breakEvenHours(price)).toBeCloseTo(84.17, 2);
    expect(thresholdHours(price)).toBe(85);
    expect(thresholdHours(shippedPrices.byComputeType.VALUE)).toBe(81);
  });
  it('ConfiguredPrice_ReplacesTheShippedOne', () => {
    const settings = costSettingsSchema.parse({
      prices: { byBundle: { [standard]: { monthly: 40, hourlyBase: 10, hourly: 0.3, thresholdHours: 90 } } },
    });
    expect(priceOf(ws(), settings)?.monthly).toBe(40);
    expect(priceOf(ws({ bundleId: 'wsb-unknown00' }), settings)?.monthly).toBe(35);
    expect(priceOf(ws({ bundleId: 'wsb-unknown00', computeType: 'GRAPHICS' }), settings)).toBeUndefined();
  });
  it('BillableHours_AddTheAutoStopTimeoutAfterEachSession', () => {
    expect(billableHours({ lastConnection: null, connectedHours: 10, sessions: 3 }, 2)).toBe(16);
  });
});

describe('UTC months', () => {
  it.each([
    ['2026-02-15T00:00:00Z', 28],
    ['2028-02-15T00:00:00Z', 29],
    ['2026-04-15T00:00:00Z', 30],
    ['2026-12-15T00:00:00Z', 31],
  ])('DaysInMonth_%s_%i', (date, days) => {
    expect(daysInMonth(new Date(date))).toBe(days);
  });
  it('LastDay_IsTheUtcDay_NotTheLocalOne', () => {
    expect(isLastDayOfMonth(new Date('2026-02-28T23:59:59Z'))).toBe(true);
    // 1 March 00:30 in UTC is still 28 February in New York: not the last day in UTC.
    expect(isLastDayOfMonth(new Date('2026-03-01T00:30:00Z'))).toBe(false);
    expect(isLastDayOfMonth(new Date('2028-02-28T12:00:00Z'))).toBe(false);
    expect(isLastDayOfMonth(new Date('2028-02-29T12:00:00Z'))).toBe(true);
  });
  it('RemovalDay_LastOrAFixedDay', () => {
    expect(removalDayOf(new Date('2026-02-03T00:00:00Z'), 'last')).toBe('2026-02-28');
    expect(removalDayOf(new Date('2026-12-03T00:00:00Z'), 'last')).toBe('2026-12-31');
    expect(removalDayOf(new Date('2026-12-03T00:00:00Z'), 15)).toBe('2026-12-15');
  });
});

describe('decideBillingMode', () => {
  const decide = (w: FleetWorkspace, usage: Usage, now = midMonth, dryRun = false, settings = on) =>
    decideBillingMode({ now, ws: w, usage, settings, dryRun });

  it.each([
    [84, undefined],
    [85, 'ALWAYS_ON'],
    [86, 'ALWAYS_ON'],
  ])('HourlyAt%iHours_ToMonthlyFrom85AnyDay', (hours, to) => {
    const d = decide(ws(), used(hours));
    expect(d.to).toBe(to);
    expect(d.outcome).toBe(to ? 'apply' : 'none');
  });
  it.each([
    [84, 'AUTO_STOP'],
    [85, undefined],
  ])('MonthlyAt%iHoursOnTheLastDay_ToHourlyBelow85', (hours, to) => {
    const d = decide(ws({ runningMode: 'ALWAYS_ON' }), used(hours), lastDay);
    expect(d.to).toBe(to);
  });
  it('MonthlyBelowThresholdMidMonth_WaitsForTheLastDay', () => {
    const d = decide(ws({ runningMode: 'ALWAYS_ON' }), used(10));
    expect(d).toMatchObject({ to: 'AUTO_STOP', outcome: 'waiting' });
    expect(d.savings).toBeCloseTo(35 - (9.75 + 0.3 * 10), 2);
  });
  it('NeverUsedMonthly_ToHourlyOnTheLastDay', () => {
    const d = decide(ws({ runningMode: 'ALWAYS_ON' }), used(0, null), lastDay);
    expect(d).toMatchObject({ to: 'AUTO_STOP', outcome: 'apply', hours: 0 });
    expect(d.savings).toBe(25.25);
  });
  it('OptOutTag_NeverChanged', () => {
    const d = decide(ws({}, { [CostTags.OptOut]: '' }), used(200));
    expect(d).toMatchObject({ to: 'ALWAYS_ON', outcome: 'skipped' });
    expect(d.reason).toContain('opt-out');
  });
  it('DryRunOrOff_ReportedNotApplied', () => {
    expect(decide(ws(), used(200), midMonth, true).outcome).toBe('dry-run');
    expect(decide(ws(), used(200), midMonth, false, costSettingsSchema.parse({})).outcome).toBe('off');
  });
  it('MoverRules_NoChangeWithin6HoursOfCreationOrOfTheLastChange', () => {
    const fiveHoursAgo = new Date(midMonth.getTime() - 5 * 3_600_000).toISOString();
    const sevenHoursAgo = new Date(midMonth.getTime() - 7 * 3_600_000).toISOString();
    expect(decide(ws({}, { [CostTags.CreatedAt]: fiveHoursAgo }), used(200)).reason).toContain('created');
    expect(decide(ws({}, { 'lifecycle-compute-up-at': fiveHoursAgo }), used(200)).outcome).toBe('skipped');
    expect(decide(ws({}, { 'lifecycle-compute-up-at': sevenHoursAgo }), used(200)).outcome).toBe('apply');
  });
  it('ChangedThisMonth_NeverBackAndForth', () => {
    const d = decide(
      ws({ runningMode: 'ALWAYS_ON' }, { [CostTags.RunningModeAt]: '2026-11-02T00:00:00Z' }),
      used(3),
      lastDay,
    );
    expect(d).toMatchObject({ outcome: 'skipped', reason: 'running mode already changed this month' });
    const lastMonth = decide(
      ws({ runningMode: 'ALWAYS_ON' }, { [CostTags.RunningModeAt]: '2026-10-31T23:00:00Z' }),
      used(3),
      lastDay,
    );
    expect(lastMonth.outcome).toBe('apply');
  });
  it('NotModifiableState_Skipped', () => {
    expect(decide(ws({ state: 'PENDING' }), used(200)).outcome).toBe('skipped');
  });
  it('ManualMode_NeverChanged', () => {
    expect(decide(ws({ runningMode: 'MANUAL' }), used(200)).to).toBeUndefined();
  });
  it('AutoStopTag_LongerTimeoutCountsMoreHours', () => {
    const usage = { lastConnection: '2026-11-19T10:00:00Z', connectedHours: 60, sessions: 10 };
    expect(decide(ws(), usage).to).toBeUndefined();
    expect(decide(ws({}, { [CostTags.AutoStopMinutes]: '180' }), usage).to).toBe('ALWAYS_ON');
  });
});

describe('autoStopFromTag', () => {
  it.each([
    ['60', 60],
    ['120', 120],
    ['36000', 36000],
  ])('Valid_%s', (value, minutes) => {
    expect(autoStopFromTag({ [CostTags.AutoStopMinutes]: value })).toEqual({ minutes });
  });
  it.each(['0', '30', '90', '36060', 'two hours', '-60', '60.0'])('Invalid_%s', (value) => {
    expect(autoStopFromTag({ [CostTags.AutoStopMinutes]: value }).error).toContain('60-minute steps');
  });
  it('NoTag_Nothing', () => {
    expect(autoStopFromTag({})).toEqual({});
  });
});

describe('decideUnused', () => {
  const decide = (w: FleetWorkspace, usage: Usage, now = midMonth, dryRun = false) =>
    decideUnused({ now, ws: w, usage, settings: on, dryRun });

  it('NeverUsedForNeverUsedDays_WarnedWithTheMonthsLastDay', () => {
    const d = decide(ws(), used(0, null));
    expect(d).toMatchObject({ unused: true, step: 'warn', outcome: 'apply', removalDay: '2026-11-30' });
  });
  it('NeverUsedButNew_NotUnused', () => {
    expect(decide(ws({}, { 'lifecycle-adopted-at': '2026-11-10T00:00:00Z' }), used(0, null)).unused).toBe(
      false,
    );
  });
  it('NeverUsedCreationUnknown_NotActedOn', () => {
    const w = ws();
    delete w.tags['lifecycle-adopted-at'];
    expect(decide(w, used(0, null))).toMatchObject({ unused: false });
  });
  it('IdleForIdleDays_Unused; RecentlyUsed_Not', () => {
    expect(decide(ws(), used(0, '2026-09-01T00:00:00Z')).unused).toBe(true);
    expect(decide(ws(), used(0, '2026-10-01T00:00:00Z')).unused).toBe(false);
  });
  it('WarningTooCloseToTheRemovalDay_NamesNextMonths', () => {
    const d = decide(ws(), used(0, null), new Date('2026-11-27T09:00:00Z'));
    expect(d.removalDay).toBe('2026-12-31');
  });
  it('WarnedAndStillUnusedOnTheRemovalDay_Removed', () => {
    const d = decide(ws({}, { [CostTags.UnusedWarnedAt]: '2026-11-20T12:00:00Z' }), used(0, null), lastDay);
    expect(d).toMatchObject({ step: 'remove', outcome: 'apply' });
  });
  it('WarnedButNotTheRemovalDay_Waits', () => {
    const d = decide(ws({}, { [CostTags.UnusedWarnedAt]: '2026-11-10T12:00:00Z' }), used(0, null));
    expect(d.step).toBeUndefined();
    expect(d.outcome).toBe('waiting');
  });
  it('ConnectedAfterTheWarning_NotUnused', () => {
    const d = decide(
      ws({}, { [CostTags.UnusedWarnedAt]: '2026-11-20T12:00:00Z' }),
      used(2, '2026-11-29T09:00:00Z'),
      lastDay,
    );
    expect(d.unused).toBe(false);
  });
  it('Protected_Skipped', () => {
    const d = decide(ws({}, { 'lifecycle-protect': 'TRUE' }), used(0, null));
    expect(d).toMatchObject({ unused: true, outcome: 'skipped' });
  });
  it('DryRun_Described', () => {
    expect(decide(ws(), used(0, null), midMonth, true).outcome).toBe('dry-run');
  });
});

describe('reviewCost', () => {
  it('GroupsByDepartmentAndBillingMode_WithCaps', () => {
    const settings = costSettingsSchema.parse({ ...on, caps: { billingMode: 1 } });
    const fleet = [
      ws({ workspaceId: 'ws-a' }, { 'employee-id': 'E1' }),
      ws({ workspaceId: 'ws-b' }, { 'employee-id': 'E2' }),
      ws({ workspaceId: 'ws-c', runningMode: 'ALWAYS_ON' }, { 'employee-id': 'E3' }),
    ];
    const review = reviewCost({
      now: lastDay.toISOString(),
      workspaces: fleet,
      usage: { 'ws-a': used(150), 'ws-b': used(150), 'ws-c': used(0, null) },
      departments: { E1: 'Sales', E2: 'Sales', E3: 'Engineering' },
      settings,
      dryRun: false,
    });
    expect(review.billingChanges).toEqual([
      { workspaceId: 'ws-a', runningMode: 'ALWAYS_ON', autoStopMinutes: null },
    ]);
    expect(review.rows[1].billing.outcome).toBe('skipped');
    expect(review.rows[2].billing).toMatchObject({ to: 'AUTO_STOP', outcome: 'skipped' });
    expect(review.byDepartment.map((g) => [g.key, g.workspaces, g.idle])).toEqual([
      ['Engineering', 1, 1],
      ['Sales', 2, 0],
    ]);
    expect(review.byBillingMode.map((g) => g.key)).toEqual(['ALWAYS_ON', 'AUTO_STOP']);
    expect(review.total.costThisMonth).toBe(35 + 2 * (9.75 + 0.3 * 150));
    expect(review.warnings.map((w) => w.workspaceId)).toEqual(['ws-c']);
  });
});
