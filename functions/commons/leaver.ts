import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isErrorNamed, type LifecycleErrorClass, mapAwsError } from './aws-errors';
import type { DirectoryMode } from './config';
import { DirectoryError, TransientError } from './errors';
import { logger } from './logger';
import { moverTagKeys } from './mover';
import { Tags } from './workspaces';

/**
 * Tag keys of the leaver and rehire flows. The removal tags say, on the WorkSpace itself,
 * when it goes and which leaver event decided it; the leaver re-reads them before it
 * terminates, so a rehire (or an operator) cancels a removal by changing the WorkSpace.
 */
export const LeaverTags = {
  /** ISO 8601 instant after which the leaver flow terminates the WorkSpace. */
  RemoveAfter: 'lifecycle-remove-after',
  /** The leaver event that scheduled the removal. */
  RemovalEventId: 'lifecycle-removal-event-id',
  /** That leaver event's ordering time (`occurredAt`, else arrival): an older rehire or joiner cannot undo it. */
  RemovalOrderedAt: 'lifecycle-removal-ordered-at',
  /** Set to `true` by an operator: the WorkSpace is never terminated by a leaver flow. */
  Protect: 'lifecycle-protect',
  /** ISO 8601 instant of the latest rehire: a leaver event older than this is void. */
  RehiredAt: 'lifecycle-rehired-at',
  /** The rehire event that last restored the WorkSpace. */
  RehireEventId: 'lifecycle-rehire-event-id',
} as const;

/** The removal tags: taking them off cancels a scheduled removal (a rehire, a newer joiner). */
export const removalTagKeys: readonly string[] = [
  LeaverTags.RemoveAfter,
  LeaverTags.RemovalEventId,
  LeaverTags.RemovalOrderedAt,
];

/**
 * Every tag the lifecycle flows set on a WorkSpace after creating it: the leaver's and rehire's,
 * the joiner event now in charge of it, and the mover's (its profile, department and the times
 * of its changes). An operator's protection is not one, nor whose it is.
 */
export const lifecycleTagKeys: readonly string[] = [
  ...Object.values(LeaverTags).filter((k) => k !== LeaverTags.Protect),
  Tags.EventId,
  Tags.JoinedAt,
  ...moverTagKeys,
  // The review's cost part (functions/commons/cost.ts, CostTags): when the person was warned their
  // unused WorkSpace goes (the running mode's last change is the mover's key too).
  'lifecycle-unused-warned-at',
];

/** The tag that marks whose WorkSpace it is: only a match with the leaver's id is ours to touch. */
export const EmployeeTag = Tags.EmployeeId;

/** States in which a WorkSpace can hold a session, and StopWorkspaces accepts it (API reference). */
export const stoppableStates: ReadonlySet<string> = new Set(['AVAILABLE', 'IMPAIRED', 'UNHEALTHY', 'ERROR']);

/**
 * States a WorkSpace passes through on its way to one that can be stopped: a leaver waits for
 * them to end rather than leave the WorkSpace running through the grace period.
 */
export const transitionalStates: ReadonlySet<string> = new Set([
  'PENDING',
  'STARTING',
  'REBOOTING',
  'REBUILDING',
  'RESTORING',
  'UPDATING',
  'MAINTENANCE',
  'ADMIN_MAINTENANCE',
]);

/** The time an HR event counts from: HR's `occurredAt` when it gave one, else when it arrived. */
export const orderedAtOf = (occurredAt: string | undefined, startedAt: string): string =>
  new Date(Date.parse(occurredAt ?? startedAt)).toISOString();

/** States of a WorkSpace that is gone or going: nothing left to do with it. */
export const goneStates: ReadonlySet<string> = new Set(['TERMINATING', 'TERMINATED']);

/** A WorkSpace as DescribeWorkspaces showed it, reduced to what the flows decide on. */
export const workspaceSummarySchema = z.object({
  workspaceId: z.string().min(1),
  state: z.string(),
  runningMode: z.string().optional(),
});
export type WorkspaceSummary = z.output<typeof workspaceSummarySchema>;

/** One WorkSpace's tags as DescribeTags returned them; `found: false` when it vanished meanwhile. */
export const workspaceTagsSchema = z.object({
  workspaceId: z.string().min(1),
  found: z.boolean(),
  tags: z.record(z.string(), z.string()),
});
export type WorkspaceTags = z.output<typeof workspaceTagsSchema>;

/** Whether an operator protected the WorkSpace from removal (`lifecycle-protect=true`, any case). */
export function isProtected(tags: Record<string, string>): boolean {
  return (tags[LeaverTags.Protect] ?? '').trim().toLowerCase() === 'true';
}

/** What a mutating task did, or in dry run would have done. */
export interface ChangeReport {
  dryRun: boolean;
  /** The call made, or the one a dry run would have made, in words. */
  change: string;
}

/**
 * The dry-run guard every mutating task goes through: in dry run it logs the change it would
 * make and returns the report without calling `apply`.
 */
export async function applyChange<T extends object>(
  dryRun: boolean,
  change: string,
  details: Record<string, unknown>,
  apply: () => Promise<T>,
): Promise<ChangeReport | (ChangeReport & T)> {
  if (dryRun) {
    logger.info(`Dry run: would ${change}`, details);
    return { dryRun, change: `would ${change}` };
  }
  const result = await apply();
  logger.info(change, details);
  return { dryRun, change, ...result };
}

/**
 * Maps a Directory Service Data error of a user operation to our named errors; `known` adds
 * the mappings of one operation.
 */
export function directoryUserError(
  error: unknown,
  operation: string,
  known: Record<string, LifecycleErrorClass> = {},
): Error {
  return mapAwsError(error, operation, {
    AccessDeniedException: DirectoryError,
    ValidationException: DirectoryError,
    ConflictException: DirectoryError,
    // The directory is briefly unreachable (timeouts, maintenance): worth another try.
    DirectoryUnavailableException: TransientError,
    ...known,
  });
}

/** Same event, user and operation, same token: a retried task acts once within the 8-hour window. */
export function userClientToken(operation: string, eventId: string, userName: string): string {
  return createHash('sha256').update(`${operation}\n${eventId}\n${userName}`).digest('hex').slice(0, 64);
}

/**
 * Disables or deletes a directory user as an ensure: a user that is not there counts as done,
 * a dry run only reports, and in `existing` mode (no user API) the result says where to do it.
 * `key` names the outcome in the result (`disabled`, `deleted`).
 */
export async function changeDirectoryUser(options: {
  mode: DirectoryMode;
  dryRun: boolean;
  userName: string;
  key: 'disabled' | 'deleted';
  change: string;
  existingModeNote: string;
  operation: string;
  send: () => Promise<unknown>;
}) {
  const { mode, dryRun, userName, key } = options;
  if (mode === 'existing') return { mode, dryRun, [key]: false, note: options.existingModeNote };
  const report = await applyChange(dryRun, options.change, { userName }, async () => {
    try {
      await options.send();
      return { [key]: true, found: true };
    } catch (error) {
      // Directory Service Data answers 404 ResourceNotFoundException for a user that does not exist.
      if (isErrorNamed(error, 'ResourceNotFoundException')) return { [key]: false, found: false };
      throw directoryUserError(error, options.operation);
    }
  });
  return { mode, ...report };
}
