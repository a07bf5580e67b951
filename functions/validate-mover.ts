import { z } from 'zod';
import {
  type DirectoryMode,
  leaverSettingsSchema,
  moverSettingsSchema,
  type Profile,
  profilesConfigSchema,
  readDirectoryMode,
  readJsonEnv,
  readJsonFileEnv,
} from './commons/config';
import { type EmployeeChangedV1, employeeChangedV1Schema, unwrapEvent } from './commons/contracts';
import { Env } from './commons/env';
import { InvalidInputError } from './commons/errors';
import { intakeIssues, intakeRulesOf } from './commons/intake-rules';
import { orderedAtOf } from './commons/leaver';
import { logger } from './commons/logger';
import { parseInput, taskHandler } from './commons/task';
import { endOfLastDay } from './validate-leaver';

const profiles = readJsonFileEnv(Env.ProfilesFile, profilesConfigSchema);
const settings = readJsonEnv(Env.MoverSettings, moverSettingsSchema);
const leaver = readJsonEnv(Env.LeaverSettings, leaverSettingsSchema);
const directoryMode = readDirectoryMode();
const rules = intakeRulesOf(profiles, false, directoryMode);

const inputSchema = z.object({
  /** The execution input: the change event, or an EventBridge event carrying it. */
  event: z.unknown(),
  /** `$$.Execution.StartTime`: the ordering time when the event has no `occurredAt`. */
  startedAt: z.iso.datetime({ offset: true }),
});

/** The normalised change the rest of the mover works from. */
export interface Mover {
  eventId: string;
  employee: { employeeId: string; userName: string };
  orderedAt: string;
  startedAt: string;
  /** When the change takes effect, present only when that is later than now (and not a dry run). */
  waitUntil?: string;
  effectiveAt: string;
  /** The UpdateDirectoryUser input (names and email), when any changed. */
  directory?: {
    eventId: string;
    userName: string;
    givenName?: string;
    familyName?: string;
    email?: string;
    dryRun: boolean;
  };
  /** AD's manager attribute is a distinguished name, not an email: reported, not written. */
  managerEmail?: string;
  /** The profile the new department or explicit profile maps to, when one was given. */
  target?: { name: string; profile: Profile; department?: string };
  /** `set` schedules the leaver for that day; `clear` cancels a scheduled one. */
  contractEnd?: { set?: string; clear?: true; refusal?: string };
  dryRun: boolean;
  allowMigration: boolean;
  directoryMode: DirectoryMode;
  /** How many times the flow looked again for a WorkSpace not there yet (a joiner still onboarding). */
  lookCount: { value: number };
}

/** A Standard execution lives at most a year: the leaver's own limit, with its grace period. */
const longestRunMillis = 360 * 86_400_000;

const byDepartment = new Map(
  Object.entries(profiles.byDepartment).map(([department, name]) => [department.trim().toLowerCase(), name]),
);

/** The profile a change points at: an explicit one first, else the new department's, else the default. */
function targetOf(change: EmployeeChangedV1): Mover['target'] {
  if (change.profile === undefined && change.department === undefined) return undefined;
  const name =
    change.profile ??
    byDepartment.get((change.department ?? '').trim().toLowerCase()) ??
    profiles.defaultProfile;
  return {
    name,
    profile: profiles.profiles[name],
    ...(change.department ? { department: change.department } : {}),
  };
}

function contractEndOf(date: string | null | undefined, now: number): Mover['contractEnd'] {
  if (date === undefined) return undefined;
  if (date === null) return { clear: true };
  const removal = Math.max(endOfLastDay(date), now) + leaver.gracePeriodDays * 86_400_000;
  if (removal - now > longestRunMillis)
    return {
      refusal: `contract end ${date} is too far ahead: its removal would come after the one-year limit of an execution; send the change again within the year`,
    };
  return { set: date };
}

/** Validates a change and plans when it takes effect. Pure: no AWS call. */
export function normaliseMover(event: unknown, startedAt: string, now = Date.now()): Mover {
  const input = parseInput(employeeChangedV1Schema, unwrapEvent(event));
  const issues = intakeIssues('Employee Changed', input, rules);
  if (issues.length > 0) throw new InvalidInputError(`Invalid input: ${issues.join('; ')}`);
  const effective = input.effectiveDate
    ? Date.parse(
        /^\d{4}-\d{2}-\d{2}$/.test(input.effectiveDate)
          ? `${input.effectiveDate}T00:00:00Z`
          : input.effectiveDate,
      )
    : now;
  const directory = Object.fromEntries(
    (['givenName', 'familyName', 'email'] as const).flatMap((key) => (input[key] ? [[key, input[key]]] : [])),
  );
  const target = targetOf(input);
  const contractEnd = contractEndOf(input.contractEndDate, Math.max(now, effective));
  return {
    eventId: input.eventId,
    employee: { employeeId: input.employeeId, userName: input.userName },
    orderedAt: orderedAtOf(input.occurredAt, startedAt),
    startedAt,
    ...(effective > now && !settings.dryRun ? { waitUntil: new Date(effective).toISOString() } : {}),
    effectiveAt: new Date(Math.max(effective, now)).toISOString(),
    ...(Object.keys(directory).length > 0
      ? {
          directory: {
            eventId: input.eventId,
            userName: input.userName,
            ...directory,
            dryRun: settings.dryRun,
          },
        }
      : {}),
    ...(input.managerEmail ? { managerEmail: input.managerEmail } : {}),
    ...(target ? { target } : {}),
    ...(contractEnd ? { contractEnd } : {}),
    dryRun: settings.dryRun,
    allowMigration: settings.allowMigration,
    directoryMode,
    lookCount: { value: 0 },
  };
}

/** Checks the change event and when it takes effect. */
export const handler = taskHandler(inputSchema, async ({ event, startedAt }) => {
  const mover = normaliseMover(event, startedAt);
  logger.info('Change accepted', {
    eventId: mover.eventId,
    employeeId: mover.employee.employeeId,
    profile: mover.target?.name,
    waitUntil: mover.waitUntil,
    dryRun: mover.dryRun,
  });
  return mover;
});
