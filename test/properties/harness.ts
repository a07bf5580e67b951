import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as realDelay } from 'node:timers/promises';
import type { HrDetailType } from '../../functions/commons/contracts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/sandbox';
import { type Arrival, type Expectation, expectedEndStates, type HrKind } from './model';

/**
 * Drives one HR event sequence through the sandbox in compressed time, records what each
 * employee's WorkSpaces and directory user look like as it runs, and checks the invariants of
 * issue 12 against the model in `model.ts`.
 */

/** When a planned leaver's last working day is, relative to the day it arrives. */
export type LeftWhen = 'immediate' | 'past' | 'today' | 'tomorrow';

/** One logical HR event: its place in the plan's `events` is its logical (`occurredAt`) order. */
export interface PlannedEvent {
  employee: number;
  kind: HrKind;
  /** Leavers only. */
  when?: LeftWhen;
}

/** One arrival on the bus: `event` indexes `Plan.events`; the same index twice is a resent event. */
export interface PlannedArrival {
  event: number;
  /** Simulated seconds after the previous arrival (the first one's is ignored). */
  gapSeconds: number;
}

export interface Plan {
  events: PlannedEvent[];
  arrivals: PlannedArrival[];
}

/** The invariants of issue 12, by name. */
export const invariants = [
  'OneWorkspaceAtMost',
  'LeftAccessCut',
  'LeftRemoved',
  'ActiveHasWorkspace',
  'FailuresAlerted',
  'OnePasswordPerJoining',
  'NoDeadLetters',
  'ChangeApplied',
] as const;
export type Invariant = (typeof invariants)[number];

/** How the sandbox runs for these properties: a grace period of 72 simulated minutes. */
export const leaverSettings = { gracePeriodDays: 0.05, warningLeadHours: 0.5 };
export const gracePeriodMs = leaverSettings.gracePeriodDays * 24 * 3600 * 1000;
/** Access must be cut this long after the effective time at the latest. */
export const cutWithinMs = 15 * 60_000;
/** After the removal time plus this, the WorkSpace must be gone. */
export const removalMarginMs = 30 * 60_000;
/** Provisioning takes 20 minutes (10 at least) plus the provisioner's first look: room for it. */
export const provisioningRoomMs = 60 * 60_000;
/** States in which a leaver's WorkSpace gives no access (STOPPING: the stop is under way). */
const cutStates: readonly string[] = ['STOPPING', 'STOPPED', 'TERMINATING', 'TERMINATED'];
/**
 * States in which no WorkSpace can be stopped (AWS: StopWorkspaces needs AVAILABLE, IMPAIRED,
 * UNHEALTHY or ERROR) and no one can sign in: a leaver stops it once it leaves them.
 */
const notYetStoppable: readonly string[] = [
  'PENDING',
  'STARTING',
  'REBOOTING',
  'REBUILDING',
  'RESTORING',
  'UPDATING',
];
/**
 * How long a WorkSpace may run once it could be stopped. The leaver looks again every minute, and
 * its look, the tag read and the stop each wait for a provisioner round (one a minute), then
 * STOPPING takes a minute: about 5 minutes by design, and rounds run late on a loaded machine.
 */
export const stopOnceStoppableMs = 10 * 60_000;

/**
 * When, from `from` on, a leaver's access was still open: a user enabled, or a WorkSpace running
 * for longer than {@link stopOnceStoppableMs} after it could first be stopped.
 */
function accessOpenAt(timeline: Snapshot[], from: number): Snapshot | undefined {
  const runningSince = new Map<string, number>();
  for (const [i, s] of timeline.entries()) {
    const until = i + 1 < timeline.length ? timeline[i + 1].at : Number.POSITIVE_INFINITY;
    for (const w of s.workspaces) {
      const running = !cutStates.includes(w.state) && !notYetStoppable.includes(w.state);
      if (!running) runningSince.delete(w.id);
      else if (!runningSince.has(w.id)) runningSince.set(w.id, Math.max(s.at, from));
    }
    if (until <= from) continue;
    if (s.user === 'enabled') return s;
    for (const since of runningSince.values()) if (until - since > stopOnceStoppableMs) return s;
  }
  return undefined;
}

/**
 * Simulated seconds per real second. At 3000 a real millisecond is 3 simulated seconds, so the
 * flows' own CPU time (tens of real ms per step) stays well inside the 15-minute cut allowance.
 */
export const defaultTimeScale = 3000;

export async function startPropertySandbox(timeScale = defaultTimeScale): Promise<Sandbox> {
  const options: SandboxOptions = {
    timeScale,
    seed: 12,
    outboxDir: mkdtempSync(join(tmpdir(), 'outbox-props-')),
    leaver: leaverSettings,
  };
  const sandbox = await startSandbox(options);
  // WorkSpaces a broken flow leaves behind must not exhaust the quota for later sequences.
  sandbox.emulator.setFaults({ quota: 1_000_000 });
  return sandbox;
}

const detailTypes: Record<HrKind, HrDetailType> = {
  joined: 'Employee Joined',
  left: 'Employee Left',
  rehired: 'Employee Rehired',
  changed: 'Employee Changed',
};
/** The departments a change moves people to, and the profiles they map to (example configuration). */
const changes = [
  { department: 'Engineering', profile: 'power' },
  { department: 'Call Centre', profile: 'value' },
] as const;
/** A compute type or volume change keeps the WorkSpace rebooting this long (the emulator's modifySeconds). */
const rebootRoomMs = 20 * 60_000;
const givenNames = ['Ada', 'Grace', 'Alan'];
const familyNames = ['Example', 'Sample', 'Placeholder'];
const dayMs = 24 * 3600 * 1000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Names of employee `e` in run `run`: unique per run, so one sandbox serves many runs. */
export function person(run: number, e: number) {
  return {
    employeeId: `PBT-${run}-${e}`,
    userName: `pbt.r${run}e${e}`,
    managerEmail: `manager.r${run}e${e}@example.com`,
    eventPrefix: `pbt-r${run}-e${e}-`,
  };
}

/** The plan as one line per arrival, for failure messages and regression tests. */
export function describePlan(plan: Plan): string {
  return plan.arrivals
    .map((a, k) => {
      const e = plan.events[a.event];
      const resent = plan.arrivals.findIndex((b) => b.event === a.event) < k ? ' (resent)' : '';
      const gap = k === 0 ? '' : `+${formatDuration(a.gapSeconds * 1000)} `;
      return `  ${gap}#${a.event} ${e.kind}${e.when ? `(${e.when})` : ''} e${e.employee}${resent}`;
    })
    .join('\n');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** What one employee looks like at one moment. */
export interface Snapshot {
  at: number;
  workspaces: { id: string; state: string; tagged: boolean; profile?: string }[];
  user: 'absent' | 'enabled' | 'disabled';
}

export interface RunReport {
  plan: Plan;
  arrivals: Arrival[];
  expected: Expectation[];
  /** Per employee: every change seen while running; the last one is the end state. */
  timelines: Map<number, Snapshot[]>;
  violations: { invariant: Invariant; employee?: number; message: string }[];
  /** This run's executions: name, status and, when it failed, why. */
  executions: string[];
  startedAt: number;
  endedAt: number;
}

/**
 * The details put on the bus for a plan, with the simulated time each is put. `occurredAt` is the
 * logical time: strictly increasing with the index in `events`, and never after the event's first
 * arrival (so an event that arrives early in a permuted order carries an earlier time).
 */
function buildDetails(plan: Plan, run: number, t0: number) {
  const times: number[] = [];
  for (const [k, a] of plan.arrivals.entries()) times.push(k === 0 ? t0 : times[k - 1] + a.gapSeconds * 1000);
  const n = plan.events.length;
  const occurred = plan.events.map((_, j) => {
    const later = plan.arrivals.flatMap((a, k) => (a.event >= j ? [times[k]] : []));
    return Math.min(...later) - (n - j) * 1000;
  });
  const firstArrival = plan.events.map((_, j) => times[plan.arrivals.findIndex((a) => a.event === j)]);
  const joinedBefore = (j: number) =>
    plan.events.slice(0, j).filter((e) => e.kind === 'joined' && e.employee === plan.events[j].employee)
      .length;
  const details = plan.events.map((e, j) => {
    const p = person(run, e.employee);
    const common = {
      eventId: `${p.eventPrefix}${j}-${e.kind}`,
      employeeId: p.employeeId,
      userName: p.userName,
      occurredAt: new Date(occurred[j]).toISOString(),
    };
    if (e.kind === 'left') {
      const day =
        firstArrival[j] +
        { immediate: 0, past: -2 * dayMs, today: 0, tomorrow: dayMs }[e.when ?? 'immediate'];
      return { ...common, lastWorkingDay: isoDay(day), immediate: e.when === 'immediate' };
    }
    if (e.kind === 'changed') {
      const { department } = changes[j % changes.length];
      return {
        ...common,
        department,
        familyName: `${familyNames[e.employee % familyNames.length]}-Changed${j}`,
      };
    }
    // A second "joined" for the same person is HR correcting the family name.
    const correction = e.kind === 'joined' && joinedBefore(j) > 0 ? `-Corrected${joinedBefore(j)}` : '';
    return {
      ...common,
      givenName: givenNames[e.employee % givenNames.length],
      familyName: `${familyNames[e.employee % familyNames.length]}${correction}`,
      email: `${p.userName}@example.com`,
      department: 'Finance',
      managerEmail: p.managerEmail,
    };
  });
  return { times, details };
}

/** Waits, sampling, until simulated time reaches `at`; the real deadline scales with the distance. */
async function untilSimTime(sandbox: Sandbox, at: number, sample: () => void): Promise<void> {
  const realMs = Math.max(0, at - sandbox.clock.now()) / sandbox.clock.scale;
  const deadline = performance.now() + realMs * 2 + 5_000;
  while (sandbox.clock.now() < at) {
    if (performance.now() > deadline)
      throw new Error(`simulated time did not reach ${new Date(at).toISOString()}`);
    sample();
    await realDelay(2);
  }
}

/** Runs `plan` as run number `run` (its people and event ids carry the number) and checks it. */
export async function runPlan(
  sandbox: Sandbox,
  plan: Plan,
  run: number,
  checked: readonly Invariant[] = invariants,
): Promise<RunReport> {
  const { state } = sandbox.emulator;
  const employees = [...new Set(plan.events.map((e) => e.employee))].sort((a, b) => a - b);
  const timelines = new Map<number, Snapshot[]>(employees.map((e) => [e, []]));

  const sample = () => {
    const at = sandbox.clock.now();
    const workspaces = state.workspaces;
    const users = state.users;
    for (const e of employees) {
      const p = person(run, e);
      const mine = workspaces.filter(
        (w) =>
          w.UserName === p.userName ||
          w.Tags.some((t) => t.Key === 'employee-id' && t.Value === p.employeeId),
      );
      const user = users.find((u) => u.samAccountName.toLowerCase() === p.userName);
      const snapshot: Snapshot = {
        at,
        workspaces: mine.map((w) => ({
          id: w.WorkspaceId,
          state: w.State,
          tagged: w.Tags.some((t) => t.Key === 'employee-id' && t.Value === p.employeeId),
          profile: w.Tags.find((t) => t.Key === 'workspace-profile')?.Value,
        })),
        user: user === undefined ? 'absent' : user.enabled ? 'enabled' : 'disabled',
      };
      const timeline = timelines.get(e) ?? [];
      const last = timeline[timeline.length - 1];
      if (!last || JSON.stringify({ ...last, at: 0 }) !== JSON.stringify({ ...snapshot, at: 0 })) {
        timeline.push(snapshot);
      }
    }
  };

  // A few simulated seconds of lead so the first event's planned time is not already past.
  const startedAt = sandbox.clock.now() + 5_000;
  const { times, details } = buildDetails(plan, run, startedAt);
  const arrivals: Arrival[] = [];
  const violations: RunReport['violations'] = [];
  for (const [k, a] of plan.arrivals.entries()) {
    await untilSimTime(sandbox, times[k], sample);
    const event = plan.events[a.event];
    const detail = details[a.event];
    const arrivedAt = sandbox.clock.now();
    await sandbox.putHrEvent(detailTypes[event.kind], detail);
    arrivals.push({
      eventId: detail.eventId,
      employee: event.employee,
      kind: event.kind,
      occurredAt: Date.parse(detail.occurredAt),
      arrivedAt,
      lastWorkingDay: 'lastWorkingDay' in detail ? detail.lastWorkingDay : undefined,
      immediate: 'immediate' in detail ? detail.immediate : undefined,
      profile: event.kind === 'changed' ? changes[a.event % changes.length].profile : undefined,
    });
  }
  const expected = expectedEndStates(arrivals, gracePeriodMs);

  // Let it settle: provisioning after the last event, and every removal plus its margin.
  const lastArrival = arrivals[arrivals.length - 1].arrivedAt;
  const settleAt = Math.max(
    lastArrival + provisioningRoomMs,
    ...expected.map((x) => (x.removeAt === undefined ? 0 : x.removeAt + removalMarginMs)),
  );
  await untilSimTime(sandbox, settleAt, sample);
  // Flows may still wait (a superseded leaver dated tomorrow): allow for the longest of them.
  const longestWait = Math.max(
    ...arrivals.map((a) => (a.lastWorkingDay ? Date.parse(a.lastWorkingDay) + 2 * dayMs + gracePeriodMs : 0)),
  );
  const idleRealMs = Math.max(0, longestWait - sandbox.clock.now()) / sandbox.clock.scale + 20_000;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      sample();
      await realDelay(2);
    }
  })();
  try {
    await sandbox.idle(idleRealMs);
  } catch (error) {
    violations.push({ invariant: 'LeftRemoved', message: `not settled: ${(error as Error).message}` });
  } finally {
    sampling = false;
    await sampler;
  }
  // A mover's last change may still be rebooting the WorkSpace when its flow ends.
  if (arrivals.some((a) => a.kind === 'changed'))
    await untilSimTime(sandbox, sandbox.clock.now() + rebootRoomMs, sample);
  sample();
  const endedAt = sandbox.clock.now();

  violations.push(...checkRun(sandbox, run, expected, timelines, arrivals));
  return {
    plan,
    arrivals,
    expected,
    timelines,
    violations: violations.filter((v) => checked.includes(v.invariant)),
    executions: state.executions
      .filter((ex) => ex.name.startsWith(`pbt-r${run}-`))
      .map((ex) => `${ex.name} ${ex.status}${ex.error ? ` ${ex.error}: ${ex.cause?.slice(0, 120)}` : ''}`),
    startedAt,
    endedAt,
  };
}

/** Every invariant of issue 12 against what was recorded. */
function checkRun(
  sandbox: Sandbox,
  run: number,
  expected: Expectation[],
  timelines: Map<number, Snapshot[]>,
  arrivals: Arrival[],
): RunReport['violations'] {
  const { state } = sandbox.emulator;
  const violations: RunReport['violations'] = [];
  const at = (ms: number) => new Date(ms).toISOString().slice(11, 19);
  for (const x of expected) {
    const p = person(run, x.employee);
    const timeline = timelines.get(x.employee) ?? [];
    const end = timeline[timeline.length - 1];
    const live = (s: Snapshot) => s.workspaces.filter((w) => w.state !== 'TERMINATED');
    const fail = (invariant: Invariant, message: string) =>
      violations.push({ invariant, employee: x.employee, message: `e${x.employee}: ${message}` });

    const crowded = timeline.find((s) => live(s).length > 1);
    if (crowded)
      fail('OneWorkspaceAtMost', `${live(crowded).length} WorkSpaces at ${at(crowded.at)}: ${show(crowded)}`);

    if (x.intent === 'left' && x.cutAt !== undefined && x.removeAt !== undefined) {
      const from = x.cutAt + cutWithinMs;
      const open = accessOpenAt(timeline, from);
      if (open)
        fail(
          'LeftAccessCut',
          `access still open at ${at(Math.max(open.at, from))} (cut due ${at(x.cutAt)}): ${show(open)}`,
        );
      if (live(end).length > 0 || end.user === 'enabled')
        fail('LeftRemoved', `at the end (removal due ${at(x.removeAt)}): ${show(end)}`);
    }
    if (x.intent === 'active') {
      const available = end.workspaces.filter((w) => w.state === 'AVAILABLE' && w.tagged);
      if (available.length !== 1 || live(end).length !== 1 || end.user !== 'enabled')
        fail('ActiveHasWorkspace', `at the end: ${show(end)}`);
      if (x.profile !== undefined && available.some((w) => w.profile !== x.profile))
        fail('ChangeApplied', `the newest change wants profile ${x.profile}; at the end: ${show(end)}`);
    }

    const passwords = state.emails.filter(
      (m) => m.to.includes(p.managerEmail) && (m.subject ?? '').startsWith('Initial password'),
    ).length;
    if (passwords > x.joinings)
      fail('OnePasswordPerJoining', `${passwords} initial-password emails for ${x.joinings} joining(s)`);

    for (const execution of state.executions.filter((ex) => ex.name.startsWith(p.eventPrefix))) {
      if (execution.status === 'RUNNING') fail('LeftRemoved', `${execution.name} still RUNNING`);
      if (execution.status !== 'FAILED') continue;
      const alerted = state.messages.some((m) => m.message.includes(execution.name));
      const why = `${execution.name} FAILED (${execution.error}: ${execution.cause?.slice(0, 160)})`;
      if (!alerted) fail('FailuresAlerted', `${why} without an operators' alert`);
    }
  }
  const prefixes = [...new Set(arrivals.map((a) => person(run, a.employee).eventPrefix))];
  for (const letter of sandbox.deadLetters) {
    const eventId = String((letter.event.detail as { eventId?: unknown }).eventId ?? '');
    if (prefixes.some((prefix) => eventId.startsWith(prefix)))
      violations.push({
        invariant: 'NoDeadLetters',
        message: `${eventId} dead-lettered: ${letter.error} ${letter.reason}`,
      });
  }
  return violations;
}

function show(s: Snapshot): string {
  const ws = s.workspaces
    .map((w) => `${w.id} ${w.state}${w.tagged ? '' : ' (untagged)'}${w.profile ? ` ${w.profile}` : ''}`)
    .join(', ');
  return `WorkSpaces [${ws}], user ${s.user}`;
}

/** A failure message: the sequence, what was expected and what was there. */
export function explain(report: RunReport): string {
  const rel = (ms: number) => `t+${formatDuration(ms - report.startedAt)}`;
  const lines = [
    'Sequence (arrival order; #n is the logical order, occurredAt increases with n):',
    describePlan(report.plan),
    'Arrived:',
    ...report.arrivals.map(
      (a) =>
        `  ${rel(a.arrivedAt)} ${a.eventId} occurredAt ${rel(a.occurredAt ?? a.arrivedAt)}` +
        (a.lastWorkingDay ? ` lastWorkingDay ${a.lastWorkingDay}${a.immediate ? ' immediate' : ''}` : ''),
    ),
    'Expected:',
    ...report.expected.map(
      (x) =>
        `  e${x.employee}: ${x.intent} (decided by ${x.decidedBy}), joinings ${x.joinings}` +
        (x.cutAt !== undefined && x.removeAt !== undefined
          ? `, cut ${rel(x.cutAt)}, removal ${rel(x.removeAt)}`
          : ''),
    ),
    `Actual at the end (${rel(report.endedAt)}):`,
    ...[...report.timelines].map(([e, t]) => `  e${e}: ${show(t[t.length - 1])}`),
    'Executions:',
    ...report.executions.map((e) => `  ${e}`),
    'Violations:',
    ...report.violations.map((v) => `  [${v.invariant}] ${v.message}`),
  ];
  return lines.join('\n');
}

/**
 * Runs the joiner, leaver and rehire flows once so every handler is loaded: a cold start costs
 * hundreds of real milliseconds, which at these time scales would be simulated hours.
 */
export async function warmUp(sandbox: Sandbox): Promise<void> {
  await runPlan(
    sandbox,
    {
      events: [
        { employee: 0, kind: 'joined' },
        { employee: 0, kind: 'left', when: 'immediate' },
        { employee: 0, kind: 'rehired' },
      ],
      arrivals: [
        { event: 0, gapSeconds: 0 },
        { event: 1, gapSeconds: 3600 },
        { event: 2, gapSeconds: 600 },
      ],
    },
    0,
  );
}
