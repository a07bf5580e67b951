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
  /** Events put on any bus: HR events in, lifecycle events out. */
  events: number;
  emails: number;
  snsPublishes: number;
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
  };
}
