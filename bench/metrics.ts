import type { ProvisionerSettings } from '../functions/commons/config';

/**
 * The figures of one benchmark cohort, computed from what the sandbox observed. Pure: no
 * sandbox, no clock, so the arithmetic is tested on its own.
 */

/** How a cohort process marks the one line of figures it prints. */
export const resultPrefix = 'BENCH_RESULT ';

/** Which flow ran the cohort: the project's state machine, or the polling loop kept in `bench/`. */
export type Flow = 'ours' | 'baseline';

/** What the cohort run saw of one joiner, in simulated epoch milliseconds. */
export interface JoinerObservation {
  userName: string;
  /** When the HR event went onto the bus (ours) or the loop started for this joiner (baseline). */
  eventAt: number;
  /** When the emulator created the WorkSpace. */
  createdAt?: number;
  /** When the WorkSpace first became AVAILABLE. */
  availableAt?: number;
  /** When the welcome email was accepted by SES. */
  welcomeAt?: number;
}

/** The provisioner settings the sweep varies. */
export type SweptSettings = Pick<ProvisionerSettings, 'firstLookSeconds' | 'callsPerSecond'>;

/** What a cohort's observation and its figures share: how it ran and how its joiners ended. */
interface CohortRun {
  flow: Flow;
  size: number;
  seed: number;
  timeScale: number;
  provisioner?: SweptSettings;
  realSeconds: number;
  /** Event loop delay in real milliseconds: how far the process fell behind its timers. */
  eventLoopDelayMs: { p99: number; max: number };
  /**
   * Simulated seconds from the first event until the last joiner's flow started (ours: the last
   * execution's start; baseline: 0). Real CPU work is not compressed, so a busy machine spreads
   * the Monday-morning burst out, which eases the API budget: compare runs only when this is small.
   */
  startSpreadSeconds: number;
  /** Per outcome: SUCCEEDED, FAILED, TIMED_OUT, ABORTED, RUNNING (ours), or the baseline's. */
  outcomes: Record<string, number>;
  /** Why joiners failed: the error name and how often. */
  failureReasons: Record<string, number>;
  /** The first cause seen for each failure reason. */
  failureSamples?: Record<string, string>;
  /** Baseline only: SDK calls that still failed after the SDK's own retries, per operation. */
  sdkGaveUp?: Record<string, number>;
  /** Rejections nobody awaited in the cohort's process (the sandbox's, under load), and the first. */
  unhandledRejections?: { count: number; first: string };
}

/** Everything a cohort run collects, before any figure is computed. */
export interface CohortObservation extends CohortRun {
  joiners: JoinerObservation[];
  /** WorkSpaces requests the emulator answered, throttled ones included, per operation. */
  apiCalls: Record<string, number>;
  /** ThrottlingException answers per operation. */
  throttled: Record<string, number>;
  /** Step Functions state transitions, retries included (ours only). */
  transitions: number;
  /**
   * Lambda invocations: task states and their retries, one dispatcher run per HR event, and the
   * provisioner's rounds (ours only).
   */
  lambdaInvocations: number;
  /** Seconds the provisioner's rounds ran (billed Lambda duration; they wait to pace their calls). */
  provisionerSeconds?: number;
  /** DynamoDB requests on the provisioning queue: item writes and deletes, and Scan pages (ours only). */
  queueWrites?: number;
  queueScans?: number;
  provisionerRounds?: ProvisionerRounds;
  /** Events put on any bus: HR events in, lifecycle events out. */
  events: number;
  emails: number;
  snsPublishes: number;
}

/** The provisioner's rounds in a run (ours only): how long they took and how much they read. */
export interface ProvisionerRounds {
  rounds: number;
  /** Rounds skipped because the previous one still ran, and rounds that threw. */
  skipped: number;
  failed: number;
  /** Simulated seconds per round. */
  roundSeconds: Spread;
  /** Scan pages of the queue in the whole run, and in the busiest simulated minute (about a round). */
  scanPages: number;
  peakScanPagesPerMinute: number;
  /** The largest queue sampled (once a simulated minute): items, and their size as JSON. */
  peakQueueItems: number;
  peakQueueJsonBytes: number;
}

/** p50 / p95 / max of a set of durations, in simulated seconds. */
export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

/**
 * Published prices (us-east-1) and the assumptions behind the cost per joiner.
 * WorkSpaces API calls and Directory Service Data calls carry no charge of their own.
 */
export const prices = {
  /** Step Functions Standard, per state transition ($0.025 per 1,000). */
  stepFunctionsTransition: 0.025 / 1000,
  /** Lambda, per request ($0.20 per 1M). */
  lambdaRequest: 0.2 / 1_000_000,
  /** Lambda arm64, per GB-second (first 7.5 billion GB-s a month). */
  lambdaArmGbSecond: 0.0000133334,
  /** Assumed billed duration of one task invocation: one AWS call plus a warm start's overhead. */
  assumedLambdaSeconds: 0.2,
  /** Memory of every task function. */
  lambdaGb: 0.25,
  /** DynamoDB on-demand, per write request unit ($1.25 per 1M); a queue item is under 1 KB. */
  dynamoWrite: 1.25 / 1_000_000,
  /**
   * DynamoDB on-demand, per read request unit ($0.25 per 1M). A Scan page reads at most 1 MB,
   * 128 units eventually consistent: each page is counted as a full one, an upper bound.
   */
  dynamoRead: 0.25 / 1_000_000,
  dynamoReadUnitsPerScanPage: 128,
  /** EventBridge custom events, per event put ($1.00 per 1M). */
  eventBridgeEvent: 1 / 1_000_000,
  /** SES outbound email, per message ($0.10 per 1,000). */
  sesEmail: 0.1 / 1000,
  /** SNS publish, per request ($0.50 per 1M); only failures alert. */
  snsPublish: 0.5 / 1_000_000,
} as const;

export interface Cost {
  stepFunctions: number;
  lambda: number;
  dynamoDb: number;
  eventBridge: number;
  ses: number;
  sns: number;
  total: number;
}

/** The figures of one cohort, as printed and written to the results file. */
export interface CohortResult extends CohortRun {
  succeeded: number;
  /** Joiners that got no welcome email: failed, timed out, aborted or still running. */
  failed: number;
  /** First event to last welcome email, simulated seconds (of the joiners who got one). */
  makespanSeconds: number;
  lowerBound: LowerBound;
  makespanRatio: number;
  /** From the joiner's event to their welcome email. */
  timeToReady: Spread;
  /** From the WorkSpace becoming AVAILABLE to the welcome email. */
  detectionLag: Spread;
  /** Provisioning times the emulator drew (availableAt - createdAt). */
  provisioning: { min: number; mean: number; max: number };
  workspacesApi: {
    /** Answered without throttling, per operation. */
    accepted: Record<string, number>;
    throttled: Record<string, number>;
    acceptedPerJoiner: number;
    throttledPerJoiner: number;
  };
  lambdaInvocationsPerJoiner: number;
  transitionsPerJoiner: number;
  eventsPerJoiner: number;
  emailsPerJoiner: number;
  costPerJoiner: Cost;
  provisionerRounds?: ProvisionerRounds;
}

export interface LowerBound {
  /** The fewest CreateWorkspaces calls (25 WorkSpaces each) at 2 calls per second. */
  createCallsSeconds: number;
  /** The longest provisioning time drawn in this run. */
  longestProvisioningSeconds: number;
  seconds: number;
}

/** WorkSpaces requests per CreateWorkspaces call, and the account's steady API rate. */
export const createBatchSize = 25;
export const apiCallsPerSecond = 2;

/**
 * LB = ceil(N / 25) / 2 s + the longest provisioning time drawn. No flow can finish sooner: the
 * WorkSpaces need at least ceil(N / 25) CreateWorkspaces calls at 2 per second, and the slowest
 * WorkSpace takes its provisioning time after its call. (The burst of 5 could save up to 2.5 s,
 * nothing against provisioning; the bound also leaves out the seconds before the first call and
 * after AVAILABLE, so it is generous to any flow.)
 */
export function lowerBound(size: number, provisioningSeconds: number[]): LowerBound {
  const createCallsSeconds = Math.ceil(size / createBatchSize) / apiCallsPerSecond;
  const longestProvisioningSeconds = provisioningSeconds.length > 0 ? Math.max(...provisioningSeconds) : 0;
  return {
    createCallsSeconds,
    longestProvisioningSeconds,
    seconds: createCallsSeconds + longestProvisioningSeconds,
  };
}

/** The nearest-rank percentile (0 < p <= 100) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function spread(values: readonly number[]): Spread {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length > 0 ? Math.max(...values) : 0,
  };
}

/** Cost per joiner from per-joiner counts and {@link prices}. */
export function costPerJoiner(perJoiner: {
  transitions: number;
  lambdaInvocations: number;
  provisionerSeconds: number;
  queueWrites: number;
  queueScans: number;
  events: number;
  emails: number;
  snsPublishes: number;
}): Cost {
  const stepFunctions = perJoiner.transitions * prices.stepFunctionsTransition;
  // Task invocations at the assumed duration; the provisioner's rounds at their measured one.
  const lambda =
    perJoiner.lambdaInvocations *
      (prices.lambdaRequest + prices.assumedLambdaSeconds * prices.lambdaGb * prices.lambdaArmGbSecond) +
    perJoiner.provisionerSeconds * prices.lambdaGb * prices.lambdaArmGbSecond;
  const dynamoDb =
    perJoiner.queueWrites * prices.dynamoWrite +
    perJoiner.queueScans * prices.dynamoReadUnitsPerScanPage * prices.dynamoRead;
  const eventBridge = perJoiner.events * prices.eventBridgeEvent;
  const ses = perJoiner.emails * prices.sesEmail;
  const sns = perJoiner.snsPublishes * prices.snsPublish;
  return {
    stepFunctions,
    lambda,
    dynamoDb,
    eventBridge,
    ses,
    sns,
    total: stepFunctions + lambda + dynamoDb + eventBridge + ses + sns,
  };
}

const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
const seconds = (ms: number) => ms / 1000;

/** Computes a cohort's figures from its observation. */
export function summarize(observation: CohortObservation): CohortResult {
  const { joiners, size } = observation;
  const done = joiners.filter((j) => j.welcomeAt !== undefined);
  const firstEvent = Math.min(...joiners.map((j) => j.eventAt));
  const lastWelcome = done.length > 0 ? Math.max(...done.map((j) => j.welcomeAt ?? 0)) : firstEvent;
  const provisioning = joiners.flatMap((j) =>
    j.createdAt !== undefined && j.availableAt !== undefined ? [seconds(j.availableAt - j.createdAt)] : [],
  );
  const bound = lowerBound(size, provisioning);
  const makespanSeconds = seconds(lastWelcome - firstEvent);
  const accepted = Object.fromEntries(
    Object.entries(observation.apiCalls).map(([op, n]) => [op, n - (observation.throttled[op] ?? 0)]),
  );
  const perJoiner = (n: number) => n / size;
  const counts = {
    transitions: perJoiner(observation.transitions),
    lambdaInvocations: perJoiner(observation.lambdaInvocations),
    provisionerSeconds: perJoiner(observation.provisionerSeconds ?? 0),
    queueWrites: perJoiner(observation.queueWrites ?? 0),
    queueScans: perJoiner(observation.queueScans ?? 0),
    events: perJoiner(observation.events),
    emails: perJoiner(observation.emails),
    snsPublishes: perJoiner(observation.snsPublishes),
  };
  return {
    flow: observation.flow,
    size,
    seed: observation.seed,
    timeScale: observation.timeScale,
    ...(observation.provisioner ? { provisioner: observation.provisioner } : {}),
    realSeconds: observation.realSeconds,
    eventLoopDelayMs: observation.eventLoopDelayMs,
    startSpreadSeconds: observation.startSpreadSeconds,
    succeeded: done.length,
    failed: size - done.length,
    outcomes: observation.outcomes,
    failureReasons: observation.failureReasons,
    ...(observation.failureSamples ? { failureSamples: observation.failureSamples } : {}),
    makespanSeconds,
    lowerBound: bound,
    makespanRatio: bound.seconds > 0 ? makespanSeconds / bound.seconds : 0,
    timeToReady: spread(done.map((j) => seconds((j.welcomeAt ?? 0) - j.eventAt))),
    detectionLag: spread(
      done.flatMap((j) => (j.availableAt !== undefined ? [seconds((j.welcomeAt ?? 0) - j.availableAt)] : [])),
    ),
    provisioning: {
      min: provisioning.length > 0 ? Math.min(...provisioning) : 0,
      mean: provisioning.length > 0 ? provisioning.reduce((a, b) => a + b, 0) / provisioning.length : 0,
      max: bound.longestProvisioningSeconds,
    },
    workspacesApi: {
      accepted,
      throttled: { ...observation.throttled },
      acceptedPerJoiner: perJoiner(sum(accepted)),
      throttledPerJoiner: perJoiner(sum(observation.throttled)),
    },
    lambdaInvocationsPerJoiner: counts.lambdaInvocations,
    transitionsPerJoiner: counts.transitions,
    eventsPerJoiner: counts.events,
    emailsPerJoiner: counts.emails,
    costPerJoiner: costPerJoiner(counts),
    ...(observation.sdkGaveUp ? { sdkGaveUp: observation.sdkGaveUp } : {}),
    ...(observation.provisionerRounds ? { provisionerRounds: observation.provisionerRounds } : {}),
  };
}

/** Which people a cohort sends: joiners (the Monday-morning cohort), leavers, or both at once. */
export type CohortKind = 'joiners' | 'leavers' | 'mixed';

/** What a leaver cohort saw of one leaver, in simulated epoch milliseconds. */
export interface LeaverObservation {
  userName: string;
  runningMode: 'AUTO_STOP' | 'ALWAYS_ON';
  /** When the "Employee Left" event went onto the bus. */
  eventAt: number;
  /** When access was due to be cut: the event (`immediate`) or the end of the last working day. */
  dueAt: number;
  /** When the emulator disabled the directory user (`ds-data.DisableUser`). */
  disabledAt?: number;
  /** When the WorkSpace first reached STOPPED after `dueAt`. */
  stoppedAt?: number;
  /** The end of the grace period: `dueAt` plus the grace. */
  removeAt: number;
  /** When the WorkSpace's id disappeared from the emulator (TERMINATED, then gone). */
  goneAt?: number;
  /** When the leaver's execution ended, for one that SUCCEEDED: the removal confirmed. */
  endedAt?: number;
}

/** The simulated durations that shape the leaver's lower bounds: the emulator's defaults. */
export const leaverTimings = {
  /** STOPPING to STOPPED. */
  stopSeconds: 60,
  /** TERMINATING to TERMINATED, then TERMINATED shown until the id disappears. */
  terminateSeconds: 180,
  terminatedVisibleSeconds: 60,
  /** The account's WorkSpaces API bucket: bursts of 5 at once, then 2 a second. */
  burst: 5,
} as const;

/** Everything a leaver (or mixed) cohort run collects, before any figure is computed. */
export interface LeaverCohortObservation {
  kind: 'leavers' | 'mixed';
  size: number;
  seed: number;
  timeScale: number;
  realSeconds: number;
  eventLoopDelayMs: { p99: number; max: number };
  /** Simulated seconds from the first event until the last leaver's flow started. */
  startSpreadSeconds: number;
  /** Leavers sent with a `lastWorkingDay` that ends shortly after, instead of `immediate: true`. */
  lastDay: boolean;
  graceSeconds: number;
  alwaysOnShare: number;
  leavers: LeaverObservation[];
  /** Leaver executions per outcome. */
  outcomes: Record<string, number>;
  failureReasons: Record<string, number>;
  failureSamples?: Record<string, string>;
  /** Requests per `service.Operation` from the first event on (the seeding left out), every service. */
  apiCalls: Record<string, number>;
  throttled: Record<string, number>;
  /** State transitions and Lambda invocations of the leaver executions (and their dispatches). */
  transitions: number;
  lambdaInvocations: number;
  /** The provisioner's rounds: counted for the leavers when they run alone, for the joiners in a mix. */
  provisioner?: {
    rounds: number;
    seconds: number;
    roundSeconds: Spread;
    queueScans: number;
    queueWrites: number;
  };
  /** Events put on any bus for the leavers: HR events in, lifecycle events out. */
  events: number;
  emails: number;
  snsPublishes: number;
  /** Mixed cohort: the joiners' figures, as the joiner cohorts report them. */
  joiners?: CohortResult;
  /** DescribeWorkspaces calls the provisioner made for the leavers (its round reports), when known. */
  leaverDescribes?: number;
}

/** Lower bounds of the leaver figures, in simulated seconds (see {@link leaverLowerBounds}). */
export interface LeaverLowerBounds {
  accessCutSeconds: number;
  stoppedP95Seconds: number;
  stoppedMaxSeconds: number;
  removedP95Seconds: number;
  removedMaxSeconds: number;
}

/** Simulated seconds at which the j-th (from 1) call of a burst can be made: 5 at once, then 2 a second. */
export function callAt(j: number): number {
  return Math.max(0, j - leaverTimings.burst) / apiCallsPerSecond;
}

/** The nearest rank of the p-th percentile among n, as {@link percentile} takes it. */
const rankOf = (n: number, p: number) => Math.max(1, Math.ceil((p / 100) * n));

/**
 * Lower bounds for N leavers, `alwaysOn` of them ALWAYS_ON, any design:
 * - access cut: one DisableUser each, and the emulator does not limit Directory Service Data, so 0;
 * - stopped (k-th WorkSpace, k = p95 rank or N): StopWorkspaces takes 25 ids, but an ALWAYS_ON one
 *   needs its own ModifyWorkspaceProperties first, so at best the AUTO_STOP ones go first and
 *   calls(k) = ceil(k / 25) + max(0, k - autoStop); the last of them at {@link callAt}, plus
 *   STOPPING -> STOPPED (60 s);
 * - removed after grace (k-th): ceil(k / 25) TerminateWorkspaces from the grace end, plus
 *   TERMINATING -> TERMINATED -> gone (180 + 60 s).
 * Finding the WorkSpaces and checking their tags is left out, so the bounds are generous.
 */
export function leaverLowerBounds(size: number, alwaysOn: number): LeaverLowerBounds {
  const autoStop = size - alwaysOn;
  const stopCalls = (k: number) => Math.ceil(k / stopBatchSize) + Math.max(0, k - autoStop);
  const stopped = (k: number) => (k > 0 ? callAt(stopCalls(k)) + leaverTimings.stopSeconds : 0);
  const gone = leaverTimings.terminateSeconds + leaverTimings.terminatedVisibleSeconds;
  const removed = (k: number) => (k > 0 ? callAt(Math.ceil(k / stopBatchSize)) + gone : 0);
  const p95 = rankOf(size, 95);
  return {
    accessCutSeconds: 0,
    stoppedP95Seconds: stopped(p95),
    stoppedMaxSeconds: stopped(size),
    removedP95Seconds: removed(p95),
    removedMaxSeconds: removed(size),
  };
}

/** WorkSpaces ids per StopWorkspaces and TerminateWorkspaces call. */
export const stopBatchSize = 25;

/** The figures of one leaver (or mixed) cohort, as printed and written to the results file. */
export interface LeaverCohortResult {
  kind: 'leavers' | 'mixed';
  size: number;
  seed: number;
  timeScale: number;
  realSeconds: number;
  eventLoopDelayMs: { p99: number; max: number };
  startSpreadSeconds: number;
  lastDay: boolean;
  graceSeconds: number;
  alwaysOnShare: number;
  alwaysOn: number;
  /** Leaver executions that SUCCEEDED. */
  succeeded: number;
  /** Leaver executions that did not succeed (failed, timed out, aborted, still running, not started). */
  failed: number;
  outcomes: Record<string, number>;
  failureReasons: Record<string, number>;
  failureSamples?: Record<string, string>;
  /** From when access was due to the directory user disabled; `missing` never were. */
  accessCut: Spread & { missing: number };
  /** From when access was due to the WorkSpace STOPPED. */
  stopped: Spread & { missing: number };
  /** From the grace end to the WorkSpace gone. */
  removedAfterGrace: Spread & { missing: number };
  /** From the grace end to the leaver's execution ending in success (removal confirmed). */
  removalConfirmed: Spread & { missing: number };
  lowerBounds: LeaverLowerBounds;
  workspacesApi: {
    /** Answered without throttling, per operation (a mixed cohort's joiners' calls included). */
    accepted: Record<string, number>;
    throttled: Record<string, number>;
    acceptedPerLeaver: number;
    throttledPerLeaver: number;
  };
  /** Directory Service Data (`ds-data.*`) and Directory Service (`ds.*`) requests per operation. */
  directoryApi: { calls: Record<string, number>; perLeaver: number };
  /** Resource Groups Tagging API calls (GetResources: tag reads, 100 WorkSpaces each), outside the WorkSpaces budget. */
  taggingApi: { calls: Record<string, number>; perLeaver: number };
  /** Step Functions requests per operation (`ListExecutions`, `DescribeExecution`, ...). */
  stepFunctionsApi: { calls: Record<string, number>; perLeaver: Record<string, number> };
  transitionsPerLeaver: number;
  lambdaInvocationsPerLeaver: number;
  eventsPerLeaver: number;
  costPerLeaver: Cost;
  provisioner?: LeaverCohortObservation['provisioner'];
  joiners?: CohortResult;
  /** Rejections nobody awaited in the cohort's process (the sandbox's, under load), and the first. */
  unhandledRejections?: { count: number; first: string };
}

/** Operations only joiners call: WorkSpaces ones by name, Directory Service ones by `service.Operation`. */
export const joinerOnlyOperations: readonly string[] = [
  'CreateWorkspaces',
  'DescribeWorkspaceDirectories',
  'ds-data.CreateUser',
  'ds-data.UpdateUser',
  'ds.ResetUserPassword',
];

/** `service.Operation` counts of one service, keyed by operation. */
export function callsOf(
  record: Readonly<Record<string, number>>,
  ...services: string[]
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(record)) {
    const dot = key.indexOf('.');
    if (services.includes(key.slice(0, dot))) out[services.length > 1 ? key : key.slice(dot + 1)] = n;
  }
  return out;
}

/** A spread of the durations present, and how many were missing. */
function spreadOf(values: ReadonlyArray<number | undefined>): Spread & { missing: number } {
  const present = values.filter((v): v is number => v !== undefined);
  return { ...spread(present), missing: values.length - present.length };
}

/** Computes a leaver cohort's figures from its observation. */
export function summarizeLeavers(observation: LeaverCohortObservation): LeaverCohortResult {
  const { leavers, size } = observation;
  const since = (at: number | undefined, from: number) => (at === undefined ? undefined : seconds(at - from));
  const alwaysOn = leavers.filter((l) => l.runningMode === 'ALWAYS_ON').length;
  const workspaces = callsOf(observation.apiCalls, 'workspaces');
  const throttled = callsOf(observation.throttled, 'workspaces');
  const accepted = Object.fromEntries(
    Object.entries(workspaces).map(([op, n]) => [op, n - (throttled[op] ?? 0)]),
  );
  const leaverThrottled = { ...throttled };
  const directory = callsOf(observation.apiCalls, 'ds-data', 'ds');
  // A mixed cohort's joiner-only operations stay off the leavers' row (DescribeWorkspaces, which
  // both sides call, stays on it).
  if (observation.kind === 'mixed') {
    for (const op of joinerOnlyOperations) {
      delete accepted[op];
      delete leaverThrottled[op];
      delete directory[op];
    }
    // DescribeWorkspaces, which both sides call: the leavers' share, as the provisioner counted it.
    if (observation.leaverDescribes !== undefined) accepted.DescribeWorkspaces = observation.leaverDescribes;
  }
  const sfn = callsOf(observation.apiCalls, 'states');
  const tagging = callsOf(observation.apiCalls, 'tagging');
  const perLeaver = (n: number) => n / size;
  const provisioner = observation.provisioner;
  const succeeded = observation.outcomes.SUCCEEDED ?? 0;
  return {
    kind: observation.kind,
    size,
    seed: observation.seed,
    timeScale: observation.timeScale,
    realSeconds: observation.realSeconds,
    eventLoopDelayMs: observation.eventLoopDelayMs,
    startSpreadSeconds: observation.startSpreadSeconds,
    lastDay: observation.lastDay,
    graceSeconds: observation.graceSeconds,
    alwaysOnShare: observation.alwaysOnShare,
    alwaysOn,
    succeeded,
    failed: size - succeeded,
    outcomes: observation.outcomes,
    failureReasons: observation.failureReasons,
    ...(observation.failureSamples ? { failureSamples: observation.failureSamples } : {}),
    accessCut: spreadOf(leavers.map((l) => since(l.disabledAt, l.dueAt))),
    stopped: spreadOf(leavers.map((l) => since(l.stoppedAt, l.dueAt))),
    removedAfterGrace: spreadOf(leavers.map((l) => since(l.goneAt, l.removeAt))),
    removalConfirmed: spreadOf(leavers.map((l) => since(l.endedAt, l.removeAt))),
    lowerBounds: leaverLowerBounds(size, alwaysOn),
    workspacesApi: {
      accepted,
      throttled: leaverThrottled,
      acceptedPerLeaver: perLeaver(sum(accepted)),
      throttledPerLeaver: perLeaver(sum(leaverThrottled)),
    },
    directoryApi: { calls: directory, perLeaver: perLeaver(sum(directory)) },
    taggingApi: { calls: tagging, perLeaver: perLeaver(sum(tagging)) },
    stepFunctionsApi: {
      calls: sfn,
      perLeaver: Object.fromEntries(Object.entries(sfn).map(([op, n]) => [op, perLeaver(n)])),
    },
    transitionsPerLeaver: perLeaver(observation.transitions),
    lambdaInvocationsPerLeaver: perLeaver(observation.lambdaInvocations + (provisioner?.rounds ?? 0)),
    eventsPerLeaver: perLeaver(observation.events),
    costPerLeaver: costPerJoiner({
      transitions: perLeaver(observation.transitions),
      lambdaInvocations: perLeaver(observation.lambdaInvocations + (provisioner?.rounds ?? 0)),
      provisionerSeconds: perLeaver(provisioner?.seconds ?? 0),
      queueWrites: perLeaver(provisioner?.queueWrites ?? 0),
      queueScans: perLeaver(provisioner?.queueScans ?? 0),
      events: perLeaver(observation.events),
      emails: perLeaver(observation.emails),
      snsPublishes: perLeaver(observation.snsPublishes),
    }),
    ...(provisioner ? { provisioner } : {}),
    ...(observation.joiners ? { joiners: observation.joiners } : {}),
  };
}
