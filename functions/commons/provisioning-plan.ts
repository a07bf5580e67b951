/**
 * What a provisioner round does, decided from data and the time alone: which creations are sent
 * together, which watched WorkSpaces are looked at, and what each waiting execution is answered.
 * No AWS call here; the round (`functions/provisioner.ts`) makes the calls.
 */
import type { CreateWorkspacesResult } from '@aws-sdk/client-workspaces';
import { ProvisioningDeadlineError, WorkspaceRequestError } from './errors';
import { type QueuedCreation, type QueuedWatch, type QueueEntry, settledStates } from './provisioning';
import { failedRequestError } from './workspaces';

/**
 * Marks the errors the provisioner answers for a cause it alerts on itself, once per round for
 * all joiners (quota, deadline): the joiner's own AlertOperators then publishes nothing.
 */
export const provisionerAlertMark = '(the provisioner alerted the operators)';

/** WorkSpaces takes up to 25 requests per CreateWorkspaces call and 25 ids per DescribeWorkspaces call. */
export const batchSize = 25;

/** What a waiting execution is told: its task's output, or the error it fails with. */
export type Answer = { output: Record<string, unknown> } | { error: Error };

/** An entry with its answer. */
export type Answered = [QueueEntry, Answer];

// Directory user names are case-insensitive, and WorkSpaces may echo another case than was sent.
const userKey = (r: { DirectoryId?: string; UserName?: string }) =>
  `${r.DirectoryId}/${(r.UserName ?? '').toLowerCase()}`;

/**
 * The creations of a round in CreateWorkspaces batches: oldest first, {@link batchSize} per call,
 * a user at most once per round, since two requests for one user would fail each other. A
 * user's later requests wait for a later round.
 */
/**
 * The creations this round could send, oldest first: the round's remaining calls times 25. Only
 * these are asked whether their execution still waits (one SendTaskHeartbeat each): with 20,000
 * joiners queued, asking every one every minute would pass Step Functions' heartbeat rate and the
 * round's interval before a single WorkSpace was created. The rest wait, unasked, for a round
 * that reaches them.
 */
export function creationsWithinReach(entries: readonly QueuedCreation[], calls: number): QueuedCreation[] {
  return [...entries].sort((a, b) => a.queuedAt - b.queuedAt).slice(0, Math.max(0, calls) * batchSize);
}

export function creationBatches(entries: readonly QueuedCreation[]): QueuedCreation[][] {
  const seen = new Set<string>();
  const distinct = [...entries]
    .sort((a, b) => a.queuedAt - b.queuedAt)
    .filter((e) => {
      const key = userKey(e.request);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const batches: QueuedCreation[][] = [];
  for (let i = 0; i < distinct.length; i += batchSize) batches.push(distinct.slice(i, i + batchSize));
  return batches;
}

/**
 * The number of the round that started at `startedMs`: consecutive rounds have consecutive
 * numbers, which is what turns the watch list between rounds (see {@link dueForLook}).
 */
export function roundNumber(startedMs: number, intervalMs: number): number {
  return Math.floor(startedMs / intervalMs);
}

/**
 * The WorkSpaces due a look this round, overdue ones first, then the oldest. When there are more
 * than the round can describe (`capacity`), each round starts further along, so every one is
 * looked at in turn.
 */
export function dueForLook(
  entries: readonly QueuedWatch[],
  now: number,
  capacity: number,
  round: number,
): QueuedWatch[] {
  const due = entries.filter((e) => e.lookAfter <= now).sort((a, b) => a.queuedAt - b.queuedAt);
  const overdue = due.filter((e) => now >= e.deadline);
  const rest = due.filter((e) => now < e.deadline);
  if (rest.length <= capacity) return [...overdue, ...rest];
  const start = (round * capacity) % rest.length;
  return [...overdue, ...rest.slice(start), ...rest.slice(0, start)];
}

/**
 * The answers to a batch of creations from CreateWorkspaces' response, matched by user (the
 * response's order is not the request's): the new WorkSpace id, or the named error of its
 * `FailedRequests` entry.
 */
export function creationAnswers(
  batch: readonly QueuedCreation[],
  response: Pick<CreateWorkspacesResult, 'PendingRequests' | 'FailedRequests'>,
): Answered[] {
  return batch.map((entry): Answered => {
    const key = userKey(entry.request);
    const pending = response.PendingRequests?.find((p) => userKey(p) === key);
    if (pending?.WorkspaceId)
      return [entry, { output: { workspaceId: pending.WorkspaceId, adopted: false } }];
    const failed = response.FailedRequests?.find(
      (f) => f.WorkspaceRequest && userKey(f.WorkspaceRequest) === key,
    );
    if (failed) return [entry, { error: failedRequestError('CreateWorkspaces', failed) }];
    return [
      entry,
      {
        error: new WorkspaceRequestError(
          'CreateWorkspaces: answered with neither a pending nor a failed request',
        ),
      },
    ];
  });
}

/**
 * The answers to a batch of watched WorkSpaces, given the states DescribeWorkspaces reported
 * (by id): settled ones get their state, unsettled ones past their deadline a
 * {@link ProvisioningDeadlineError}; the others are not answered and stay watched.
 */
export function watchAnswers(
  batch: readonly QueuedWatch[],
  states: ReadonlyMap<string, string>,
  now: number,
  deadlineSeconds: number,
): Answered[] {
  const answers: Answered[] = [];
  for (const entry of batch) {
    // New ids take a moment to appear in DescribeWorkspaces: not seen yet is still PENDING.
    const state = states.get(entry.workspaceId) ?? 'PENDING';
    if (settledStates.has(state))
      answers.push([entry, { output: { workspaceId: entry.workspaceId, state } }]);
    else if (now >= entry.deadline) {
      const minutes = Math.round((now - entry.queuedAt) / 60_000);
      const error = new ProvisioningDeadlineError(
        `${entry.workspaceId} is still ${state} after ${minutes} minutes (deadline ${deadlineSeconds} s) ${provisionerAlertMark}`,
      );
      answers.push([entry, { error }]);
    }
  }
  return answers;
}
