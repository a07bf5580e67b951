import type { BundlePrice, CostSettings } from './config';
import { profileSchema } from './config';
import type { FleetWorkspace } from './fleet';
import { LeaverTags } from './leaver';
import { Tags } from './workspaces';

/**
 * The fleet review's cost part: what each WorkSpace was used for this month, which billing mode
 * it should have, and whether it is unused. Pure: no AWS call, so every rule is tested directly
 * (`test/unit/functions/commons/cost.test.ts`). Months are UTC months, as AWS bills them: the
 * monthly fee renews at 00:00 UTC on the 1st (WorkSpaces FAQ, "Billing and pricing").
 */

/** Tag keys the cost part reads. */
export const CostTags = {
  /** Any value: the WorkSpace's billing mode is never changed (the Cost Optimizer's `Skip_Convert`). */
  OptOut: 'lifecycle-cost-opt-out',
  /** Minutes of an AUTO_STOP WorkSpace's timeout, validated as a profile's `autoStopTimeoutMinutes`. */
  AutoStopMinutes: 'lifecycle-auto-stop-minutes',
  /**
   * When the running mode was last changed: the mover's key (branch `mover`, `MoverTags.RunningModeAt`),
   * written by it and by the billing change alike, so neither flips a WorkSpace back within the month.
   */
  RunningModeAt: 'lifecycle-running-mode-at',
  /**
   * When the WorkSpace was asked for: the mover's key (branch `mover`, `Tags.CreatedAt`, set by the
   * joiner there); absent on this branch's WorkSpaces, whose age then comes from `lifecycle-adopted-at`.
   */
  CreatedAt: 'lifecycle-created-at',
  /** When the person was warned that their unused WorkSpace will be removed. */
  UnusedWarnedAt: 'lifecycle-unused-warned-at',
} as const;

/**
 * The mover's records of its last ModifyWorkspaceProperties changes (branch `mover`, `MoverTags`):
 * a billing change waits 6 hours after any of them, as AWS's limits count (admin guide, "Modify a
 * WorkSpace": a change reboots and can take up to an hour; no change in a new WorkSpace's first 6 hours).
 */
export const moverChangeTags: readonly string[] = [
  'lifecycle-changed-at',
  'lifecycle-compute-up-at',
  'lifecycle-compute-down-at',
  'lifecycle-root-volume-at',
  'lifecycle-user-volume-at',
  CostTags.RunningModeAt,
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** No change in a new WorkSpace's first 6 hours, nor within 6 hours of the last (admin guide, "Modify a WorkSpace"). */
export const changeQuietMillis = 6 * HOUR;

/**
 * Shipped example prices: AWS's public WorkSpaces pricing page (aws.amazon.com/workspaces/pricing),
 * Region us-east-1, Windows with the license included, USD, as recorded on {@link priceTableDate}.
 * Prices change and differ by Region and operating system: `fleetReview.cost.prices` replaces
 * any entry. The break-evens they give (Value 81 h, Standard 85 h) are the Cost Optimizer's defaults.
 */
export const priceTableDate = '2026-12-02';
export const priceTableSource =
  'https://aws.amazon.com/workspaces/pricing/ (us-east-1, Windows, license included)';
export const shippedPrices: {
  byBundle: Record<string, BundlePrice>;
  byComputeType: Record<string, BundlePrice>;
} = {
  byBundle: {
    'wsb-clj85qzj1': { name: 'Value (Windows, 80/10 GiB)', monthly: 25, hourlyBase: 7.25, hourly: 0.22 },
    'wsb-8vbljg4r6': { name: 'Standard (Windows, 80/50 GiB)', monthly: 35, hourlyBase: 9.75, hourly: 0.3 },
    'wsb-3t36q0xfc': { name: 'Power (Windows, 175/100 GiB)', monthly: 78, hourlyBase: 13, hourly: 0.68 },
  },
  byComputeType: {
    VALUE: { name: 'Value (Windows, 80/10 GiB)', monthly: 25, hourlyBase: 7.25, hourly: 0.22 },
    STANDARD: { name: 'Standard (Windows, 80/50 GiB)', monthly: 35, hourlyBase: 9.75, hourly: 0.3 },
    POWER: { name: 'Power (Windows, 175/100 GiB)', monthly: 78, hourlyBase: 13, hourly: 0.68 },
  },
};

/** The price of a WorkSpace's bundle: configured, then shipped; by bundle id, then compute type. */
export function priceOf(ws: Pick<FleetWorkspace, 'bundleId' | 'computeType'>, settings: CostSettings) {
  const byBundle = { ...shippedPrices.byBundle, ...settings.prices.byBundle };
  const byCompute = { ...shippedPrices.byComputeType, ...settings.prices.byComputeType };
  return (ws.bundleId && byBundle[ws.bundleId]) || (ws.computeType && byCompute[ws.computeType]) || undefined;
}

/** Hours a month at which the hourly bill equals the monthly fee. */
export function breakEvenHours(price: BundlePrice): number {
  return (price.monthly - price.hourlyBase) / price.hourly;
}

/** Hours a month from which monthly billing is chosen: configured, else the break-even rounded up. */
export function thresholdHours(price: BundlePrice): number {
  return price.thresholdHours ?? Math.ceil(breakEvenHours(price));
}

/** What a month of `hours` costs in each mode. */
export function monthCost(price: BundlePrice, mode: string | undefined, hours: number): number {
  return mode === 'ALWAYS_ON' ? price.monthly : price.hourlyBase + price.hourly * hours;
}

/** 00:00 UTC on the 1st of the month of `now`. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** 00:00 UTC on the 1st of the next month: when the monthly fee renews. */
export function nextMonthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** Days in the UTC month of `now`: 28 to 31. */
export function daysInMonth(now: Date): number {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Whether `now` is on the last day of its UTC month. */
export function isLastDayOfMonth(now: Date): boolean {
  return now.getUTCDate() === daysInMonth(now);
}

/** The removal day of `now`'s month (UTC date, `YYYY-MM-DD`). */
export function removalDayOf(now: Date, removalDay: CostSettings['removalDay']): string {
  const day = removalDay === 'last' ? daysInMonth(now) : removalDay;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day)).toISOString().slice(0, 10);
}

/** One WorkSpace's use this month, as ReadConnectionPage and ReadUsageHoursPage read it. */
export interface Usage {
  /** CONNECTED, DISCONNECTED or UNKNOWN (stopped), from DescribeWorkspacesConnectionStatus. */
  connectionState?: string;
  /** The last known user connection (ISO 8601); null: never connected. */
  lastConnection: string | null;
  /** Hours this month in which a user was connected (UserConnected, hourly Maximum >= 1). */
  connectedHours: number;
  /** Sessions this month: runs of consecutive connected hours. */
  sessions: number;
}

/**
 * Hours in use from CloudWatch's `UserConnected` (namespace `AWS/WorkSpaces`, dimension
 * `WorkspaceId`; 1 while a user is connected) at a period of one hour, statistic Maximum: an hour
 * whose maximum is 1 had a user connected in it. A session is a run of consecutive such hours.
 */
export function usageFromMetric(
  timestamps: readonly Date[],
  values: readonly number[],
): Pick<Usage, 'connectedHours' | 'sessions'> {
  const hours = timestamps
    .map((t, i) => ({ hour: Math.floor(t.getTime() / HOUR), value: values[i] ?? 0 }))
    .filter((p) => p.value >= 1)
    .map((p) => p.hour)
    .sort((a, b) => a - b);
  const distinct = [...new Set(hours)];
  const sessions = distinct.filter((h, i) => i === 0 || distinct[i - 1] !== h - 1).length;
  return { connectedHours: distinct.length, sessions };
}

/**
 * Billable hours of the month: connected hours plus, after each session, the AUTO_STOP timeout
 * the WorkSpace keeps running for (as the Cost Optimizer counts them).
 */
export function billableHours(usage: Usage, autoStopHours: number): number {
  return usage.connectedHours + usage.sessions * autoStopHours;
}

/** The auto-stop timeout a tag asks for, checked with the profiles' own rule (60-minute steps, 60 to 36,000). */
export function autoStopFromTag(tags: Record<string, string>): { minutes?: number; error?: string } {
  const raw = tags[CostTags.AutoStopMinutes];
  if (raw === undefined) return {};
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  const parsed = profileSchema.shape.autoStopTimeoutMinutes.safeParse(value);
  if (!parsed.success || parsed.data === undefined)
    return { error: `${CostTags.AutoStopMinutes}="${raw}": must be minutes in 60-minute steps, 60 to 36000` };
  return { minutes: parsed.data };
}

export type CostOutcome = 'apply' | 'dry-run' | 'off' | 'skipped' | 'waiting' | 'none';

/** A billing-mode decision for one WorkSpace. */
export interface BillingDecision {
  from?: string;
  to?: 'ALWAYS_ON' | 'AUTO_STOP';
  hours: number;
  thresholdHours?: number;
  /** USD a month the change saves (estimated from this month's use). */
  savings: number;
  outcome: CostOutcome;
  reason: string;
}

export interface BillingInput {
  now: Date;
  ws: FleetWorkspace;
  usage: Usage;
  settings: CostSettings;
  dryRun: boolean;
}

/** States in which ModifyWorkspaceProperties is accepted (admin guide, "Modify a WorkSpace"). */
const modifiableStates = new Set(['AVAILABLE', 'STOPPED']);

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The billing mode a WorkSpace should have. Hourly to monthly on any day the month's billable hours
 * reach the threshold; monthly to hourly only on the month's last day (UTC), when they stayed below
 * it (the change takes effect at the renewal). Never on an opted-out WorkSpace, never within 6 hours
 * of its creation or of the mover's last change, never twice in a month.
 */
export function decideBillingMode({ now, ws, usage, settings, dryRun }: BillingInput): BillingDecision {
  const price = priceOf(ws, settings);
  const autoStopHours = (autoStopFromTag(ws.tags).minutes ?? 60 * settings.defaultAutoStopHours) / 60;
  const hours = billableHours(usage, autoStopHours);
  if (!price)
    return { from: ws.runningMode, hours, savings: 0, outcome: 'none', reason: 'no price for this bundle' };
  const threshold = thresholdHours(price);
  const base = { from: ws.runningMode, hours, thresholdHours: threshold };
  let to: 'ALWAYS_ON' | 'AUTO_STOP' | undefined;
  let savings = 0;
  if (ws.runningMode === 'AUTO_STOP' && hours >= threshold) {
    to = 'ALWAYS_ON';
    // The rest of the month at this pace, billed monthly instead.
    const elapsed = (now.getTime() - monthStart(now).getTime()) / (daysInMonth(now) * DAY);
    const projected = elapsed > 0 ? hours / elapsed : hours;
    savings = monthCost(price, 'AUTO_STOP', projected) - price.monthly;
  } else if (ws.runningMode === 'ALWAYS_ON' && hours < threshold) {
    to = 'AUTO_STOP';
    savings = price.monthly - monthCost(price, 'AUTO_STOP', hours);
  }
  if (!to) {
    const why =
      ws.runningMode === 'MANUAL'
        ? 'MANUAL running mode: not changed'
        : `${hours} h this month, threshold ${threshold} h: ${ws.runningMode ?? 'unknown'} is right`;
    return { ...base, savings: 0, outcome: 'none', reason: why };
  }
  const decision = { ...base, to, savings: round2(Math.max(0, savings)) };
  const blocked = billingBlock(now, ws, to);
  if (blocked) return { ...decision, outcome: blocked.outcome, reason: blocked.reason };
  if (!settings.applyBillingMode) return { ...decision, outcome: 'off', reason: 'applyBillingMode is off' };
  if (dryRun) return { ...decision, outcome: 'dry-run', reason: 'dry run' };
  return { ...decision, outcome: 'apply', reason: `${hours} h this month, threshold ${threshold} h` };
}

/** Why ModifyWorkspaceProperties must not touch this WorkSpace now, if it must not (any change). */
export function changeBlock(now: Date, ws: FleetWorkspace): string | undefined {
  // The flows change only WorkSpaces tagged with a person (IAM allows no other): adopt it first.
  if (!ws.tags[Tags.EmployeeId]) return 'not adopted: no employee-id tag';
  if (ws.tags[LeaverTags.RemoveAfter]) return 'a leaver is removing it';
  if (!modifiableStates.has(ws.state)) return `${ws.state}: changed only when AVAILABLE or STOPPED`;
  const t = now.getTime();
  const created = Date.parse(ws.tags[CostTags.CreatedAt] ?? '');
  if (t - created < changeQuietMillis) return 'created less than 6 hours ago';
  const changed = moverChangeTags.map((k) => Date.parse(ws.tags[k] ?? '')).filter((v) => !Number.isNaN(v));
  if (changed.some((at) => t - at < changeQuietMillis)) return 'changed less than 6 hours ago';
  return undefined;
}

function billingBlock(
  now: Date,
  ws: FleetWorkspace,
  to: string,
): { outcome: CostOutcome; reason: string } | undefined {
  const skip = (reason: string) => ({ outcome: 'skipped' as const, reason });
  if (ws.tags[CostTags.OptOut] !== undefined) return skip(`opt-out tag ${CostTags.OptOut}`);
  const blocked = changeBlock(now, ws);
  if (blocked) return skip(blocked);
  const modeAt = Date.parse(ws.tags[CostTags.RunningModeAt] ?? '');
  if (modeAt >= monthStart(now).getTime()) return skip('running mode already changed this month');
  if (to === 'AUTO_STOP' && !isLastDayOfMonth(now))
    return { outcome: 'waiting', reason: 'monthly to hourly only on the month’s last day (UTC)' };
  return undefined;
}

/** Whether a WorkSpace is unused, and what happens to it. */
export interface UnusedDecision {
  unused: boolean;
  reason: string;
  /** `warn` today; `remove` (start the leaver's removal) today; or nothing yet. */
  step?: 'warn' | 'remove';
  outcome: CostOutcome;
  /** The removal day the warning names (UTC date). */
  removalDay?: string;
}

export interface UnusedInput {
  now: Date;
  ws: FleetWorkspace;
  usage: Usage;
  settings: CostSettings;
  dryRun: boolean;
}

/**
 * Unused: never connected and made at least `neverUsedDays` ago, or last connected at least
 * `idleDays` ago. The person is warned first, naming the removal day; on the removal day, a
 * WorkSpace warned at least `warningDays` before, still unused and unprotected, goes to the
 * leaver's removal path (grace period, protection tag, re-check, dry run).
 */
export function decideUnused({ now, ws, usage, settings, dryRun }: UnusedInput): UnusedDecision {
  const t = now.getTime();
  const notUnused = (reason: string): UnusedDecision => ({ unused: false, reason, outcome: 'none' });
  let reason: string;
  if (usage.lastConnection === null) {
    const made = Date.parse(ws.tags[CostTags.CreatedAt] ?? ws.tags['lifecycle-adopted-at'] ?? '');
    if (Number.isNaN(made))
      return notUnused('never connected; creation time unknown (no lifecycle-created-at)');
    const days = Math.floor((t - made) / DAY);
    if (days < settings.neverUsedDays) return notUnused(`never connected, made ${days} days ago`);
    reason = `never connected, made ${days} days ago`;
  } else {
    const days = Math.floor((t - Date.parse(usage.lastConnection)) / DAY);
    if (days < settings.idleDays) return notUnused(`last connected ${days} days ago`);
    reason = `last connected ${days} days ago`;
  }
  const base = { unused: true, reason };
  if (ws.tags[LeaverTags.Protect]?.toLowerCase() === 'true')
    return { ...base, outcome: 'skipped', reason: `${reason}; protected (${LeaverTags.Protect})` };
  // The leaver removes only WorkSpaces tagged with their person: an untagged one is adopted first.
  if (!ws.tags[Tags.EmployeeId])
    return { ...base, outcome: 'skipped', reason: `${reason}; not adopted: no employee-id tag` };
  if (ws.tags[LeaverTags.RemoveAfter])
    return { ...base, outcome: 'skipped', reason: `${reason}; a leaver is removing it` };
  const today = now.toISOString().slice(0, 10);
  const thisMonth =
    removalDayOf(now, settings.removalDay) >= today
      ? removalDayOf(now, settings.removalDay)
      : removalDayOf(nextMonthStart(now), settings.removalDay);
  const warnedAt = Date.parse(ws.tags[CostTags.UnusedWarnedAt] ?? '');
  // A connection after the warning voids it: warned again if unused again.
  const warned =
    !Number.isNaN(warnedAt) && (usage.lastConnection === null || Date.parse(usage.lastConnection) < warnedAt);
  let step: 'warn' | 'remove' | undefined;
  let removalDay = thisMonth;
  if (!warned) {
    step = 'warn';
    // The warning gives at least warningDays: a removal day closer than that moves to next month's.
    if (Date.parse(`${thisMonth}T00:00:00Z`) - t < settings.warningDays * DAY)
      removalDay = removalDayOf(nextMonthStart(now), settings.removalDay);
  } else if (today === thisMonth && t - warnedAt >= settings.warningDays * DAY) {
    step = 'remove';
  }
  if (!step)
    return {
      ...base,
      outcome: 'waiting',
      reason: `${reason}; warned, removal day ${thisMonth}`,
      removalDay: thisMonth,
    };
  if (!settings.removeUnused)
    return { ...base, step, removalDay, outcome: 'off', reason: `${reason}; removeUnused is off` };
  if (dryRun) return { ...base, step, removalDay, outcome: 'dry-run', reason: `${reason}; dry run` };
  return { ...base, step, removalDay, outcome: 'apply' };
}

/** One WorkSpace's line of the cost report. */
export interface CostRow {
  workspaceId: string;
  userName: string;
  employeeId?: string;
  department: string;
  runningMode: string;
  state: string;
  connectionState?: string;
  lastConnection: string | null;
  connectedHours: number;
  billableHours: number;
  /** Estimated USD this month in the current mode; undefined: no price. */
  costThisMonth?: number;
  autoStopMinutes?: number;
  autoStopError?: string;
  billing: BillingDecision;
  unused: UnusedDecision;
}

/** Totals of a group of WorkSpaces (a department, a billing mode, the fleet). */
export interface CostGroup {
  key: string;
  workspaces: number;
  billableHours: number;
  costThisMonth: number;
  savingsRecommended: number;
  savingsApplied: number;
  idle: number;
}

export interface CostReview {
  month: string;
  lastDayOfMonth: boolean;
  rows: CostRow[];
  byDepartment: CostGroup[];
  byBillingMode: CostGroup[];
  total: CostGroup;
  /** Billing changes to make now (outcome `apply`), within the cap. */
  billingChanges: {
    workspaceId: string;
    runningMode: 'ALWAYS_ON' | 'AUTO_STOP';
    autoStopMinutes: number | null;
  }[];
  /** People to warn now, and WorkSpaces whose removal starts now (outcome `apply`), within the cap. */
  warnings: {
    workspaceId: string;
    userName: string;
    employeeId?: string;
    removalDay: string;
    reason: string;
  }[];
  removals: { workspaceId: string; userName: string; employeeId: string; reason: string; warnedAt: string }[];
  /** Per-WorkSpace auto-stop timeouts the tag asks for and the WorkSpace does not have yet. */
  autoStops: { workspaceId: string; minutes: number }[];
}

export interface CostReviewInput {
  now: string;
  workspaces: FleetWorkspace[];
  usage: Record<string, Usage>;
  /** Department by employee id (the roster's), else the WorkSpace's `department` tag. */
  departments: Record<string, string>;
  settings: CostSettings;
  dryRun: boolean;
}

const noUsage: Usage = { lastConnection: null, connectedHours: 0, sessions: 0 };

/** Joins the fleet with its usage: a decision per WorkSpace, the caps, and the totals the report shows. */
export function reviewCost(input: CostReviewInput): CostReview {
  const now = new Date(input.now);
  const { settings, dryRun } = input;
  const rows: CostRow[] = [];
  const out: CostReview = {
    month: input.now.slice(0, 7),
    lastDayOfMonth: isLastDayOfMonth(now),
    rows,
    byDepartment: [],
    byBillingMode: [],
    total: group('all'),
    billingChanges: [],
    warnings: [],
    removals: [],
    autoStops: [],
  };
  for (const ws of input.workspaces) {
    if (ws.state === 'TERMINATING' || ws.state === 'TERMINATED') continue;
    const usage = input.usage[ws.workspaceId] ?? noUsage;
    const autoStop = autoStopFromTag(ws.tags);
    const price = priceOf(ws, settings);
    const autoStopHours = (autoStop.minutes ?? 60 * settings.defaultAutoStopHours) / 60;
    const hours = billableHours(usage, autoStopHours);
    const billing = decideBillingMode({ now, ws, usage, settings, dryRun });
    const unused = decideUnused({ now, ws, usage, settings, dryRun });
    const employeeId = ws.tags[Tags.EmployeeId];
    const row: CostRow = {
      workspaceId: ws.workspaceId,
      userName: ws.userName,
      employeeId,
      department: (employeeId && input.departments[employeeId]) || ws.tags.department || 'unknown',
      runningMode: ws.runningMode ?? 'unknown',
      state: ws.state,
      connectionState: usage.connectionState,
      lastConnection: usage.lastConnection,
      connectedHours: usage.connectedHours,
      billableHours: hours,
      costThisMonth: price && round2(monthCost(price, ws.runningMode, hours)),
      autoStopMinutes: autoStop.minutes,
      autoStopError: autoStop.error,
      billing,
      unused,
    };
    if (billing.outcome === 'apply') {
      if (out.billingChanges.length < settings.caps.billingMode)
        out.billingChanges.push({
          workspaceId: ws.workspaceId,
          runningMode: billing.to as 'ALWAYS_ON' | 'AUTO_STOP',
          autoStopMinutes: billing.to === 'AUTO_STOP' ? (autoStop.minutes ?? 60) : null,
        });
      else
        row.billing = {
          ...billing,
          outcome: 'skipped',
          reason: `cap of ${settings.caps.billingMode} per run reached`,
        };
    }
    if (unused.outcome === 'apply' && unused.step === 'warn') {
      out.warnings.push({
        workspaceId: ws.workspaceId,
        userName: ws.userName,
        employeeId,
        removalDay: unused.removalDay as string,
        reason: unused.reason,
      });
    } else if (unused.outcome === 'apply' && unused.step === 'remove') {
      if (out.removals.length < settings.caps.removeUnused)
        out.removals.push({
          workspaceId: ws.workspaceId,
          userName: ws.userName,
          employeeId: employeeId as string,
          reason: unused.reason,
          warnedAt: new Date(Date.parse(ws.tags[CostTags.UnusedWarnedAt] ?? '')).toISOString(),
        });
      else
        row.unused = {
          ...unused,
          outcome: 'skipped',
          reason: `cap of ${settings.caps.removeUnused} per run reached`,
        };
    }
    // The tag's timeout, where the WorkSpace's differs and no billing change sets it already.
    if (
      autoStop.minutes !== undefined &&
      ws.runningMode === 'AUTO_STOP' &&
      ws.autoStopTimeoutMinutes !== autoStop.minutes &&
      settings.applyBillingMode &&
      !dryRun &&
      row.billing.outcome !== 'apply' &&
      changeBlock(now, ws) === undefined
    )
      out.autoStops.push({ workspaceId: ws.workspaceId, minutes: autoStop.minutes });
    rows.push(row);
  }
  const groups = (key: (r: CostRow) => string) => {
    const map = new Map<string, CostGroup>();
    for (const r of rows) {
      const k = key(r);
      const g = map.get(k) ?? group(k);
      add(g, r);
      map.set(k, g);
    }
    return [...map.values()].sort((a, b) => a.key.localeCompare(b.key)).map(rounded);
  };
  out.byDepartment = groups((r) => r.department);
  out.byBillingMode = groups((r) => r.runningMode);
  for (const r of rows) add(out.total, r);
  out.total = rounded(out.total);
  return out;
}

function group(key: string): CostGroup {
  return {
    key,
    workspaces: 0,
    billableHours: 0,
    costThisMonth: 0,
    savingsRecommended: 0,
    savingsApplied: 0,
    idle: 0,
  };
}

function add(g: CostGroup, r: CostRow): void {
  g.workspaces++;
  g.billableHours += r.billableHours;
  g.costThisMonth += r.costThisMonth ?? 0;
  if (r.billing.to && r.billing.outcome !== 'skipped') g.savingsRecommended += r.billing.savings;
  if (r.billing.outcome === 'apply') g.savingsApplied += r.billing.savings;
  if (r.unused.unused) g.idle++;
}

function rounded(g: CostGroup): CostGroup {
  return {
    ...g,
    costThisMonth: round2(g.costThisMonth),
    savingsRecommended: round2(g.savingsRecommended),
    savingsApplied: round2(g.savingsApplied),
  };
}
