import type { FleetReviewSettings, ProfilesConfig } from './config';
import type { EmployeeJoinedV1, EmployeeLeftV1 } from './contracts';
import { type IntakeRules, intakeIssues } from './intake-rules';
import { LeaverTags } from './leaver';
import type { Roster, RosterPerson } from './roster';
import { ManagedByValue, Tags } from './workspaces';

/**
 * The fleet review's join: the WorkSpaces as DescribeWorkspaces and DescribeTags show them, the
 * roster, the running joiners and what the previous review saw, in; every disagreement and the
 * actions the settings allow, out. Pure: no AWS call, so every rule is tested directly.
 */

/** One WorkSpace as the review reads it. */
export interface FleetWorkspace {
  workspaceId: string;
  directoryId: string;
  userName: string;
  state: string;
  bundleId?: string;
  computeType?: string;
  runningMode?: string;
  tags: Record<string, string>;
}

/** A user of the configured directory, as Directory Service Data ListUsers summarises it. */
export interface DirectoryUserSummary {
  userName: string;
  enabled: boolean;
}

/** What the previous review saw of each WorkSpace's state, and since when (ISO 8601). */
export type StateHistory = Record<string, { state: string; since: string }>;

export const findingKinds = ['untagged', 'orphaned', 'missing', 'stuck', 'drifted', 'unknown'] as const;
export type FindingKind = (typeof findingKinds)[number];

export type ActionKind = 'adopt' | 'removeOrphaned' | 'provisionMissing';

/** What became of a finding's action: done (started), only described, switched off, or refused. */
export type Outcome = 'started' | 'dry-run' | 'off' | 'skipped' | 'reported';

export interface Finding {
  kind: FindingKind;
  workspaceId?: string;
  directoryId?: string;
  userName: string;
  employeeId?: string;
  state?: string;
  /** Why it is this kind, for a person. */
  detail: string;
  action?: ActionKind;
  outcome: Outcome;
  /** Why the action was not taken (off, dry run, cap, roster refused, collision). */
  reason?: string;
}

/** Tags that adopt a WorkSpace: whose it is, and that this project now manages it. */
export interface Adoption {
  workspaceId: string;
  tags: Record<string, string>;
}

/** An HR event the review puts on the bus, for the existing flows to act on. */
export type FleetEvent =
  | { detailType: 'Employee Joined'; detail: EmployeeJoinedV1 }
  | { detailType: 'Employee Left'; detail: EmployeeLeftV1 };

export interface FleetReviewInput {
  /** ISO 8601: the review's time. */
  now: string;
  /** The directory the project manages: only its WorkSpaces are matched to roster people by user name. */
  directoryId: string;
  roster: Roster;
  workspaces: FleetWorkspace[];
  /** Employee ids with a joiner (or rehire) running. */
  runningJoiners: string[];
  history: StateHistory;
  profiles: ProfilesConfig;
  settings: FleetReviewSettings;
  /** The deployment's rules beyond the contract: a joiner the dispatcher would refuse is not sent. */
  intakeRules?: IntakeRules;
  /** The configured directory's users, when they could be read (`managed-ad`); undefined otherwise. */
  users?: DirectoryUserSummary[];
}

export interface FleetReview {
  findings: Finding[];
  counts: Record<FindingKind, number>;
  adoptions: Adoption[];
  events: FleetEvent[];
  /** Why removals were refused as a whole, when they were. */
  refusal?: string;
  /** The history the next review compares with. */
  history: StateHistory;
  fleetSize: number;
}

/** A WorkSpace in these states is on its way out: not part of the fleet to reconcile. */
const leavingStates = new Set(['TERMINATING', 'TERMINATED']);
/** States an operator must look at when they last. */
const stuckStates = new Set(['ERROR', 'UNHEALTHY', 'SUSPENDED']);

/** Tag added on adoption: when the review adopted it. */
export const AdoptedAtTag = 'lifecycle-adopted-at';

/** The tag keys adoption sets: the IAM condition of AdoptWorkspace allows exactly these. */
export const adoptionTagKeys: readonly string[] = [Tags.EmployeeId, Tags.ManagedBy, AdoptedAtTag];

/** Midnight UTC of a date, or the instant of a date-time, in epoch ms. */
const instant = (date: string) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);

/** Whether the person's end date has passed: the end of a bare date (UTC), as the leaver reads it. */
export function hasLeft(person: RosterPerson, now: number): boolean {
  if (!person.endDate) return false;
  const end = /^\d{4}-\d{2}-\d{2}$/.test(person.endDate)
    ? instant(person.endDate) + 86_400_000
    : instant(person.endDate);
  return end <= now;
}

/** Whether the person has started: no start date, or it is today or past. */
export function hasStarted(person: RosterPerson, now: number): boolean {
  return !person.startDate || instant(person.startDate) <= now;
}

/** An event id from parts: only the characters the contract allows, at most 128. */
export function fleetEventId(...parts: string[]): string {
  return parts
    .join(':')
    .replace(/[^A-Za-z0-9._:-]/g, '-')
    .slice(0, 128);
}

/** The profile a person should have: explicit, else by department (any case), else the default. */
export function profileNameFor(person: RosterPerson, profiles: ProfilesConfig): string {
  if (person.profile) return person.profile;
  const department = person.department.trim().toLowerCase();
  const match = Object.entries(profiles.byDepartment).find(([d]) => d.trim().toLowerCase() === department);
  return match?.[1] ?? profiles.defaultProfile;
}

/** Runs the join and applies the safety rules; see the README's "Fleet review". */
export function reviewFleet(input: FleetReviewInput): FleetReview {
  const now = Date.parse(input.now);
  const today = input.now.slice(0, 10);
  const { settings, roster } = input;
  const byId = new Map(roster.people.map((p) => [p.employeeId, p]));
  const byUser = new Map(roster.people.map((p) => [p.userName.toLowerCase(), p]));
  const running = new Set(input.runningJoiners);
  const users = input.users && new Map(input.users.map((u) => [u.userName.toLowerCase(), u]));
  const fleet = input.workspaces.filter((w) => !leavingStates.has(w.state));
  const findings: Finding[] = [];
  const history: StateHistory = {};
  /** Employee ids that have a WorkSpace in the fleet (tagged for them, or matched by name). */
  const housed = new Map<string, string>();

  const report = (finding: Omit<Finding, 'outcome'> & { outcome?: Outcome }) =>
    findings.push({ outcome: 'reported', ...finding });

  for (const ws of fleet) {
    const seen = input.history[ws.workspaceId];
    const since = seen && seen.state === ws.state ? seen.since : input.now;
    history[ws.workspaceId] = { state: ws.state, since };
    const base = {
      workspaceId: ws.workspaceId,
      directoryId: ws.directoryId,
      userName: ws.userName,
      state: ws.state,
    };
    if (stuckStates.has(ws.state) && now - Date.parse(since) >= settings.stuckAfterHours * 3_600_000) {
      report({
        ...base,
        kind: 'stuck',
        employeeId: ws.tags[Tags.EmployeeId],
        detail: `${ws.state} since ${since}`,
      });
    }
    const taggedId = ws.tags[Tags.EmployeeId];
    const inDirectory = ws.directoryId === input.directoryId;
    const namesake = byUser.get(ws.userName.toLowerCase());
    const person = taggedId !== undefined ? byId.get(taggedId) : inDirectory ? namesake : undefined;

    if (taggedId === undefined && !person) {
      const noUser =
        inDirectory && users && !users.has(ws.userName.toLowerCase()) ? ', nor a directory user' : '';
      const elsewhere =
        namesake && !inDirectory
          ? `user name of ${namesake.employeeId} on the roster, but in directory ${ws.directoryId}, not ${input.directoryId}`
          : `no employee-id tag, and its user name is nobody on the roster${noUser}`;
      report({ ...base, kind: 'unknown', detail: elsewhere });
      continue;
    }
    const employeeId = taggedId ?? person?.employeeId ?? '';
    const other = housed.get(employeeId);
    if (other) {
      report({
        ...base,
        kind: 'drifted',
        employeeId,
        detail: `a second WorkSpace for ${employeeId} (first: ${other})`,
      });
      continue;
    }
    housed.set(employeeId, ws.workspaceId);

    if (taggedId === undefined && person) {
      report({
        ...base,
        kind: 'untagged',
        employeeId,
        detail: `user name of ${employeeId}; no employee-id tag`,
        action: 'adopt',
      });
    }
    if (!person || hasLeft(person, now)) {
      const detail = !person
        ? `tagged ${employeeId}, who is not on the roster`
        : `${employeeId} left on ${person.endDate}`;
      const collision = !person && namesake ? namesake.employeeId : undefined;
      report({
        ...base,
        kind: 'orphaned',
        employeeId,
        detail,
        action: 'removeOrphaned',
        ...(ws.tags[LeaverTags.RemoveAfter]
          ? {
              outcome: 'skipped',
              reason: `a leaver already removes it after ${ws.tags[LeaverTags.RemoveAfter]}`,
            }
          : ws.tags[LeaverTags.Protect] === 'true'
            ? { outcome: 'skipped', reason: `protected (${LeaverTags.Protect}=true)` }
            : !inDirectory
              ? {
                  outcome: 'skipped',
                  reason: `in directory ${ws.directoryId}: the leaver works in ${input.directoryId} only; an operator decides`,
                }
              : collision
                ? {
                    outcome: 'skipped',
                    reason: `its user name ${ws.userName} is now ${collision}'s on the roster: an operator decides`,
                  }
                : {}),
      });
      continue;
    }
    const user = inDirectory ? users?.get(ws.userName.toLowerCase()) : undefined;
    const disabled =
      user && !user.enabled && !ws.tags[LeaverTags.RemoveAfter]
        ? 'its directory user is disabled, and HR has the person active'
        : undefined;
    const drift = [driftOf(ws, person, input.profiles), disabled].filter(Boolean).join('; ');
    if (drift) report({ ...base, kind: 'drifted', employeeId, detail: drift });
  }

  for (const person of roster.people) {
    if (housed.has(person.employeeId) || !hasStarted(person, now) || hasLeft(person, now)) continue;
    const base = { userName: person.userName, employeeId: person.employeeId };
    if (running.has(person.employeeId)) continue;
    const { endDate: _end, ...asJoiner } = person;
    const refused = input.intakeRules
      ? intakeIssues('Employee Joined', { ...asJoiner, eventId: 'check' }, input.intakeRules)
      : [];
    const holder = fleet.find(
      (w) =>
        w.directoryId === input.directoryId && w.userName.toLowerCase() === person.userName.toLowerCase(),
    );
    report({
      ...base,
      kind: 'missing',
      detail: person.startDate
        ? `started ${person.startDate}; no WorkSpace, no joiner running`
        : 'no WorkSpace, no joiner running',
      action: 'provisionMissing',
      ...(holder
        ? {
            outcome: 'skipped',
            reason: `${holder.workspaceId} of user ${holder.userName} is tagged for ${holder.tags[Tags.EmployeeId]}: an operator decides`,
          }
        : refused.length > 0
          ? { outcome: 'skipped', reason: `the joiner would refuse it: ${refused.join('; ')}` }
          : {}),
    });
  }

  const fleetSize = fleet.length;
  const refusal = refusalOf(roster, findings, fleetSize, settings);
  const adoptions: Adoption[] = [];
  const events: FleetEvent[] = [];
  const adopted = new Set<string>();
  const counts: Record<ActionKind, number> = { adopt: 0, removeOrphaned: 0, provisionMissing: 0 };
  for (const finding of findings) {
    const kind = finding.action;
    if (!kind || finding.outcome !== 'reported') continue;
    const decide = (): Pick<Finding, 'outcome' | 'reason'> => {
      if (kind === 'removeOrphaned' && refusal) return { outcome: 'skipped', reason: refusal };
      if (
        kind === 'removeOrphaned' &&
        finding.workspaceId &&
        !isTagged(finding, input) &&
        !adopted.has(finding.workspaceId)
      )
        return {
          outcome: 'skipped',
          reason: 'untagged and not adopted: the leaver touches only tagged WorkSpaces',
        };
      if (!settings.actions[kind]) return { outcome: 'off', reason: `actions.${kind} is off` };
      if (counts[kind] >= settings.caps[kind])
        return {
          outcome: 'skipped',
          reason: `cap of ${settings.caps[kind]} per run reached: the next run continues`,
        };
      counts[kind]++;
      return settings.dryRun
        ? { outcome: 'dry-run', reason: 'dry run: nothing changed' }
        : { outcome: 'started' };
    };
    const decision = decide();
    Object.assign(finding, decision);
    if (decision.outcome !== 'started') continue;
    if (kind === 'adopt' && finding.workspaceId && finding.employeeId) {
      adopted.add(finding.workspaceId);
      adoptions.push({
        workspaceId: finding.workspaceId,
        tags: {
          [Tags.EmployeeId]: finding.employeeId,
          [Tags.ManagedBy]: ManagedByValue,
          [AdoptedAtTag]: input.now,
        },
      });
    } else if (kind === 'removeOrphaned' && finding.employeeId) {
      const person = byId.get(finding.employeeId);
      const lastWorkingDay = person?.endDate?.slice(0, 10) ?? today;
      const eventId = fleetEventId('fleet', 'left', finding.employeeId, lastWorkingDay);
      events.push({
        detailType: 'Employee Left',
        detail: {
          eventId,
          employeeId: finding.employeeId,
          userName: finding.userName,
          lastWorkingDay,
          immediate: false,
          occurredAt: input.now,
        },
      });
    } else if (kind === 'provisionMissing' && finding.employeeId) {
      const person = byId.get(finding.employeeId);
      if (!person) continue;
      const { endDate: _endDate, ...joiner } = person;
      events.push({
        detailType: 'Employee Joined',
        detail: {
          ...joiner,
          eventId: fleetEventId('fleet', 'joined', person.employeeId),
          occurredAt: input.now,
        },
      });
    }
  }

  const kinds = Object.fromEntries(findingKinds.map((k) => [k, 0])) as Record<FindingKind, number>;
  for (const f of findings) kinds[f.kind]++;
  return { findings, counts: kinds, adoptions, events, refusal, history, fleetSize };
}

function isTagged(finding: Finding, input: FleetReviewInput): boolean {
  const ws = input.workspaces.find((w) => w.workspaceId === finding.workspaceId);
  return ws?.tags[Tags.EmployeeId] !== undefined;
}

/** Why no one may be removed this run, if the roster looks wrong. */
function refusalOf(
  roster: Roster,
  findings: readonly Finding[],
  fleetSize: number,
  settings: FleetReviewSettings,
): string | undefined {
  if (roster.people.length === 0) return 'the roster has no valid row: no one is removed';
  if (roster.truncated) return "the roster's last row is cut short (a truncated file?): no one is removed";
  const orphaned = findings.filter((f) => f.kind === 'orphaned').length;
  const share = fleetSize === 0 ? 0 : orphaned / fleetSize;
  if (share > settings.maxOrphanedShare) {
    return `${orphaned} of ${fleetSize} WorkSpaces (${Math.round(share * 100)} %) would be orphaned, over maxOrphanedShare ${settings.maxOrphanedShare}: the roster looks wrong, no one is removed`;
  }
  return undefined;
}

/** How a WorkSpace differs from its person's profile, or undefined. */
function driftOf(ws: FleetWorkspace, person: RosterPerson, profiles: ProfilesConfig): string | undefined {
  const name = profileNameFor(person, profiles);
  const profile = profiles.profiles[name];
  if (!profile) return `profile ${name} is not configured`;
  const differences = [
    ws.bundleId && ws.bundleId !== profile.bundleId
      ? `bundle ${ws.bundleId}, profile ${name} has ${profile.bundleId}`
      : undefined,
    ws.computeType && ws.computeType !== profile.computeType
      ? `compute ${ws.computeType}, profile ${name} has ${profile.computeType}`
      : undefined,
    ws.runningMode && ws.runningMode !== profile.runningMode
      ? `running mode ${ws.runningMode}, profile ${name} has ${profile.runningMode}`
      : undefined,
  ].filter((d): d is string => d !== undefined);
  return differences.length > 0 ? differences.join('; ') : undefined;
}
