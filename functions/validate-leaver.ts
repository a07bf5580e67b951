import { z } from 'zod';
import { type DirectoryMode, leaverSettingsSchema, readDirectoryMode, readJsonEnv } from './commons/config';
import {
  type EmployeeLeftV1,
  employeeLeftV1Schema,
  unwrapEvent,
  workspaceUnusedV1Schema,
} from './commons/contracts';
import { Env } from './commons/env';
import { InvalidInputError } from './commons/errors';
import { orderedAtOf } from './commons/leaver';
import { logger } from './commons/logger';
import { parseInput, taskHandler } from './commons/task';

const settings = readJsonEnv(Env.LeaverSettings, leaverSettingsSchema);
const directoryMode = readDirectoryMode();

const inputSchema = z.object({
  /** The execution input: the leaver event, or an EventBridge event carrying it. */
  event: z.unknown(),
  /** `$$.Execution.StartTime`: a rehire tagged later than this voids the leaver event. */
  startedAt: z.iso.datetime({ offset: true }),
});

/** The normalised leaver the rest of the flow works from. */
export interface Leaver {
  eventId: string;
  employee: Pick<EmployeeLeftV1, 'employeeId' | 'userName'>;
  lastWorkingDay: string;
  immediate: boolean;
  startedAt: string;
  /** The event's ordering time: `occurredAt`, else when it arrived. */
  orderedAt: string;
  dryRun: boolean;
  directoryMode: DirectoryMode;
  /**
   * A "WorkSpace Unused" event: only this WorkSpace is removed, the person stays (their directory
   * user is neither disabled nor deleted), and a connection after `warnedAt` cancels. Null for a leaver.
   */
  unused: { workspaceId: string; warnedAt: string; reason: string } | null;
  schedule: {
    /** When access is cut; present only when that is in the future (and not in dry run). */
    cutAt?: string;
    /** When operators are warned that the removal is near. */
    warnAt: string;
    /** When the WorkSpace is terminated, unless something changed by then. */
    removeAt: string;
  };
}

/** A Standard execution lives at most a year; keep a margin for the waits' own slack. */
const longestRunMillis = 360 * 86_400_000;

/** The end of the last working day: the next midnight UTC for a bare date, the instant itself otherwise. */
export function endOfLastDay(lastWorkingDay: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(lastWorkingDay)
    ? Date.parse(`${lastWorkingDay}T00:00:00Z`) + 86_400_000
    : Date.parse(lastWorkingDay);
}

/** Validates a leaver and plans its times. Pure: no AWS call. */
export function normaliseLeaver(event: unknown, startedAt: string, now = Date.now()): Leaver {
  const detail = unwrapEvent(event);
  let input: EmployeeLeftV1;
  let unused: Leaver['unused'] = null;
  if (typeof detail === 'object' && detail !== null && 'workspaceId' in detail) {
    // The review's "WorkSpace Unused": removed from now on, through the same grace period.
    const u = parseInput(workspaceUnusedV1Schema, detail);
    input = {
      eventId: u.eventId,
      employeeId: u.employeeId,
      userName: u.userName,
      lastWorkingDay: new Date(now).toISOString(),
      immediate: true,
      occurredAt: u.occurredAt,
    };
    unused = { workspaceId: u.workspaceId, warnedAt: u.warnedAt, reason: u.reason };
  } else {
    input = parseInput(employeeLeftV1Schema, detail);
  }
  const effective = input.immediate ? now : endOfLastDay(input.lastWorkingDay);
  // A dry run reports the schedule and runs through at once.
  const cutLater = effective > now && !settings.dryRun;
  const cut = Math.max(effective, now);
  const removeAt = cut + settings.gracePeriodDays * 86_400_000;
  const warnAt = Math.max(cut, removeAt - settings.warningLeadHours * 3_600_000);
  if (removeAt - now > longestRunMillis) {
    throw new InvalidInputError(
      'Invalid input: lastWorkingDay: too far ahead; the removal would come after the one-year limit of an execution. Send the event closer to the date.',
    );
  }
  return {
    eventId: input.eventId,
    employee: { employeeId: input.employeeId, userName: input.userName },
    lastWorkingDay: input.lastWorkingDay,
    immediate: input.immediate,
    startedAt,
    orderedAt: orderedAtOf(input.occurredAt, startedAt),
    dryRun: settings.dryRun,
    directoryMode,
    unused,
    schedule: {
      ...(cutLater ? { cutAt: new Date(cut).toISOString() } : {}),
      warnAt: new Date(warnAt).toISOString(),
      removeAt: new Date(removeAt).toISOString(),
    },
  };
}

/** Checks the leaver event and sets when access is cut, when operators are warned, when the WorkSpace goes. */
export const handler = taskHandler(inputSchema, async ({ event, startedAt }) => {
  const leaver = normaliseLeaver(event, startedAt);
  logger.info('Leaver accepted', {
    eventId: leaver.eventId,
    employeeId: leaver.employee.employeeId,
    immediate: leaver.immediate,
    dryRun: leaver.dryRun,
    ...leaver.schedule,
  });
  return leaver;
});
