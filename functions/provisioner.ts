import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  CreateWorkspacesCommand,
  type CreateWorkspacesCommandOutput,
  DescribeWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { isErrorNamed } from './commons/aws-errors';
import { provisionerSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { Env } from './commons/env';
import {
  ProvisioningDeadlineError,
  ThrottledError,
  TransientError,
  WorkspaceRequestError,
} from './commons/errors';
import { logger } from './commons/logger';
import {
  fromItem,
  type QueuedCreation,
  type QueuedWatch,
  type QueueEntry,
  queueKeyOf,
  settledStates,
} from './commons/provisioning';
import { failedRequestError, workspacesError } from './commons/workspaces';

const tableName = requireEnv(Env.ProvisioningTable);
const settings = readJsonEnv(Env.ProvisionerSettings, provisionerSettingsSchema);
const dynamo = new DynamoDBClient({});
const sfn = new SFNClient({});
// One attempt: a throttled answer ends the round's WorkSpaces calls, and the next round goes on.
const workspaces = new WorkSpacesClient({ maxAttempts: 1 });

/** WorkSpaces takes up to 25 requests per CreateWorkspaces call and 25 ids per DescribeWorkspaces call. */
const batchSize = 25;
/** Answering task tokens in parallel, at most this many at a time. */
const answerConcurrency = 25;
/** Task token errors after which nobody is waiting any more: the item is dropped. */
const tokenGone = ['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The round's allowance of WorkSpaces calls, spaced `1 / callsPerSecond` apart: the account's
 * budget is about 2 calls a second with bursts of 5, shared with everything else calling.
 */
class CallBudget {
  private nextAt = 0;
  used = 0;
  throttled = false;

  constructor(
    private readonly perSecond: number,
    private left: number,
  ) {}

  async take(): Promise<boolean> {
    if (this.left <= 0) return false;
    const wait = this.nextAt - Date.now();
    if (wait > 0) await sleep(wait);
    this.nextAt = Date.now() + 1000 / this.perSecond;
    this.left--;
    this.used++;
    return true;
  }

  /** WorkSpaces said no: no more calls this round. */
  stop(): void {
    this.left = 0;
    this.throttled = true;
  }

  get remaining(): number {
    return this.left;
  }
}

type Answer = { output: Record<string, unknown> } | { error: Error };

/** What one round did, for its log line and the tests. */
export interface RoundReport {
  queued: number;
  created: number;
  settled: number;
  failed: number;
  waiting: number;
  workspacesCalls: number;
  throttled: boolean;
}

async function readQueue(): Promise<QueueEntry[]> {
  const entries: QueueEntry[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const entry = fromItem(item);
      if (entry) entries.push(entry);
      else logger.warn('Queue item ignored: not an entry', { id: item.id?.S });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return entries;
}

/**
 * Answers an entry's task token, then deletes the entry. When Step Functions cannot be
 * reached the entry stays, and the next round answers again (a creation then meets
 * ResourceExists.WorkSpace, which the joiner adopts).
 */
async function answer(entry: QueueEntry, result: Answer): Promise<'succeeded' | 'failed' | 'kept'> {
  try {
    if ('output' in result) {
      await sfn.send(
        new SendTaskSuccessCommand({ taskToken: entry.token, output: JSON.stringify(result.output) }),
      );
    } else {
      await sfn.send(
        new SendTaskFailureCommand({
          taskToken: entry.token,
          error: result.error.name.slice(0, 256),
          cause: result.error.message.slice(0, 32_768),
        }),
      );
    }
  } catch (error) {
    const name = (error as Error).name;
    if (!isErrorNamed(error, ...tokenGone)) {
      logger.warn('Task token not answered; next round tries again', { kind: entry.kind, error: name });
      return 'kept';
    }
    logger.info('Nobody waits for this entry any more', { kind: entry.kind, error: name });
  }
  await dropItem(entry);
  return 'output' in result ? 'succeeded' : 'failed';
}

/**
 * Deletes an entry nobody waits for any more. When that fails, the next round meets the used
 * token (TaskTimedOut) and deletes it then.
 */
async function dropItem(entry: QueueEntry): Promise<void> {
  try {
    await dynamo.send(new DeleteItemCommand({ TableName: tableName, Key: queueKeyOf(entry.token) }));
  } catch (error) {
    logger.warn('Queue item not deleted; next round clears it', {
      kind: entry.kind,
      error: (error as Error).name,
    });
  }
}

/**
 * Whether an execution still waits for its creation: a joiner stopped meanwhile (a leaver, an
 * operator) must not get a WorkSpace. Its item is deleted. When Step Functions cannot say, the
 * entry waits for the next round.
 */
async function stillWaiting(entry: QueueEntry): Promise<boolean> {
  try {
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: entry.token }));
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (!isErrorNamed(error, ...tokenGone)) {
      logger.warn('Could not tell whether the execution still waits; next round asks again', { error: name });
      return false;
    }
  }
  logger.info('Creation dropped: its execution no longer waits');
  await dropItem(entry);
  return false;
}

/** `work` on every item, at most {@link answerConcurrency} at a time; results in item order. */
async function mapLimited<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += answerConcurrency) {
    results.push(...(await Promise.all(items.slice(i, i + answerConcurrency).map(work))));
  }
  return results;
}

async function answerAll(answers: [QueueEntry, Answer][]): Promise<{ ok: number; failed: number }> {
  const outcomes = await mapLimited(answers, ([entry, result]) => answer(entry, result));
  return {
    ok: outcomes.filter((o) => o === 'succeeded').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}

/**
 * The named error of a failed WorkSpaces call, or undefined when the batch is simply left for
 * the next round: throttling (which also ends this round's calls) and 5xx / network failures.
 */
function failureOf(raw: unknown, operation: string, budget: CallBudget): Error | undefined {
  const error = workspacesError(raw, operation);
  if (error instanceof ThrottledError) budget.stop();
  return error instanceof ThrottledError || error instanceof TransientError ? undefined : error;
}

const userKey = (r: { DirectoryId?: string; UserName?: string }) =>
  `${r.DirectoryId}/${(r.UserName ?? '').toLowerCase()}`;

/** Batches of creations, a user at most once per round: two requests for one user would fail each other. */
function creationBatches(entries: QueuedCreation[]): QueuedCreation[][] {
  const seen = new Set<string>();
  const distinct = entries.filter((e) => {
    const key = userKey(e.request);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const batches: QueuedCreation[][] = [];
  for (let i = 0; i < distinct.length; i += batchSize) batches.push(distinct.slice(i, i + batchSize));
  return batches;
}

/** Sends one CreateWorkspaces call for a batch; returns the answers, or undefined to try next round. */
async function create(
  batch: QueuedCreation[],
  budget: CallBudget,
): Promise<[QueueEntry, Answer][] | undefined> {
  let response: CreateWorkspacesCommandOutput;
  try {
    response = await workspaces.send(
      new CreateWorkspacesCommand({ Workspaces: batch.map((e) => e.request) }),
    );
  } catch (raw) {
    const error = failureOf(raw, 'CreateWorkspaces', budget);
    if (!error) return undefined;
    if (isErrorNamed(raw, 'InvalidParameterValuesException') && batch.length > 1) {
      // One invalid request refuses the whole call: send each alone, so the others go through.
      const answers: [QueueEntry, Answer][] = [];
      for (const entry of batch) {
        if (!(await budget.take())) break;
        answers.push(...((await create([entry], budget)) ?? []));
      }
      return answers;
    }
    return batch.map((e) => [e, { error }]);
  }
  return batch.map((entry): [QueueEntry, Answer] => {
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

/** Sends one DescribeWorkspaces call for a batch; returns the answers for the settled and the overdue. */
async function watch(batch: QueuedWatch[], budget: CallBudget, now: number) {
  let states: Map<string, string>;
  try {
    const response = await workspaces.send(
      new DescribeWorkspacesCommand({ WorkspaceIds: batch.map((e) => e.workspaceId) }),
    );
    states = new Map((response.Workspaces ?? []).map((w) => [w.WorkspaceId ?? '', w.State ?? '']));
  } catch (raw) {
    const error = failureOf(raw, 'DescribeWorkspaces', budget);
    if (!error) return undefined;
    return batch.map((e): [QueueEntry, Answer] => [e, { error }]);
  }
  const answers: [QueueEntry, Answer][] = [];
  for (const entry of batch) {
    // New ids take a moment to appear in DescribeWorkspaces: not seen yet is still PENDING.
    const state = states.get(entry.workspaceId) ?? 'PENDING';
    if (settledStates.has(state))
      answers.push([entry, { output: { workspaceId: entry.workspaceId, state } }]);
    else if (now >= entry.deadline) {
      const minutes = Math.round((now - entry.queuedAt) / 60_000);
      const error = new ProvisioningDeadlineError(
        `${entry.workspaceId} is still ${state} after ${minutes} minutes (deadline ${settings.deadlineSeconds} s)`,
      );
      answers.push([entry, { error }]);
    }
  }
  return answers;
}

/**
 * The WorkSpaces due a look this round, overdue ones first, then the oldest. When there are more
 * than the round can describe, each round starts further along, so every one is looked at in turn.
 */
export function dueForLook(
  entries: QueuedWatch[],
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

/** One round: create what is queued, then look at what is being watched, within the call budget. */
export async function provisionRound(): Promise<RoundReport> {
  const started = Date.now();
  const intervalMs = settings.intervalMinutes * 60_000;
  // Leave a tenth of the interval spare, so a round ends before the next one is due.
  const allowance = Math.floor(settings.callsPerSecond * (intervalMs / 1000) * 0.9);
  const budget = new CallBudget(settings.callsPerSecond, allowance);
  const entries = await readQueue();
  const creations = entries.filter((e): e is QueuedCreation => e.kind === 'create');
  const watches = entries.filter((e): e is QueuedWatch => e.kind === 'watch');
  const report: RoundReport = {
    queued: entries.length,
    created: 0,
    settled: 0,
    failed: 0,
    waiting: 0,
    workspacesCalls: 0,
    throttled: false,
  };
  const tally = async (answers: [QueueEntry, Answer][], field: 'created' | 'settled') => {
    const { ok, failed } = await answerAll(answers);
    report[field] += ok;
    report.failed += failed;
  };

  const alive = await mapLimited(creations, stillWaiting);
  const waiting = creations.filter((_, i) => alive[i]);
  for (const batch of creationBatches(waiting.sort((a, b) => a.queuedAt - b.queuedAt))) {
    if (!(await budget.take())) break;
    const answers = await create(batch, budget);
    if (answers) await tally(answers, 'created');
  }
  const capacity = budget.remaining * batchSize;
  const now = Date.now();
  const looking = dueForLook(watches, now, capacity, Math.floor(started / intervalMs));
  for (let i = 0; i < looking.length; i += batchSize) {
    if (!(await budget.take())) break;
    const answers = await watch(looking.slice(i, i + batchSize), budget, now);
    if (answers) await tally(answers, 'settled');
  }
  report.workspacesCalls = budget.used;
  report.throttled = budget.throttled;
  report.waiting = report.queued - report.created - report.settled - report.failed;
  logger.info('Provisioner round', { ...report });
  return report;
}

/** Run by a schedule every `intervalMinutes`, one at a time (reserved concurrency 1). */
export const handler = middy<unknown, RoundReport, Error, Context>().handler(async (_event, context) => {
  logger.addContext(context);
  return provisionRound();
});
