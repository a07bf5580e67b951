/**
 * One benchmark cohort in its own process (the sandbox installs a process-wide clock and the
 * task functions build their SDK clients once per process). Prints one line,
 * `BENCH_RESULT {...}`, with the cohort's figures, and exits 0 when the cohort ran.
 *
 *   tsx bench/cohort.ts --flow ours|baseline --size N [--seed S] [--time-scale X]
 *                       [--first-look SECONDS --calls-per-second X]
 *                       [--cohort joiners|leavers|mixed [--last-day] [--always-on SHARE] [--grace-hours H]]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CreateWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { profileSchema } from '../functions/commons/config';
import { HrSource } from '../functions/commons/contracts';
import { CreateUserCommand, DirectoryServiceDataClient } from '../functions/commons/directory-service-data';
import { executionNameFor } from '../functions/commons/execution-name';
import { DEFAULT_FAULTS } from '../sandbox/emulator';
import { Random } from '../sandbox/emulator/random';
import { provisioningTableName, type Sandbox, sandboxCredentials, startSandbox } from '../sandbox/sandbox';
import { localRegion, stateMachineArnOf } from '../sandbox/state-machines';
import { baselineFlow } from './baseline';
import {
  type CohortObservation,
  type JoinerObservation,
  type LeaverCohortObservation,
  type LeaverObservation,
  resultPrefix,
  spread,
  summarize,
  summarizeLeavers,
} from './metrics';
import {
  type BenchLeaver,
  type BenchPerson,
  benchCohort,
  benchLeavers,
  defaultAlwaysOnShare,
  defaultGraceHours,
} from './people';
import type { CohortRequest } from './spawn';

/** Simulated seconds per real second when none is given: real work must stay small against the API budget. */
export function defaultTimeScale(size: number): number {
  if (size <= 10) return 120;
  if (size <= 100) return 30;
  if (size <= 1000) return 10;
  return 5;
}

type CohortOptions = CohortRequest & { timeScale: number };

/** With `--last-day`, the events arrive this long before the last working day ends (simulated). */
const lastDayLeadMinutes = 15;

function parse(argv: string[]): CohortOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      flow: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      'first-look': { type: 'string' },
      'calls-per-second': { type: 'string' },
      cohort: { type: 'string' },
      'last-day': { type: 'boolean' },
      'always-on': { type: 'string' },
      'grace-hours': { type: 'string' },
    },
  });
  const flow = values.flow;
  if (flow !== 'ours' && flow !== 'baseline') throw new Error('--flow must be ours or baseline');
  const size = Number(values.size);
  if (!(Number.isInteger(size) && size >= 1 && size <= 99_999)) throw new Error('--size must be 1-99999');
  const cohort = values.cohort ?? 'joiners';
  if (cohort !== 'joiners' && cohort !== 'leavers' && cohort !== 'mixed')
    throw new Error('--cohort must be joiners, leavers or mixed');
  if (cohort !== 'joiners' && flow !== 'ours') throw new Error('leaver cohorts run the state machine only');
  const alwaysOnShare = Number(values['always-on'] ?? defaultAlwaysOnShare);
  if (!(alwaysOnShare >= 0 && alwaysOnShare <= 1)) throw new Error('--always-on must be 0-1');
  const graceHours = Number(values['grace-hours'] ?? defaultGraceHours);
  if (!(graceHours > 0)) throw new Error('--grace-hours must be positive');
  const seed = Number(values.seed ?? 1);
  // A mixed cohort runs twice as many executions as its size.
  const timeScale =
    values['time-scale'] === undefined
      ? defaultTimeScale(cohort === 'mixed' ? 2 * size : size)
      : Number(values['time-scale']);
  if (!(timeScale > 0)) throw new Error('--time-scale must be positive');
  const firstLook = values['first-look'];
  const calls = values['calls-per-second'];
  if ((firstLook === undefined) !== (calls === undefined))
    throw new Error('give --first-look and --calls-per-second together');
  return {
    flow,
    size,
    seed,
    timeScale,
    ...(cohort !== 'joiners'
      ? { cohort, lastDay: values['last-day'] ?? false, alwaysOnShare, graceHours }
      : {}),
    ...(firstLook !== undefined && calls !== undefined
      ? { provisioner: { firstLookSeconds: Number(firstLook), callsPerSecond: Number(calls) } }
      : {}),
  };
}

const count = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1;
};

/** Outcomes, failure reasons and the first cause of each, from how each joiner's flow ended. */
function tally(ends: readonly { status: string; error?: string; cause?: string }[]) {
  const outcomes: Record<string, number> = {};
  const failureReasons: Record<string, number> = {};
  const failureSamples: Record<string, string> = {};
  for (const end of ends) {
    count(outcomes, end.status);
    if (end.status === 'SUCCEEDED') continue;
    const reason = end.error ?? end.status;
    count(failureReasons, reason);
    failureSamples[reason] ??= (end.cause ?? '').slice(0, 400);
  }
  return { outcomes, failureReasons, failureSamples };
}

/** Runs `work` on each item with at most `limit` at a time. */
async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Puts an HR event as a producer would, trying again (up to 5 times, a simulated second apart)
 * when the connection fails: under a cohort of 10,000 the emulator's loopback server resets some.
 */
async function putHrEvent(
  sandbox: Sandbox,
  detailType: 'Employee Joined' | 'Employee Left',
  detail: unknown,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sandbox.putHrEvent(detailType, detail);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Where each joiner's WorkSpace and welcome email stand in the emulator. */
function observeJoiners(sandbox: Sandbox, people: readonly BenchPerson[], eventAt: Map<string, number>) {
  const { workspaces, emails } = sandbox.emulator.state;
  const byUser = new Map(workspaces.map((w) => [w.UserName, w]));
  const welcome = new Map<string, number>();
  for (const email of emails) for (const to of email.to) if (!welcome.has(to)) welcome.set(to, email.sentAt);
  return people.map((person): JoinerObservation => {
    const workspace = byUser.get(person.userName);
    return {
      userName: person.userName,
      eventAt: eventAt.get(person.userName) ?? 0,
      createdAt: workspace?.createdAt,
      availableAt: workspace?.availableAt,
      welcomeAt: welcome.get(person.email),
    };
  });
}

function workspacesOnly(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key.startsWith('workspaces.'))
      .map(([key, n]) => [key.slice('workspaces.'.length), n]),
  );
}

async function runOurs(sandbox: Sandbox, people: readonly BenchPerson[], realLimitMs: number) {
  const eventAt = new Map<string, number>();
  const queue = sampleQueue(sandbox);
  // All at once, Monday morning: the bus takes them as fast as a producer can put them.
  await inBatches(people, 50, async (person) => {
    eventAt.set(person.userName, Date.now());
    await putHrEvent(sandbox, 'Employee Joined', person);
  });
  await sandbox.emulator.settled();
  await sandbox.idle(realLimitMs);
  queue.stop();
  const names = new Set(people.map((p) => executionNameFor(p.eventId)));
  const joinerArn = stateMachineArnOf('joiner');
  const executions = sandbox.emulator.state.executions.filter(
    (e) => e.stateMachineArn === joinerArn && names.has(e.name),
  );
  const { outcomes, failureReasons, failureSamples } = tally(executions);
  let transitions = 0;
  let taskInvocations = 0;
  for (const execution of executions) {
    const progress = sandbox.progress.get(execution.name);
    transitions += progress?.transitions ?? 0;
    taskInvocations += progress?.taskInvocations ?? 0;
  }
  const notStarted = people.length - executions.length;
  if (notStarted > 0) outcomes.NOT_STARTED = notStarted;
  for (const letter of sandbox.deadLetters) count(failureReasons, `dead letter: ${letter.error}`);
  const hrEvents = sandbox.emulator.state.events.filter((e) => e.source === HrSource).length;
  const { apiCalls } = sandbox.emulator.state;
  const firstEvent = Math.min(...eventAt.values());
  const lastStart = Math.max(firstEvent, ...executions.map((e) => e.startDate));
  return {
    joiners: observeJoiners(sandbox, people, eventAt),
    outcomes,
    failureReasons,
    failureSamples,
    startSpreadSeconds: (lastStart - firstEvent) / 1000,
    transitions,
    // One dispatcher run per HR event (its rare retries are not visible here), and the
    // provisioner's rounds.
    lambdaInvocations: taskInvocations + hrEvents + sandbox.provisionerRuns.rounds,
    provisionerSeconds: sandbox.provisionerRuns.busyMs / 1000,
    queueWrites: (apiCalls['dynamodb.PutItem'] ?? 0) + (apiCalls['dynamodb.DeleteItem'] ?? 0),
    queueScans: apiCalls['dynamodb.Scan'] ?? 0,
    provisionerRounds: provisionerFigures(sandbox, queue.peak),
  };
}

async function runBaseline(sandbox: Sandbox, people: readonly BenchPerson[]) {
  const { automation } = sandbox.config;
  const profile =
    automation.profiles.profiles[
      automation.profiles.byDepartment.Finance ?? automation.profiles.defaultProfile
    ];
  const flow = baselineFlow({
    endpoint: sandbox.emulator.url,
    region: localRegion,
    credentials: sandboxCredentials,
    directoryId: sandbox.directoryId,
    bundleId: profile.bundleId,
    senderAddress: automation.senderAddress,
  });
  try {
    const ended = await flow.run(people);
    const eventAt = new Map(ended.map((o) => [o.userName, o.eventAt]));
    return {
      joiners: observeJoiners(sandbox, people, eventAt),
      ...tally(ended),
      startSpreadSeconds: 0,
      transitions: 0,
      lambdaInvocations: 0,
      sdkGaveUp: { ...flow.sdkGaveUp },
    };
  } finally {
    flow.destroy();
  }
}

const day = 86_400_000;
/** Midnight UTC at the end of the (simulated) day of `at`. */
const endOfDay = (at: number) => Math.floor(at / day) * day + day;
/** Waits `ms` simulated milliseconds (timers run on the sandbox's clock). */
const simulatedDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Leavers' names and ids (`bench.l0001`, `L0001`): how their events, alerts and emails are told apart. */
const leaverMark = /bench\.l\d|"L\d{4}/;

/**
 * Gives each leaver what a joiner left behind long ago: an enabled directory user and an
 * AVAILABLE WorkSpace, requested and tagged by the joiner's own request builder (employee-id,
 * managed-by, lifecycle-joined-at 30 days back, the profile's tags), AUTO_STOP from the
 * `standard` profile or ALWAYS_ON from `power`. It goes through the emulator's own APIs with the
 * rate limit off and no provisioning time, before the figures start counting.
 */
async function seedLeavers(sandbox: Sandbox, leavers: readonly BenchLeaver[]) {
  const { emulator, directoryId } = sandbox;
  emulator.setFaults({
    rateLimit: { enabled: false },
    provisioning: { meanSeconds: 0, sdSeconds: 0, minSeconds: 0 },
  });
  const ds = new DirectoryServiceDataClient({ endpoint: emulator.url, region: localRegion });
  await inBatches(leavers, 50, async (leaver) => {
    await ds.send(
      new CreateUserCommand({
        DirectoryId: directoryId,
        SAMAccountName: leaver.userName,
        EmailAddress: leaver.email,
        GivenName: 'Bench',
        Surname: `Leaver${leaver.employeeId}`,
      }),
    );
    emulator.enableUser(directoryId, leaver.userName);
  });
  // Loaded now, after the sandbox set the functions' environment (they read it at load).
  const { workspaceRequestFor } = await import('../functions/queue-workspace-creation');
  const { profiles } = sandbox.config.automation.profiles;
  const joinedAt = new Date(Date.now() - 30 * day).toISOString();
  const requests = leavers.map((leaver) => {
    const profileName = leaver.runningMode === 'ALWAYS_ON' ? 'power' : 'standard';
    return workspaceRequestFor({
      taskToken: 'seeded',
      eventId: `bench-join-${leaver.employeeId}`,
      employeeId: leaver.employeeId,
      userName: leaver.userName,
      profileName,
      profile: profileSchema.parse(profiles[profileName]),
      occurredAt: joinedAt,
      startedAt: joinedAt,
    });
  });
  const client = new WorkSpacesClient({
    endpoint: emulator.url,
    region: localRegion,
    credentials: sandboxCredentials,
  });
  try {
    for (let i = 0; i < requests.length; i += 25) {
      const out = await client.send(new CreateWorkspacesCommand({ Workspaces: requests.slice(i, i + 25) }));
      const failed = out.FailedRequests?.[0];
      if (failed)
        throw new Error(`seeding a leaver's WorkSpace failed: ${failed.ErrorCode} ${failed.ErrorMessage}`);
    }
  } finally {
    client.destroy();
  }
  emulator.setFaults({ rateLimit: { enabled: true }, provisioning: DEFAULT_FAULTS.provisioning });
  // New ids stay hidden from DescribeWorkspaces for a few seconds: let them show.
  await simulatedDelay((DEFAULT_FAULTS.visibilityDelaySeconds + 5) * 1000);
}

const delta = (now: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>) =>
  Object.fromEntries(
    Object.entries(now)
      .map(([key, n]) => [key, n - (before[key] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );

/** Where each leaver's access, WorkSpace and execution stand in the emulator. */
function observeLeavers(
  sandbox: Sandbox,
  leavers: readonly BenchLeaver[],
  eventAt: ReadonlyMap<string, number>,
  dueAtOf: (eventAt: number) => number,
  graceMs: number,
): LeaverObservation[] {
  const { state } = sandbox.emulator;
  const history = new Map(state.workspaceHistory.map((h) => [h.UserName.toLowerCase(), h]));
  const disabled = new Map<string, number>();
  for (const entry of state.journal)
    if (entry.key === 'ds-data.DisableUser' && !disabled.has(entry.subject.toLowerCase()))
      disabled.set(entry.subject.toLowerCase(), entry.at);
  const leaverArn = stateMachineArnOf('leaver');
  const executions = new Map(
    state.executions.filter((e) => e.stateMachineArn === leaverArn).map((e) => [e.name, e]),
  );
  return leavers.map((leaver): LeaverObservation => {
    const sentAt = eventAt.get(leaver.userName) ?? 0;
    const dueAt = dueAtOf(sentAt);
    const timeline = history.get(leaver.userName.toLowerCase())?.timeline ?? [];
    const execution = executions.get(executionNameFor(leaver.eventId));
    // The flow plans its removal from when it cut access: its start, or the end of the last day.
    const cutAt = Math.max(dueAt, execution?.startDate ?? dueAt);
    return {
      userName: leaver.userName,
      runningMode: leaver.runningMode,
      eventAt: sentAt,
      dueAt,
      disabledAt: disabled.get(leaver.userName.toLowerCase()),
      stoppedAt: timeline.find((step) => step.state === 'STOPPED' && step.at >= dueAt)?.at,
      removeAt: cutAt + graceMs,
      goneAt: timeline.find((step) => step.state === 'GONE')?.at,
      endedAt: execution?.status === 'SUCCEEDED' ? execution.stopDate : undefined,
    };
  });
}

/** Samples the provisioning queue and the Scan pages once a simulated minute (a round's interval). */
function sampleQueue(sandbox: Sandbox) {
  const peak = { items: 0, bytes: 0, scanPagesPerMinute: 0 };
  let scans = sandbox.emulator.state.apiCalls['dynamodb.Scan'] ?? 0;
  const timer = setInterval(() => {
    const items = sandbox.emulator.state.tables[provisioningTableName] ?? [];
    if (items.length >= peak.items) {
      peak.items = items.length;
      peak.bytes = Buffer.byteLength(JSON.stringify(items));
    }
    const now = sandbox.emulator.state.apiCalls['dynamodb.Scan'] ?? 0;
    peak.scanPagesPerMinute = Math.max(peak.scanPagesPerMinute, now - scans);
    scans = now;
  }, 60_000);
  return { peak, stop: () => clearInterval(timer) };
}

/** The provisioner's rounds in figures: durations, Scan pages, the largest queue seen. */
function provisionerFigures(sandbox: Sandbox, peak: ReturnType<typeof sampleQueue>['peak']) {
  const runs = sandbox.provisionerRuns;
  const { apiCalls } = sandbox.emulator.state;
  return {
    rounds: runs.rounds,
    skipped: runs.skipped,
    failed: runs.failed,
    roundSeconds: spread(runs.durationsMs.map((ms) => ms / 1000)),
    scanPages: apiCalls['dynamodb.Scan'] ?? 0,
    peakScanPagesPerMinute: peak.scanPagesPerMinute,
    peakQueueItems: peak.items,
    peakQueueJsonBytes: peak.bytes,
  };
}

type LeaverRun = Omit<
  LeaverCohortObservation,
  'kind' | 'size' | 'seed' | 'timeScale' | 'realSeconds' | 'eventLoopDelayMs'
>;

/**
 * Leavers (and, for a mixed cohort, as many joiners) at t = 0: every leaver already has an
 * AVAILABLE WorkSpace and an enabled user; all events go onto the bus at once.
 */
async function runLeavers(sandbox: Sandbox, options: CohortOptions, realLimitMs: number): Promise<LeaverRun> {
  const alwaysOnShare = options.alwaysOnShare ?? defaultAlwaysOnShare;
  const leavers = benchLeavers(options.size, alwaysOnShare);
  const joiners = options.cohort === 'mixed' ? benchCohort(options.size) : [];
  const lastDay = options.lastDay ?? false;
  await seedLeavers(sandbox, leavers);
  const { state } = sandbox.emulator;
  const callsBefore = { ...state.apiCalls };
  const throttledBefore = { ...state.throttled };
  const roundsBefore = { rounds: sandbox.provisionerRuns.rounds, busyMs: sandbox.provisionerRuns.busyMs };
  const leaverCallsBefore = { ...sandbox.provisionerRuns.leaverCalls };
  const queue = sampleQueue(sandbox);
  const lastWorkingDay = new Date(Date.now()).toISOString().slice(0, 10);
  const eventAt = new Map<string, number>();
  // Joiners and leavers interleaved, all at once: the bus takes them as fast as a producer puts them.
  const sends: Array<{ joiner: BenchPerson } | { leaver: BenchLeaver }> = leavers.flatMap((leaver, i) =>
    joiners[i] ? [{ joiner: joiners[i] }, { leaver }] : [{ leaver }],
  );
  await inBatches(sends, 50, async (send) => {
    if ('joiner' in send) {
      eventAt.set(send.joiner.userName, Date.now());
      await putHrEvent(sandbox, 'Employee Joined', send.joiner);
      return;
    }
    const { leaver } = send;
    eventAt.set(leaver.userName, Date.now());
    await putHrEvent(sandbox, 'Employee Left', {
      eventId: leaver.eventId,
      employeeId: leaver.employeeId,
      userName: leaver.userName,
      lastWorkingDay,
      immediate: !lastDay,
    });
  });
  await sandbox.emulator.settled();
  await sandbox.idle(realLimitMs);
  queue.stop();

  const graceMs = sandbox.settings.leaver.gracePeriodDays * day;
  const observed = observeLeavers(
    sandbox,
    leavers,
    eventAt,
    (sentAt) => (lastDay ? endOfDay(Date.parse(lastWorkingDay)) : sentAt),
    graceMs,
  );
  const leaverArn = stateMachineArnOf('leaver');
  const leaverNames = new Set(leavers.map((l) => executionNameFor(l.eventId)));
  const executions = state.executions.filter(
    (e) => e.stateMachineArn === leaverArn && leaverNames.has(e.name),
  );
  const { outcomes, failureReasons, failureSamples } = tally(executions);
  if (executions.length < leavers.length) outcomes.NOT_STARTED = leavers.length - executions.length;
  let transitions = 0;
  let taskInvocations = 0;
  for (const execution of executions) {
    const progress = sandbox.progress.get(execution.name);
    transitions += progress?.transitions ?? 0;
    taskInvocations += progress?.taskInvocations ?? 0;
  }
  const ofLeavers = (text: string) => leaverMark.test(text);
  const leaverEvents = state.events.filter((e) => ofLeavers(JSON.stringify(e.detail ?? null))).length;
  const leaverHrEvents = state.events.filter(
    (e) => e.source === HrSource && ofLeavers(JSON.stringify(e.detail ?? null)),
  ).length;
  const apiCalls = delta(state.apiCalls, callsBefore);
  const throttled = delta(state.throttled, throttledBefore);
  const firstEvent = Math.min(...eventAt.values());
  const lastStart = Math.max(firstEvent, ...executions.map((e) => e.startDate));
  const provisioner = provisionerFigures(sandbox, queue.peak);
  const rounds = sandbox.provisionerRuns.rounds - roundsBefore.rounds;
  const busySeconds = (sandbox.provisionerRuns.busyMs - roundsBefore.busyMs) / 1000;
  const queueWrites = (apiCalls['dynamodb.PutItem'] ?? 0) + (apiCalls['dynamodb.DeleteItem'] ?? 0);
  const queueScans = apiCalls['dynamodb.Scan'] ?? 0;
  // The provisioner's own count of the DescribeWorkspaces it made for leavers: looks (by user, by
  // id, listing pages) and termination checks. The rest of the cohort's are the joiners' watches.
  const leaverCalls = delta(sandbox.provisionerRuns.leaverCalls, leaverCallsBefore);
  const leaverDescribes =
    (leaverCalls.looks ?? 0) + (leaverCalls.listingPages ?? 0) + (leaverCalls.goneChecks ?? 0);

  let joinerResult: LeaverCohortObservation['joiners'];
  if (joiners.length > 0) {
    const joinerArn = stateMachineArnOf('joiner');
    const joinerNames = new Set(joiners.map((p) => executionNameFor(p.eventId)));
    const joinerExecutions = state.executions.filter(
      (e) => e.stateMachineArn === joinerArn && joinerNames.has(e.name),
    );
    const joinerTally = tally(joinerExecutions);
    let joinerTransitions = 0;
    let joinerTasks = 0;
    for (const execution of joinerExecutions) {
      const progress = sandbox.progress.get(execution.name);
      joinerTransitions += progress?.transitions ?? 0;
      joinerTasks += progress?.taskInvocations ?? 0;
    }
    const joinerStart = Math.max(firstEvent, ...joinerExecutions.map((e) => e.startDate));
    // The joiners' WorkSpaces calls: CreateWorkspaces, and the DescribeWorkspaces the provisioner
    // did not make for leavers (throttled answers are not split: none in these cohorts).
    const shared = (ops: Record<string, number>, leavers = 0) =>
      Object.fromEntries(
        Object.entries(workspacesOnly(ops))
          .filter(([op]) => op === 'CreateWorkspaces' || op === 'DescribeWorkspaces')
          .map(([op, n]) => [op, op === 'DescribeWorkspaces' ? Math.max(0, n - leavers) : n]),
      );
    joinerResult = summarize({
      flow: 'ours',
      size: joiners.length,
      seed: options.seed,
      timeScale: options.timeScale,
      realSeconds: 0,
      eventLoopDelayMs: { p99: 0, max: 0 },
      startSpreadSeconds: (joinerStart - firstEvent) / 1000,
      joiners: observeJoiners(sandbox, joiners, eventAt),
      ...joinerTally,
      apiCalls: shared(apiCalls, leaverDescribes),
      throttled: shared(throttled),
      transitions: joinerTransitions,
      lambdaInvocations: joinerTasks + joiners.length + rounds,
      provisionerSeconds: busySeconds,
      queueWrites,
      queueScans,
      events: state.events.length - leaverEvents,
      emails: state.emails.filter((e) => !e.to.some(ofLeavers)).length,
      snsPublishes: state.messages.filter((m) => !ofLeavers(m.message)).length,
      provisionerRounds: provisioner,
    });
  }
  return {
    startSpreadSeconds: (lastStart - firstEvent) / 1000,
    lastDay,
    graceSeconds: graceMs / 1000,
    alwaysOnShare,
    leavers: observed,
    outcomes,
    failureReasons,
    failureSamples,
    apiCalls,
    throttled,
    leaverDescribes,
    transitions,
    // One dispatcher run per HR event; the provisioner's rounds are added where they count.
    lambdaInvocations: taskInvocations + leaverHrEvents,
    ...(joinerResult
      ? { joiners: joinerResult }
      : {
          provisioner: {
            rounds,
            seconds: busySeconds,
            roundSeconds: provisioner.roundSeconds,
            queueScans,
            queueWrites,
          },
        }),
    events: leaverEvents,
    emails: state.emails.filter((e) => joiners.length === 0 || e.to.some(ofLeavers)).length,
    snsPublishes: state.messages.filter((m) => joiners.length === 0 || ofLeavers(m.message)).length,
  };
}

/** Runs one leaver or mixed cohort and returns its observation. */
export async function runLeaverCohort(options: CohortOptions): Promise<LeaverCohortObservation> {
  const random = new Random(options.seed * 7919 + 17);
  Math.random = () => random.next();
  const kind = options.cohort === 'mixed' ? 'mixed' : 'leavers';
  const graceHours = options.graceHours ?? defaultGraceHours;
  const outboxDir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const sandbox = await startSandbox({
    timeScale: options.timeScale,
    seed: options.seed,
    outboxDir,
    // Leavers' WorkSpaces and the joiners' new ones all fit.
    faults: { quota: Math.max(100, 2 * options.size) },
    // An hour's grace (fractions of days are allowed), the warning half-way through it.
    leaver: { gracePeriodDays: graceHours / 24, warningLeadHours: graceHours / 2 },
    // With --last-day, the day ends shortly after the events: the cuts all fall due at midnight.
    ...(options.lastDay ? { clockStart: endOfDay(Date.now()) - (lastDayLeadMinutes + 5) * 60_000 } : {}),
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const realStart = performance.now();
  const realLimitMs = (10 * 3600 * 1000) / options.timeScale;
  try {
    const ran = await runLeavers(sandbox, options, realLimitMs);
    loop.disable();
    const realSeconds = (performance.now() - realStart) / 1000;
    if (ran.joiners) ran.joiners.realSeconds = realSeconds;
    return {
      kind,
      size: options.size,
      seed: options.seed,
      timeScale: options.timeScale,
      realSeconds,
      eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      ...ran,
    };
  } finally {
    await sandbox.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

/** Runs one cohort and returns its observation. */
export async function runCohort(options: CohortOptions): Promise<CohortObservation> {
  // Poll jitter and the engine's full-jitter retries draw from Math.random: seed it too, so the
  // seed fixes every draw and only the interleaving of real work varies between runs.
  const random = new Random(options.seed * 7919 + 17);
  Math.random = () => random.next();
  const outboxDir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const people = benchCohort(options.size);
  const sandbox = await startSandbox({
    timeScale: options.timeScale,
    seed: options.seed,
    outboxDir,
    // Every other fault at its default: rate limit and provisioning distribution on.
    faults: { quota: Math.max(100, options.size) },
    ...(options.provisioner ? { provisioner: options.provisioner } : {}),
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const realStart = performance.now();
  // Generous: ten simulated hours, in real milliseconds.
  const realLimitMs = (10 * 3600 * 1000) / options.timeScale;
  try {
    const ran =
      options.flow === 'ours'
        ? await runOurs(sandbox, people, realLimitMs)
        : await runBaseline(sandbox, people);
    const realSeconds = (performance.now() - realStart) / 1000;
    loop.disable();
    const { state } = sandbox.emulator;
    return {
      flow: options.flow,
      size: options.size,
      seed: options.seed,
      timeScale: options.timeScale,
      ...(options.provisioner ? { provisioner: options.provisioner } : {}),
      realSeconds,
      eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      apiCalls: workspacesOnly(state.apiCalls),
      throttled: workspacesOnly(state.throttled),
      events: state.events.length,
      emails: state.emails.length,
      snsPublishes: state.messages.length,
      ...ran,
    };
  } finally {
    await sandbox.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

/**
 * Rejections nobody awaited. Under a very large cohort the sandbox can reject a task token's
 * answer that the engine no longer waits for (an execution that ended meanwhile); Node would end
 * the process, losing the run. They are counted, the first kept, and the figures say so.
 */
const unhandled = { count: 0, first: '' };

async function main(options: CohortOptions): Promise<unknown> {
  process.on('unhandledRejection', (reason) => {
    unhandled.count++;
    unhandled.first ||= reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  });
  const result =
    options.cohort === 'leavers' || options.cohort === 'mixed'
      ? summarizeLeavers(await runLeaverCohort(options))
      : summarize(await runCohort(options));
  return unhandled.count > 0 ? { ...result, unhandledRejections: unhandled } : result;
}

if (require.main === module) {
  main(parse(process.argv.slice(2))).then(
    (result) => {
      process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error('bench cohort failed:', error);
      process.exit(2);
    },
  );
}
