/**
 * The provisioner: the Lambda function run on a schedule that creates and watches WorkSpaces for
 * every waiting joiner, sharing the account's small WorkSpaces API budget. This file is the
 * round, the composition root: the queue is `commons/provisioning.ts`, the pacing
 * `commons/call-budget.ts`, and every decision that needs no AWS call `commons/provisioning-plan.ts`.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { CallBudget, roundAllowance } from './commons/call-budget';
import { provisionerSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { Env } from './commons/env';
import { ThrottledError, TransientError } from './commons/errors';
import { logger } from './commons/logger';
import { MetricName, metrics, publishMetrics } from './commons/metrics';
import {
  dequeue,
  type QueuedCreation,
  type QueuedWatch,
  type QueueEntry,
  readQueue,
} from './commons/provisioning';
import {
  type Answer,
  type Answered,
  batchSize,
  creationAnswers,
  creationBatches,
  dueForLook,
  roundNumber,
  watchAnswers,
} from './commons/provisioning-plan';
import { workspacesError } from './commons/workspaces';

const tableName = requireEnv(Env.ProvisioningTable);
const settings = readJsonEnv(Env.ProvisionerSettings, provisionerSettingsSchema);
const dynamo = new DynamoDBClient({});
const sfn = new SFNClient({});
// One attempt: a throttled answer ends the round's WorkSpaces calls, and the next round goes on.
const workspaces = new WorkSpacesClient({ maxAttempts: 1 });

/** Answering task tokens in parallel, at most this many at a time. */
const answerConcurrency = 25;
/** Task token errors after which nobody is waiting any more: the item is dropped. */
const tokenGone = ['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'];

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
    await dequeue(dynamo, tableName, entry);
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

async function answerAll(answers: Answered[]): Promise<{ ok: number; failed: number }> {
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

/** Sends one CreateWorkspaces call for a batch; returns the answers, or undefined to try next round. */
async function create(batch: QueuedCreation[], budget: CallBudget): Promise<Answered[] | undefined> {
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
      const answers: Answered[] = [];
      for (const entry of batch) {
        if (!(await budget.take())) break;
        answers.push(...((await create([entry], budget)) ?? []));
      }
      return answers;
    }
    return batch.map((e) => [e, { error }]);
  }
  return creationAnswers(batch, response);
}

/** Sends one DescribeWorkspaces call for a batch; returns the answers for the settled and the overdue. */
async function watch(batch: QueuedWatch[], budget: CallBudget, now: number): Promise<Answered[] | undefined> {
  let states: Map<string, string>;
  try {
    const response = await workspaces.send(
      new DescribeWorkspacesCommand({ WorkspaceIds: batch.map((e) => e.workspaceId) }),
    );
    states = new Map((response.Workspaces ?? []).map((w) => [w.WorkspaceId ?? '', w.State ?? '']));
  } catch (raw) {
    const error = failureOf(raw, 'DescribeWorkspaces', budget);
    if (!error) return undefined;
    return batch.map((e): Answered => [e, { error }]);
  }
  return watchAnswers(batch, states, now, settings.deadlineSeconds);
}

/** One round: create what is queued, then look at what is being watched, within the call budget. */
export async function provisionRound(): Promise<RoundReport> {
  const started = Date.now();
  const intervalMs = settings.intervalMinutes * 60_000;
  const budget = new CallBudget(settings.callsPerSecond, roundAllowance(settings.callsPerSecond, intervalMs));
  const { entries, strangers } = await readQueue(dynamo, tableName);
  for (const id of strangers) logger.warn('Queue item ignored: not an entry', { id });
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
  const tally = async (answers: Answered[], field: 'created' | 'settled') => {
    const { ok, failed } = await answerAll(answers);
    report[field] += ok;
    report.failed += failed;
  };

  const alive = await mapLimited(creations, stillWaiting);
  const waiting = creations.filter((_, i) => alive[i]);
  for (const batch of creationBatches(waiting)) {
    if (!(await budget.take())) break;
    const answers = await create(batch, budget);
    if (answers) await tally(answers, 'created');
  }
  const capacity = budget.remaining * batchSize;
  const now = Date.now();
  const looking = dueForLook(watches, now, capacity, roundNumber(started, intervalMs));
  for (let i = 0; i < looking.length; i += batchSize) {
    if (!(await budget.take())) break;
    const answers = await watch(looking.slice(i, i + batchSize), budget, now);
    if (answers) await tally(answers, 'settled');
  }
  report.workspacesCalls = budget.used;
  report.throttled = budget.throttled;
  report.waiting = report.queued - report.created - report.settled - report.failed;
  logger.info('Provisioner round', { ...report });
  metrics.addMetric(MetricName.ProvisionerRoundSeconds, MetricUnit.Seconds, (Date.now() - started) / 1000);
  metrics.addMetric(MetricName.ProvisionerWorkspacesCalls, MetricUnit.Count, report.workspacesCalls);
  metrics.addMetric(MetricName.WorkspacesCreated, MetricUnit.Count, report.created);
  metrics.addMetric(MetricName.ProvisionerThrottled, MetricUnit.Count, report.throttled ? 1 : 0);
  return report;
}

/** Run by a schedule every `intervalMinutes`, one at a time (reserved concurrency 1). */
export const handler = middy<unknown, RoundReport, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(publishMetrics())
  .handler(() => provisionRound());
