/**
 * One benchmark cohort in its own process (the sandbox installs a process-wide clock and the
 * task functions build their SDK clients once per process). Prints one line,
 * `BENCH_RESULT {...}`, with the cohort's figures, and exits 0 when the cohort ran.
 *
 *   tsx bench/cohort.ts --flow ours|baseline --size N [--seed S] [--time-scale X]
 *                       [--first-look SECONDS --calls-per-second X]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HrSource } from '../functions/commons/contracts';
import { executionNameFor } from '../functions/commons/execution-name';
import { Random } from '../sandbox/emulator/random';
import { type Sandbox, sandboxCredentials, startSandbox } from '../sandbox/sandbox';
import { localRegion, stateMachineArnOf } from '../sandbox/state-machines';
import { baselineFlow } from './baseline';
import { type CohortObservation, type JoinerObservation, resultPrefix, summarize } from './metrics';
import { type BenchPerson, benchCohort } from './people';
import type { CohortRequest } from './spawn';

/** Simulated seconds per real second when none is given: real work must stay small against the API budget. */
export function defaultTimeScale(size: number): number {
  if (size <= 10) return 120;
  if (size <= 100) return 30;
  if (size <= 1000) return 10;
  return 5;
}

type CohortOptions = CohortRequest & { timeScale: number };

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
    },
  });
  const flow = values.flow;
  if (flow !== 'ours' && flow !== 'baseline') throw new Error('--flow must be ours or baseline');
  const size = Number(values.size);
  if (!(Number.isInteger(size) && size >= 1 && size <= 9999)) throw new Error('--size must be 1-9999');
  const seed = Number(values.seed ?? 1);
  const timeScale =
    values['time-scale'] === undefined ? defaultTimeScale(size) : Number(values['time-scale']);
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
  // All at once, Monday morning: the bus takes them as fast as a producer can put them.
  await inBatches(people, 50, async (person) => {
    eventAt.set(person.userName, Date.now());
    await sandbox.putHrEvent('Employee Joined', person);
  });
  await sandbox.emulator.settled();
  await sandbox.idle(realLimitMs);
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

if (require.main === module) {
  runCohort(parse(process.argv.slice(2))).then(
    (observation) => {
      process.stdout.write(`${resultPrefix}${JSON.stringify(summarize(observation))}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error('bench cohort failed:', error);
      process.exit(2);
    },
  );
}
