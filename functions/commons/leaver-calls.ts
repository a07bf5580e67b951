/**
 * What the leaver's batchable WorkSpaces calls mean, read the same way wherever they are made:
 * by the provisioner, which makes them for every waiting leaver in batches of 25, and by the
 * task functions that still make one themselves (FindLeaverWorkspaces for the rehire flow).
 * No AWS call here.
 */
import type { Tag, Workspace } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './aws-errors';
import { stoppableStates, type WorkspaceSummary, type WorkspaceTags } from './leaver';
import { failedRequestError, workspacesError } from './workspaces';

/** The most WorkSpaces one look reports for a user: a page of DescribeWorkspaces, and one TerminateWorkspaces call. */
export const lookPageSize = 25;

/** What a look at a directory user's WorkSpaces answers (FindLeaverWorkspaces, LookAgainToStop, RecheckWorkspaces). */
export interface LookResult {
  workspaces: WorkspaceSummary[];
  /** More WorkSpaces than one page for the user: only the first {@link lookPageSize} are reported. */
  truncated: boolean;
  /**
   * The ones a stop would reach now (state AVAILABLE, IMPAIRED, UNHEALTHY or ERROR, not ALWAYS_ON
   * in ERROR): only their tags need reading before another stop.
   */
  stoppable: { workspaceId: string }[];
}

/** A WorkSpace as DescribeWorkspaces showed it, reduced to what the flows decide on. */
export function summarize(w: Workspace): WorkspaceSummary[] {
  if (!w.WorkspaceId) return [];
  return [
    {
      workspaceId: w.WorkspaceId,
      state: w.State ?? 'UNKNOWN',
      runningMode: w.WorkspaceProperties?.RunningMode,
    },
  ];
}

/** A look's answer from the WorkSpaces DescribeWorkspaces listed for one user. */
export function lookResult(listed: readonly Workspace[], moreListed: boolean): LookResult {
  const all = listed.flatMap(summarize);
  const workspaces = all.slice(0, lookPageSize);
  const stoppable = workspaces
    .filter((w) => stoppableStates.has(w.state) && !(w.runningMode === 'ALWAYS_ON' && w.state === 'ERROR'))
    .map(({ workspaceId }) => ({ workspaceId }));
  return { workspaces, truncated: moreListed || all.length > lookPageSize, stoppable };
}

/** A `FailedRequests` entry of StopWorkspaces or TerminateWorkspaces. */
export interface FailedChange {
  WorkspaceId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

const isNotFound = (f: FailedChange) => f.ErrorCode?.startsWith('ResourceNotFound') ?? false;

/**
 * What a StopWorkspaces request for one WorkSpace came to. A WorkSpace that is gone succeeds,
 * and so does one whose state refuses a stop (already STOPPING or STOPPED, say by another
 * leaver event, or not yet stoppable): the leaver looks at its state again and stops it once it
 * can be. Any other refusal is the named error.
 */
export function stopOutcome(failed: FailedChange | undefined): { gone: boolean; refused?: string } | Error {
  if (!failed) return { gone: false };
  if (isNotFound(failed)) return { gone: true };
  if (failed.ErrorCode === 'InvalidResourceState.WorkSpace')
    return { gone: false, refused: failed.ErrorMessage ?? failed.ErrorCode };
  return failedRequestError('StopWorkspaces', failed);
}

/**
 * What a TerminateWorkspaces call came to for a leaver's WorkSpaces: a WorkSpace already gone
 * counts as terminated; any other refusal is the named error of the first one refused.
 */
export function terminationOutcome(
  workspaceIds: readonly string[],
  failed: readonly FailedChange[],
): { alreadyGoneIds: string[] } | Error {
  const ours = failed.filter((f) => workspaceIds.includes(f.WorkspaceId ?? ''));
  const refused = ours.find((f) => !isNotFound(f));
  if (refused) return failedRequestError(`TerminateWorkspaces ${refused.WorkspaceId ?? ''}`.trim(), refused);
  return { alreadyGoneIds: ours.filter(isNotFound).map((f) => f.WorkspaceId ?? '') };
}

/**
 * The terminated WorkSpaces still there, from a DescribeWorkspaces by id: an id no longer
 * returned is gone, and so is TERMINATED (which shows only briefly before the id disappears).
 */
export function remainingAfterTermination(
  workspaceIds: readonly string[],
  states: ReadonlyMap<string, string>,
): { workspaceId: string; state: string }[] {
  return workspaceIds.flatMap((workspaceId) => {
    const state = states.get(workspaceId);
    return state === undefined || state === 'TERMINATED' ? [] : [{ workspaceId, state }];
  });
}

/** A WorkSpace's tags from DescribeTags' `TagList`. */
export function tagsRead(workspaceId: string, tagList: readonly Tag[] | undefined): WorkspaceTags {
  return {
    workspaceId,
    found: true,
    tags: Object.fromEntries((tagList ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
  };
}

/**
 * What a failed DescribeTags means: a WorkSpace gone between the listing and this look leaves
 * nothing to decide on (`found: false`); anything else is the named error.
 */
export function tagsReadFailure(workspaceId: string, error: unknown): WorkspaceTags | Error {
  if (isErrorNamed(error, 'ResourceNotFoundException')) return { workspaceId, found: false, tags: {} };
  return workspacesError(error, 'DescribeTags');
}

/**
 * What a failed change of one WorkSpace means (CreateTags, ModifyWorkspaceProperties): a
 * WorkSpace that is gone has nothing to change (`gone: true`); anything else is the named error.
 */
export function singleChangeFailure(error: unknown, operation: string): { gone: true } | Error {
  if (isErrorNamed(error, 'ResourceNotFoundException')) return { gone: true };
  return workspacesError(error, operation);
}

/** The tags a leaver puts on a WorkSpace, as `key=value, ...` in a change's words. */
export const listedTags = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

/** The running mode and timeout a leaver's ALWAYS_ON WorkSpace is switched to before its stop. */
export const autoStopProperties = {
  RunningMode: 'AUTO_STOP',
  RunningModeAutoStopTimeoutInMinutes: 60,
} as const;

// WorkSpaces tag values: up to 255 letters, digits, spaces and _ . : / = + - @.
const tagValue = z
  .string()
  .max(255)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'has a character tags do not allow');
/** Tags as the flows put them on a WorkSpace (CreateTags adds or overwrites). */
export const tagsSchema = z.record(z.string().min(1).max(127), tagValue);
