import { join } from 'node:path';
import { clearInterval as clearRealInterval, setInterval as setRealInterval } from 'node:timers';
import { setTimeout as realDelay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { hrEventTypes } from '../functions/commons/contracts';
import { executionNameFor } from '../functions/commons/execution-name';
import { demoCost } from './cost-demo';
import { DEFAULT_FAULTS, type FaultsPatch } from './emulator';
import { type SeededEstate, seedEstate } from './estate';
import { sandboxWebhookSecret } from './intake';
import { startLivePage } from './live-page';
import {
  defaultSandboxPort,
  forgetAddress,
  freshOutbox,
  recordAddress,
  sandboxDir,
  sandboxDirVariable,
  shownPath,
} from './run-files';
import { type Sandbox, startSandbox } from './sandbox';
import { readScenario, type Scenario, ScenarioError } from './scenario';
import { stateMachineArnOf } from './state-machines';

const usage = `Usage: npm start -- [options]
  (no options)          run the demo scenario end to end and exit 0 when every outcome is the expected one
  --scenario FILE       another scenario file (default examples/demo-scenario.json); with --serve,
                        its faults and settings apply (its events are not sent)
  --serve               keep the sandbox up, with a live page; send events from the page or with
                        \`npm run event\`, inspect with \`npm run inspect\`; Ctrl-C or kill stops it.
                        No fault is injected and the configured settings apply unless options or
                        --scenario say otherwise; the banner prints what is in force
  --port N              port of the AWS APIs for --serve (default ${defaultSandboxPort}); the webhook takes the next
                        one and the live page the one after; 0 picks free ones
  --time-scale N        simulated seconds per real second (default: the scenario's, else 600)
  --seed N              random seed (default: the scenario's)
  --throttle-rate X     extra share of WorkSpaces calls throttled, 0..1
  --error-share X       share of new WorkSpaces that go to ERROR, 0..1
  --email-failure X     share of emails rejected for good (MessageRejected), 0..1
  --email-paused X      share of emails refused while sending is paused (SendingPausedException), 0..1
  --quota N             WorkSpaces quota: most WorkSpaces that may exist at once (default 100)
  --slow-provisioning N mean provisioning time in simulated minutes (default 20)
  --deadline-minutes N  provisioning deadline (default 90); a WorkSpace later than it is watched
                        for lateWatchHours (24) and its joiner redriven when AVAILABLE
Files (the address of --serve, the outbox) go to .sandbox/, or to ${sandboxDirVariable} when set.`;

const clockText = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

function share(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new ScenarioError(`${flag} must be a number from 0 to 1, not "${value}"`);
  return n;
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ScenarioError(`${flag} must be a whole number, not "${value}"`);
  return n;
}

function nonNegative(value: string, flag: string): number {
  const n = wholeNumber(value, flag);
  if (n < 0) throw new ScenarioError(`${flag} must be 0 or more, not "${value}"`);
  return n;
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new ScenarioError(`${flag} must be a positive number, not "${value}"`);
  return n;
}

/** States worth a line of progress: the ones that change something, in every flow. */
const shown = new Set([
  'EnsureDirectoryUser',
  'QueueWorkspaceCreation',
  'AdoptExistingWorkspace',
  'WatchNewWorkspace',
  'WatchWorkspace',
  'RecoverWorkspace',
  'SetInitialPassword',
  'SendWelcomeEmail',
  'StopJoinerExecution',
  'DisableDirectoryUser',
  'StopWorkspace',
  'WarnPendingRemoval',
  'TerminateWorkspaces',
  'DeleteDirectoryUser',
  'ClearRemovalTags',
  'StartWorkspace',
  'ReenableDirectoryUser',
  'PublishWorkspaceReady',
  'PublishOnboardingFailed',
  'PublishAccessRevoked',
  'PublishWorkspaceRemoved',
  'PublishRemovalCancelled',
  'PublishOffboardingFailed',
  'UpdateMoverDirectoryUser',
  'WaitUntilAllowed',
  'ModifyWorkspace',
  'PublishChangesSoFar',
  'ModifyWorkspaceLater',
  'MigrateWorkspace',
  'StartContractLeaver',
  'StopContractLeaver',
  'PublishWorkspaceChanged',
  'PublishChangeFailed',
]);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
      'time-scale': { type: 'string' },
      seed: { type: 'string' },
      'throttle-rate': { type: 'string' },
      'error-share': { type: 'string' },
      'email-failure': { type: 'string' },
      'email-paused': { type: 'string' },
      quota: { type: 'string' },
      'deadline-minutes': { type: 'string' },
      'slow-provisioning': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const scenario = readScenario(values.scenario ?? join(__dirname, '..', 'examples', 'demo-scenario.json'));
  // --serve is the product as configured: the demo's scripted faults and short grace period
  // apply only when a scenario is named.
  const applied = values.serve && values.scenario === undefined ? undefined : scenario;
  const slow = positive(values['slow-provisioning'], '--slow-provisioning');
  const deadline = positive(values['deadline-minutes'], '--deadline-minutes');
  const faults: FaultsPatch = {
    ...applied?.faults,
    ...(values['throttle-rate'] !== undefined && {
      throttleRate: share(values['throttle-rate'], '--throttle-rate'),
    }),
    ...(values['error-share'] !== undefined && { errorShare: share(values['error-share'], '--error-share') }),
    ...(values['email-failure'] !== undefined && {
      emailFailure: share(values['email-failure'], '--email-failure'),
    }),
    ...(values['email-paused'] !== undefined && {
      emailPaused: share(values['email-paused'], '--email-paused'),
    }),
    ...(values.quota !== undefined && { quota: nonNegative(values.quota, '--quota') }),
    ...(slow !== undefined && { provisioning: { ...DEFAULT_FAULTS.provisioning, meanSeconds: slow * 60 } }),
  };
  const timeScale = positive(values['time-scale'], '--time-scale') ?? scenario.timeScale;
  const port =
    values.port === undefined ? (values.serve ? defaultSandboxPort : 0) : wholeNumber(values.port, '--port');
  // --serve takes three ports in a row: the AWS APIs, the webhook and the live page.
  if (port < 0 || port > 65533) throw new ScenarioError(`--port must be 0-65533, not "${values.port}"`);
  const next = (n: number) => (port === 0 ? 0 : port + n);
  const dir = sandboxDir();
  const outbox = freshOutbox(dir);

  const who = new Map<string, string>();
  let started = 0;
  const sandbox = await startSandbox({
    timeScale,
    seed: values.seed === undefined ? scenario.seed : wholeNumber(values.seed, '--seed'),
    port,
    outboxDir: outbox,
    webhookPort: values.serve ? next(1) : 0,
    leaver: applied?.leaver,
    fleetReview: applied?.fleetReview,
    storeDir: join(dir, 's3'),
    clockStart: applied?.clockStart === undefined ? undefined : Date.parse(applied.clockStart),
    mover: applied?.mover,
    provisioner: {
      ...applied?.provisioner,
      ...(deadline !== undefined && { deadlineSeconds: Math.round(deadline * 60) }),
    },
    faults,
    onDeadLetter: (letter) =>
      console.log(`  dead letter: ${letter.event['detail-type']} ${letter.error}: ${letter.reason}`),
    onState: (name, state) => {
      if (!shown.has(state)) return;
      const user = who.get(name) ?? name;
      console.log(`  [+${clockText(Date.now() - started)}] ${user.padEnd(14)} ${state}`);
    },
  });
  started = Date.now();
  const estateSpec = (values.serve ? scenario : applied)?.estate;
  let estate: SeededEstate | undefined;
  if (estateSpec) {
    estate = seedEstate(sandbox, estateSpec, join(dir, 'roster.csv'));
    console.log(
      `Seeded an existing estate: ${estate.workspaceIds.length} untagged WorkSpaces and their users; roster of ${estate.roster.length} in ${shownPath(join(dir, 'roster.csv'))} and s3://${sandbox.reviewBucket}/${estate.rosterKey}.`,
    );
  }
  if (values.serve) return serve(sandbox, dir, outbox, next(2), inForce(sandbox, faults));
  try {
    return await demo(sandbox, scenario, who, () => Date.now() - started, outbox, estate);
  } finally {
    await sandbox.stop();
  }
}

async function demo(
  sandbox: Sandbox,
  scenario: Scenario,
  who: Map<string, string>,
  elapsed: () => number,
  outbox: string,
  estate?: SeededEstate,
): Promise<number> {
  console.log(`workspaces-lifecycle sandbox: ${scenario.description}`);
  console.log(
    `AWS APIs emulated at ${sandbox.emulator.url}; 1 real second = ${sandbox.clock.scale} simulated seconds\n`,
  );
  const realStart = performance.now();
  const events = [...scenario.events].sort((a, b) => a.afterMinutes - b.afterMinutes);
  const sent = new Set<string>();
  for (const event of events) {
    // The installed clock scales setTimeout: this waits simulated minutes.
    const due = event.afterMinutes * 60_000 - elapsed();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    const name = executionNameFor(event.detail.eventId);
    const user = String(event.detail.userName ?? name);
    who.set(name, user);
    await sandbox.putHrEvent(event.type, event.detail);
    const note = sent.has(name) ? 'the same event again: nothing new' : `${event.type} event on the bus`;
    sent.add(name);
    console.log(`  [+${clockText(elapsed())}] ${user.padEnd(14)} ${note}`);
  }
  await sandbox.emulator.settled();
  await sandbox.idle(Math.max(60_000, (60 * 86400 * 1000) / sandbox.clock.scale));
  const reviewed =
    scenario.cost && estate
      ? (await demoCost(sandbox, scenario.cost, estate)).ok
      : scenario.estate
        ? await demoReview(sandbox)
        : true;

  const executions = sandbox.emulator.state.executions;
  const rows = scenario.events.map((event) => {
    const name = executionNameFor(event.detail.eventId);
    const execution = executions.find((e) => e.name === name);
    const rejected = sandbox.deadLetters.find(
      (d) => (d.event.detail as { eventId?: string }).eventId === event.detail.eventId,
    );
    const userName = String(event.detail.userName);
    const workspace = sandbox.emulator.state.workspaces.find((w) => w.UserName === userName);
    const took = execution?.stopDate ? clockText(execution.stopDate - execution.startDate) : '-';
    const outcome = execution?.status ?? (rejected ? 'REJECTED' : 'NOT STARTED');
    const detail =
      outcome === 'FAILED' ? ` (${execution?.error})` : outcome === 'REJECTED' ? ` (${rejected?.error})` : '';
    return {
      ok: outcome === event.expect,
      cells: [
        userName,
        hrEventTypes[event.type].stateMachine,
        event.expect,
        `${outcome}${detail}`,
        workspace ? `${workspace.WorkspaceId} ${workspace.State}` : '-',
        took,
        event.note ?? '',
      ],
    };
  });
  const header = ['employee', 'flow', 'expected', 'outcome', 'WorkSpace now', 'took (sim)', 'note'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r.cells[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  if (rows.length > 0) {
    console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
    for (const row of rows) console.log(`${line(row.cells)}${row.ok ? '' : '   <- unexpected'}`);
  }
  const bad = rows.filter((r) => !r.ok).length;
  const calls = Object.entries(sandbox.emulator.state.apiCalls).filter(([k]) => k.startsWith('workspaces.'));
  const throttled = Object.values(sandbox.emulator.state.throttled).reduce((a, b) => a + b, 0);
  const took = `${((performance.now() - realStart) / 1000).toFixed(1)} s real, ${clockText(elapsed())} simulated`;
  console.log(
    rows.length > 0
      ? `\n${rows.length - bad} of ${rows.length} outcomes as expected in ${took}.`
      : `\nThe estate reviewed in ${took}.`,
  );
  console.log(
    `WorkSpaces API calls: ${calls.map(([k, v]) => `${k.slice(11)} ${v}`).join(', ')}; throttled ${throttled}.`,
  );
  console.log(`${emailsIn(sandbox, outbox)}; the previous run's are in ${shownPath(`${outbox}.prev`)}/`);
  return bad === 0 && reviewed ? 0 : 1;
}

/** Runs one fleet review of the seeded estate, waits for what it started, and says what it found and did. */
async function demoReview(sandbox: Sandbox): Promise<boolean> {
  console.log('\nFleet review of the seeded estate...');
  const { executionArn } = await sandbox.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: stateMachineArnOf('review'),
      name: 'demo-review',
      input: '{}',
    }),
  );
  await sandbox.idle(Math.max(120_000, (30 * 86400 * 1000) / sandbox.clock.scale));
  const out = await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (out.status !== 'SUCCEEDED') {
    console.log(`  the review ended ${out.status}: ${out.error} ${out.cause}`);
    return false;
  }
  const review = JSON.parse(out.output ?? '{}') as {
    counts: Record<string, number>;
    adopted: number;
    events: number;
    workspacesCalls: number;
    reviewId: string;
  };
  console.log(
    `  found: ${Object.entries(review.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `  done: ${review.adopted} adopted, ${review.events} joiner and leaver events; ${review.workspacesCalls} WorkSpaces calls to read the fleet`,
  );
  console.log(
    `  report: ${shownPath(join(sandboxDir(), 's3', sandbox.reviewBucket, 'reports', review.reviewId, 'report.html'))}`,
  );
  return true;
}

const emailsIn = (sandbox: Sandbox, outbox: string) => {
  const n = sandbox.emulator.state.emails.length;
  return `${n} email${n === 1 ? '' : 's'} of this run in ${shownPath(outbox)}/ (one .eml file each)`;
};

/** Real milliseconds a stop may take before the process exits anyway. */
const stopDeadlineMs = 10_000;

/**
 * Resolves with what asked the sandbox to stop: SIGINT (Ctrl-C), SIGTERM (kill), SIGHUP (the
 * terminal closed), or the parent process gone. \`kill\` of npm's PID reaches this process as a
 * SIGTERM that npm passes on; when npm dies without passing anything on (kill -9), watching the
 * parent keeps the sandbox from living on, orphaned, with its ports held.
 */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    // node:timers, not the globals: the sandbox's clock scales those.
    const watch = setRealInterval(() => {
      if (process.ppid !== parent) stop('the process that started it ended');
    }, 250);
    // Later signals are ignored, not fatal: Ctrl-C under npm delivers SIGINT twice, from the
    // terminal and from npm, and the second must not cut the stop short.
    const stop = (reason: string) => {
      clearRealInterval(watch);
      resolve(reason);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  });
}

/** The banner's lines on what is in force: every injected fault, the quota and the settings a fault meets. */
function inForce(sandbox: Sandbox, faults: FaultsPatch): string[] {
  const injected = Object.entries(faults)
    .filter(([key, value]) => key !== 'quota' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key} ${JSON.stringify(value)}`);
  const { leaver, provisioner } = sandbox.settings;
  return [
    `  faults      ${injected.length > 0 ? injected.join(', ') : 'none injected'}`,
    `  quota       ${faults.quota ?? DEFAULT_FAULTS.quota} WorkSpaces (--quota N)`,
    `  leaver      grace period ${leaver.gracePeriodDays} days, warning ${leaver.warningLeadHours} hours before${leaver.dryRun ? ', dry run' : ''}`,
    `  mover       migration ${sandbox.settings.mover.allowMigration ? 'allowed' : 'off'}${sandbox.settings.mover.dryRun ? ', dry run' : ''}`,
    `  provisioner deadline ${provisioner.deadlineSeconds / 60} minutes, late watch ${provisioner.lateWatchHours} hours`,
  ];
}

async function serve(
  sandbox: Sandbox,
  dir: string,
  outbox: string,
  pagePort: number,
  settings: string[],
): Promise<number> {
  const page = await startLivePage(sandbox, pagePort).catch(async (error: unknown) => {
    await sandbox.stop();
    throw error;
  });
  recordAddress(dir, {
    url: sandbox.emulator.url,
    webhookUrl: sandbox.webhookUrl,
    pageUrl: page.url,
    pid: process.pid,
  });
  const stopped = stopRequested();
  console.log(
    `workspaces-lifecycle sandbox is up (pid ${process.pid}; 1 real second = ${sandbox.clock.scale} simulated seconds)`,
  );
  console.log(`  live page   ${page.url}   open it in a browser: send events, watch them go through`);
  console.log(`  AWS APIs    ${sandbox.emulator.url}   read-only admin API under /_sandbox`);
  console.log(`  HR webhook  ${sandbox.webhookUrl}   signed POSTs: see README, "The HR webhook"`);
  console.log(`              (sandbox key: ${sandboxWebhookSecret})`);
  console.log('In force:');
  for (const line of settings) console.log(line);
  console.log(`In another terminal (they find this sandbox through ${shownPath(join(dir, 'serve.json'))}):`);
  console.log('  npm run event -- examples/events/employee-joined.json   put an HR event on the bus');
  console.log('  npm run event -- joined examples/jane.json              the same, from a console input');
  console.log(
    '  npm run inspect -- executions                           (or workspaces, employees, emails, queue)',
  );
  console.log('  npm run failures                                        what failed, why, and what to run');
  console.log('  npm run roster -- review [--roster FILE]                run the fleet review now');
  console.log(`              its report: ${page.url}report (and .sandbox/s3/)`);
  console.log(
    `Emails land in ${shownPath(outbox)}/; the previous run's are in ${shownPath(`${outbox}.prev`)}/.`,
  );
  console.log(`Stop with Ctrl-C, or kill ${process.pid} (or npm's PID): either frees the ports.\n`);
  const reason = await stopped;
  console.log(`\nStopping (${reason})...`);
  const deadline = new AbortController();
  const finished = await Promise.race([
    Promise.all([page.stop(), sandbox.stop()]).then(() => true),
    realDelay(stopDeadlineMs, false, { signal: deadline.signal }),
  ]);
  deadline.abort();
  forgetAddress(dir, process.pid);
  if (!finished) {
    console.error(`sandbox: did not stop within ${stopDeadlineMs / 1000} s; exiting anyway`);
    return 1;
  }
  console.log(`Stopped. ${emailsIn(sandbox, outbox)}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as NodeJS.ErrnoException & { port?: number };
    if (e.code === 'EADDRINUSE')
      console.error(`sandbox: port ${e.port ?? ''} is already in use; pick another with --port`);
    else if (error instanceof ScenarioError || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      console.error(`sandbox: ${e.message}`);
    else console.error('sandbox: failed:', error);
    process.exit(2);
  },
);
