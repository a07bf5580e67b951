/**
 * What a provisioner round does, decided from data and the time alone: which creations are sent
 * together, which watched WorkSpaces are looked at, and what each waiting execution is answered.
 * No AWS call here; the round (`functions/provisioner.ts`) makes the calls.
 */
import type { CreateWorkspacesResult, Tag, Workspace } from '@aws-sdk/client-workspaces';
import { ProvisioningDeadlineError, WorkspaceRequestError } from './errors';
import { LeaverTags } from './leaver';
import {
  type FailedChange,
  listedTags,
  lookResult,
  remainingAfterTermination,
  stopOutcome,
  tagsRead,
  terminationOutcome,
} from './leaver-calls';
import {
  type Census,
  type QueuedAutoStop,
  type QueuedCreation,
  type QueuedGoneCheck,
  type QueuedLook,
  type QueuedStop,
  type QueuedTagging,
  type QueuedTagsRead,
  type QueuedTermination,
  type QueuedWarning,
  type QueuedWatch,
  type QueueEntry,
  settledStates,
} from './provisioning';
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

/**
 * The order in which a round spends its calls, first to last. Cutting access is a security
 * promise, so the calls a cut waits on come first: stops, the switches of ALWAYS_ON WorkSpaces to
 * AUTO_STOP a stop needs, then the looks and tag reads a leaver's cut waits on, then those that
 * confirm a stop (the stop is made already; they only find what still runs). Creations and joiner watches follow (a joiner's wait is convenience, and creations are
 * few calls). The removal tags a leaver puts after its stop come next, then what a removal after
 * the grace period needs (the re-check's look and tag reads, terminations, the checks that they
 * are gone), which waits days anyway; late watches last.
 */
export const roundPriority = [
  'stops',
  'switches to AUTO_STOP',
  'looks before a cut',
  'tag reads before a cut',
  'looks confirming a stop',
  'tag reads before a further stop',
  'creations',
  'joiner watches',
  'removal tags',
  're-check looks',
  're-check tag reads',
  'terminations',
  'termination checks',
  'late watches',
] as const;

/** A batch of entries whose ids go into one call: at most {@link batchSize} distinct ids. */
export interface IdBatch<E> {
  entries: E[];
  ids: string[];
}

/**
 * Entries packed into calls of at most {@link batchSize} distinct ids, oldest first. An entry is
 * never split across calls (its answer needs all its ids), and an id asked for by two entries
 * (two leaver events for one person) is sent once.
 */
export function idBatches<E extends { queuedAt: number }>(
  entries: readonly E[],
  idsOf: (entry: E) => readonly string[],
): IdBatch<E>[] {
  const batches: IdBatch<E>[] = [];
  let current: IdBatch<E> = { entries: [], ids: [] };
  for (const entry of [...entries].sort((a, b) => a.queuedAt - b.queuedAt)) {
    const added = idsOf(entry).filter((id) => !current.ids.includes(id));
    if (current.ids.length + added.length > batchSize && current.entries.length > 0) {
      batches.push(current);
      current = { entries: [], ids: [] };
    }
    current.entries.push(entry);
    for (const id of idsOf(entry)) if (!current.ids.includes(id)) current.ids.push(id);
  }
  if (current.entries.length > 0) batches.push(current);
  return batches;
}

/**
 * With no census of a directory yet, one listing is tried once more than this many users wait
 * for a look: a directory of up to 25 x this many WorkSpaces then costs fewer calls listed.
 */
export const listingWithoutCensusAbove = 25;

/**
 * How a round answers the looks at `users` distinct users of one directory: one paged listing of
 * the whole directory (25 WorkSpaces a page) when it takes fewer calls than one call per user and
 * fits in what is left of the round; otherwise one DescribeWorkspaces per user.
 */
export function lookMode(
  users: number,
  census: Census | undefined,
  remaining: number,
): 'listing' | 'per-user' {
  if (users === 0) return 'per-user';
  if (!census) return users > listingWithoutCensusAbove ? 'listing' : 'per-user';
  return census.pages < users && census.pages <= remaining ? 'listing' : 'per-user';
}

const nameKey = (name: string | undefined) => (name ?? '').toLowerCase();

/**
 * The answers to looks from one full listing of their directory: each user's WorkSpaces, as a
 * look by user; a look at given WorkSpaces (`workspaceIds`) sees only those of them still there.
 */
export function lookAnswers(looks: readonly QueuedLook[], listed: readonly Workspace[]): Answered[] {
  const byUser = new Map<string, Workspace[]>();
  for (const w of listed) {
    const key = nameKey(w.UserName);
    byUser.set(key, [...(byUser.get(key) ?? []), w]);
  }
  return looks.map((look): Answered => {
    const theirs = byUser.get(nameKey(look.userName)) ?? [];
    const seen = look.workspaceIds
      ? theirs.filter((w) => look.workspaceIds?.includes(w.WorkspaceId ?? ''))
      : theirs;
    return [look, { output: { ...lookResult(seen, false) } }];
  });
}

/** The answers to looks at given WorkSpaces from one DescribeWorkspaces by id: those of them still there. */
export function idLookAnswers(looks: readonly QueuedLook[], described: readonly Workspace[]): Answered[] {
  return looks.map((look): Answered => {
    const seen = described.filter((w) => look.workspaceIds?.includes(w.WorkspaceId ?? ''));
    return [look, { output: { ...lookResult(seen, false) } }];
  });
}

/** The Resource Groups Tagging API takes at most this many ARNs per GetResources call (ResourceARNList). */
export const tagIndexBatchSize = 100;

/**
 * The answers to tag reads from GetResources: only reads that may come from the index, of
 * WorkSpaces it has, showing the tags the read expects (else the index is behind: DescribeTags).
 */
export function indexedTagAnswers(
  reads: readonly QueuedTagsRead[],
  mappings: readonly { workspaceId: string; tags: readonly Tag[] }[],
): Answered[] {
  const byId = new Map(mappings.map((m) => [m.workspaceId, m.tags]));
  return reads.flatMap((read): Answered[] => {
    const listed = byId.get(read.workspaceId);
    if (read.fresh || listed === undefined) return [];
    const answer = tagsRead(read.workspaceId, listed);
    const shows = ([key, value]: [string, string | null]) =>
      key in answer.tags && (value === null || answer.tags[key] === value);
    return Object.entries(read.expect ?? {}).every(shows) ? [[read, { output: { ...answer } }]] : [];
  });
}

/** A dry run's answer: the change in words, and no call made. */
export function dryRunAnswer(
  entry: QueuedStop | QueuedTermination | QueuedTagging | QueuedAutoStop,
): Answered {
  const would = (workspaceId: string, change: string): Answered => [
    entry,
    { output: { workspaceId, dryRun: true, change: `would ${change}` } },
  ];
  switch (entry.kind) {
    case 'stop':
      return would(entry.workspaceId, `stop ${entry.workspaceId}`);
    case 'tag':
      return would(entry.workspaceId, `tag ${entry.workspaceId} with ${listedTags(entry.tags)}`);
    case 'auto-stop':
      return would(entry.workspaceId, `switch ${entry.workspaceId} to AUTO_STOP`);
    case 'terminate': {
      const { workspaceIds, poll } = entry;
      const change = `would terminate ${workspaceIds.join(', ')}`;
      return [entry, { output: { workspaceIds, dryRun: true, change, poll } }];
    }
  }
}

/** The answers to a batch of stops from StopWorkspaces' `FailedRequests`, as StopWorkspace answered one. */
export function stopAnswers(batch: readonly QueuedStop[], failed: readonly FailedChange[]): Answered[] {
  return batch.map((entry): Answered => {
    const outcome = stopOutcome(failed.find((f) => f.WorkspaceId === entry.workspaceId));
    if (outcome instanceof Error) return [entry, { error: outcome }];
    const { workspaceId } = entry;
    return [entry, { output: { workspaceId, dryRun: false, change: `stop ${workspaceId}`, ...outcome } }];
  });
}

/** The answers to a batch of terminations from TerminateWorkspaces' `FailedRequests`. */
export function terminationAnswers(
  batch: readonly QueuedTermination[],
  failed: readonly FailedChange[],
): Answered[] {
  return batch.map((entry): Answered => {
    const outcome = terminationOutcome(entry.workspaceIds, failed);
    if (outcome instanceof Error) return [entry, { error: outcome }];
    const { workspaceIds, poll } = entry;
    const change = `terminate ${workspaceIds.join(', ')}`;
    return [entry, { output: { workspaceIds, dryRun: false, change, ...outcome, poll } }];
  });
}

/**
 * The answers to termination checks, given the states DescribeWorkspaces reported by id: all gone,
 * or past the deadline with what remains; the others are not answered and are looked at again.
 */
export function goneAnswers(
  batch: readonly QueuedGoneCheck[],
  states: ReadonlyMap<string, string>,
  now: number,
): Answered[] {
  return batch.flatMap((entry): Answered[] => {
    const remaining = remainingAfterTermination(entry.workspaceIds, states);
    const allGone = remaining.length === 0;
    const deadlinePassed = !allGone && now >= entry.deadline;
    if (!allGone && !deadlinePassed) return [];
    const poll = {
      attempt: entry.poll.attempt + 1,
      elapsedSeconds: entry.poll.elapsedSeconds + Math.round((now - entry.queuedAt) / 1000),
      waitSeconds: entry.poll.waitSeconds,
    };
    return [[entry, { output: { allGone, remaining, deadlinePassed, poll } }]];
  });
}

/** The most leavers one warning message names (about 300 bytes each, far below SNS's 256 KB); more wait a round. */
export const warningsPerMessage = 200;

/**
 * One message to the operators for the leavers' warnings waiting this round, oldest first: whose
 * WorkSpaces are terminated when, that it cannot be undone, and how to stop it.
 */
export function warningDigest(warnings: readonly QueuedWarning[]): { subject: string; lines: string[] } {
  const first = warnings[0];
  const subject =
    warnings.length === 1
      ? `removal of ${first.userName}'s WorkSpace soon`
      : `removal of ${warnings.length} leavers' WorkSpaces soon`;
  const lines = [
    warnings.length === 1
      ? 'These WorkSpaces will be terminated after the time given:'
      : `The WorkSpaces of ${warnings.length} leavers will be terminated after the times given:`,
    ...warnings.map(
      (w) =>
        `- ${w.userName} (employee ${w.employeeId}): ${w.workspaceIds.join(', ')} after ${w.removeAt}; leaver event ${w.eventId}${w.executionArn ? `; execution ${w.executionArn}` : ''}`,
    ),
    '',
    'Terminating destroys the user volume and cannot be undone.',
    `To keep a WorkSpace, tag it ${LeaverTags.Protect}=true. If the employee stays or returns, send an "Employee Rehired" event.`,
  ];
  return { subject, lines };
}
