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
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  type CreateWorkspacesCommandOutput,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  ModifyWorkspacePropertiesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type Workspace,
} from '@aws-sdk/client-workspaces';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { isErrorNamed } from './commons/aws-errors';
import { CallBudget, roundAllowance } from './commons/call-budget';
import { provisionerSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { Env } from './commons/env';
import {
  ProvisioningDeadlineError,
  ThrottledError,
  TransientError,
  WorkspaceQuotaExceededError,
} from './commons/errors';
import {
  autoStopProperties,
  type FailedChange,
  listedTags,
  lookPageSize,
  lookResult,
  singleChangeFailure,
  tagsRead,
  tagsReadFailure,
} from './commons/leaver-calls';
import { logger } from './commons/logger';
import { MetricName, metrics, publishMetrics } from './commons/metrics';
import {
  type Census,
  dequeue,
  enqueue,
  type LateWatch,
  type Notice,
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
  readQueue,
  settledStates,
} from './commons/provisioning';
import {
  type Answer,
  type Answered,
  batchSize,
  creationAnswers,
  creationBatches,
  creationsWithinReach,
  dryRunAnswer,
  dueForLook,
  goneAnswers,
  idBatches,
  idLookAnswers,
  indexedTagAnswers,
  lookAnswers,
  lookMode,
  provisionerAlertMark,
  roundNumber,
  stopAnswers,
  tagIndexBatchSize,
  terminationAnswers,
  warningDigest,
  warningsPerMessage,
  watchAnswers,
} from './commons/provisioning-plan';
import { publishToOperators } from './commons/sns';
import { workspacesError } from './commons/workspaces';

const tableName = requireEnv(Env.ProvisioningTable);
const settings = readJsonEnv(Env.ProvisionerSettings, provisionerSettingsSchema);
const topicArn = requireEnv(Env.AlertTopicArn);
/** `arn:<partition>:workspaces:<region>:<account>:workspace/`: a WorkSpace's ARN is this and its id. */
const workspaceArnPrefix = requireEnv(Env.WorkspaceArnPrefix);
const dynamo = new DynamoDBClient({});
const sfn = new SFNClient({});
const sns = new SNSClient({});
// One attempt: a throttled answer ends the round's WorkSpaces calls, and the next round goes on.
const workspaces = new WorkSpacesClient({ maxAttempts: 1 });
// Likewise: a read the tag index did not answer this round is made with DescribeTags.
const tagIndex = new ResourceGroupsTaggingAPIClient({ maxAttempts: 1 });
/**
 * GetResources calls a round may make, one a second: its own rate limit (Service Quotas, "Resource
 * Groups Tagging API"), not the WorkSpaces API's. 20 calls read the tags of 2,000 WorkSpaces.
 */
const tagIndexCallsPerRound = 20;

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
  /** Creations kept queued because the WorkSpaces quota is full. */
  quotaWaiting: number;
  /** Late WorkSpaces found AVAILABLE whose joiner was redriven. */
  resumed: number;
  /** Alerts published this round: at most one per cause. */
  alerts: number;
  /** Leavers whose pending removal this round's one warning message named. */
  warned: number;
  /** Leaver entries queued (looks, tag reads, switches, stops, tags, terminations, checks) and answered this round. */
  leaverQueued: number;
  leaverAnswered: number;
  /** WorkSpaces calls for leavers, by operation (a listing page counts as one look call). */
  leaverCalls: {
    stops: number;
    looks: number;
    listingPages: number;
    terminations: number;
    goneChecks: number;
    tagReads: number;
    /** GetResources calls of the Resource Groups Tagging API (not WorkSpaces calls), 100 WorkSpaces each. */
    tagIndexReads: number;
    tagging: number;
    autoStops: number;
  };
}

/** The late watch looks at a WorkSpace that missed its deadline at most this often. */
const lateLookMs = 10 * 60_000;
/** The key of the quota notice: one quota episode, one alert. */
const quotaNoticeToken = 'notice:quota';

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

/** What one CreateWorkspaces attempt gave: answers to send, and creations refused for the quota. */
interface Created {
  answers: Answered[];
  /** Refused because the account's WorkSpaces quota is full: kept queued, not failed. */
  overQuota: QueuedCreation[];
}

/**
 * Sends one CreateWorkspaces call for a batch; undefined to try the whole batch next round.
 * The quota refuses in two shapes, both handled: the whole call with the declared
 * `ResourceLimitExceededException` (API reference, CreateWorkspaces "Errors"), and a request's
 * `FailedRequests` entry with a `ResourceLimitExceeded...` code. A whole-call refusal of several
 * requests is followed by the requests one at a time until one is refused, so as many are
 * created as fit; the refused and the rest wait for capacity.
 */
async function create(batch: QueuedCreation[], budget: CallBudget): Promise<Created | undefined> {
  let response: CreateWorkspacesCommandOutput;
  try {
    response = await workspaces.send(
      new CreateWorkspacesCommand({ Workspaces: batch.map((e) => e.request) }),
    );
  } catch (raw) {
    const error = failureOf(raw, 'CreateWorkspaces', budget);
    if (!error) return undefined;
    const overQuota = error instanceof WorkspaceQuotaExceededError;
    if (batch.length > 1 && (overQuota || isErrorNamed(raw, 'InvalidParameterValuesException'))) {
      // One invalid request refuses the whole call, and so does one over the quota: send each
      // alone, so the others go through.
      const result: Created = { answers: [], overQuota: [] };
      for (const [i, entry] of batch.entries()) {
        if (!(await budget.take())) break;
        const alone = await create([entry], budget);
        if (!alone) continue;
        result.answers.push(...alone.answers);
        if (alone.overQuota.length > 0) {
          // Full: the rest of the batch would be refused too, so it waits without a call.
          result.overQuota.push(...batch.slice(i));
          break;
        }
      }
      return result;
    }
    if (overQuota) return { answers: [], overQuota: batch };
    return { answers: batch.map((e) => [e, { error }]), overQuota: [] };
  }
  const answers = creationAnswers(batch, response);
  const isQuota = ([, a]: Answered) => 'error' in a && a.error instanceof WorkspaceQuotaExceededError;
  return {
    answers: answers.filter((a) => !isQuota(a)),
    overQuota: answers.filter(isQuota).map(([e]) => e as QueuedCreation),
  };
}

/** Publishes one alert for one cause of this round; a failure to publish is logged, not thrown: false. */
async function alert(report: RoundReport, subject: string, lines: string[]): Promise<boolean> {
  try {
    await publishToOperators(sns, { topicArn, subject: `workspaces-lifecycle: ${subject}`, lines });
    report.alerts++;
    return true;
  } catch (error) {
    logger.warn('Alert not published', { subject, error: (error as Error).name });
    return false;
  }
}

/**
 * Sends the leavers' warnings waiting on the queue to the operators, oldest first, in one message,
 * and deletes them once it is published; a warning not published stays for the next round.
 */
async function warnOperators(warnings: QueuedWarning[], report: RoundReport): Promise<void> {
  if (warnings.length === 0) return;
  const sending = [...warnings].sort((a, b) => a.queuedAt - b.queuedAt).slice(0, warningsPerMessage);
  const { subject, lines } = warningDigest(sending);
  if (!(await alert(report, subject, lines))) return;
  report.warned = sending.length;
  await mapLimited(sending, (w) => dropItem(w));
}

const names = (entries: QueuedCreation[]) =>
  entries
    .slice(0, 20)
    .map((e) => e.request.UserName)
    .join(', ') + (entries.length > 20 ? ` and ${entries.length - 20} more` : '');

/**
 * After the creations of a round: creations held back by the quota wait for capacity until
 * their deadline; those past it fail. Operators get one alert when the quota starts holding
 * joiners back (a notice item remembers it until the quota stops refusing), and one per round
 * for the joiners that gave up.
 */
async function settleQuota(
  overQuota: QueuedCreation[],
  notice: Notice | undefined,
  now: number,
  report: RoundReport,
): Promise<void> {
  const deadlineMs = settings.deadlineSeconds * 1000;
  const expired = overQuota.filter((e) => now - e.queuedAt >= deadlineMs);
  const waiting = overQuota.filter((e) => now - e.queuedAt < deadlineMs);
  report.quotaWaiting = waiting.length;
  if (expired.length > 0) {
    const { failed } = await answerAll(
      expired.map((e): Answered => {
        const minutes = Math.round((now - e.queuedAt) / 60_000);
        const error = new WorkspaceQuotaExceededError(
          `CreateWorkspaces: the WorkSpaces quota stayed full for ${minutes} minutes ${provisionerAlertMark}`,
        );
        return [e, { error }];
      }),
    );
    report.failed += failed;
    await alert(report, `${expired.length} joiners failed: WorkSpaces quota full`, [
      `${expired.length} joiners waited ${settings.deadlineSeconds / 60} minutes for WorkSpaces quota and failed: ${names(expired)}.`,
      'What to do: raise the WorkSpaces quota (Service Quotas) or terminate unused WorkSpaces, then redrive each (npm run failures lists them).',
    ]);
  }
  if (waiting.length > 0 && !notice) {
    await alert(report, `${waiting.length} joiners wait for WorkSpaces quota`, [
      `The WorkSpaces quota is full: ${waiting.length} joiners wait for capacity (${report.created} created this round): ${names(waiting)}.`,
      `They are created as soon as there is room, and fail ${settings.deadlineSeconds / 60} minutes after they were queued.`,
      'What to do: raise the WorkSpaces quota (Service Quotas, "WorkSpaces") or terminate unused WorkSpaces. This alert is not repeated while the quota stays full.',
    ]);
    await enqueue(dynamo, tableName, {
      kind: 'notice',
      token: quotaNoticeToken,
      queuedAt: now,
      waiting: waiting.length,
    }).catch((error: Error) => logger.warn('Quota notice not kept', { error: error.name }));
  }
  if (waiting.length === 0 && notice) await dropItem(notice);
}

/** One DescribeWorkspaces call (25 ids at most): each WorkSpace's state by id; a missing id is gone. */
async function describeStates(batch: { workspaceId: string }[]): Promise<Map<string, string>> {
  return describeIds(batch.map((e) => e.workspaceId));
}

async function describeIds(ids: string[]): Promise<Map<string, string>> {
  const response = await workspaces.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }));
  return new Map((response.Workspaces ?? []).map((w) => [w.WorkspaceId ?? '', w.State ?? '']));
}

/** Sends one DescribeWorkspaces call for a batch; returns the answers for the settled and the overdue. */
async function watch(batch: QueuedWatch[], budget: CallBudget, now: number): Promise<Answered[] | undefined> {
  let states: Map<string, string>;
  try {
    states = await describeStates(batch);
  } catch (raw) {
    const error = failureOf(raw, 'DescribeWorkspaces', budget);
    if (!error) return undefined;
    return batch.map((e): Answered => [e, { error }]);
  }
  return watchAnswers(batch, states, now, settings.deadlineSeconds);
}

/**
 * The WorkSpaces that missed their deadline this round: their joiners were told
 * ProvisioningDeadlineError; each gets a late watch (if `lateWatchHours` is not 0), and the
 * operators one alert for all of them.
 */
async function watchLate(missed: QueuedWatch[], now: number, report: RoundReport): Promise<void> {
  if (missed.length === 0) return;
  const hours = settings.lateWatchHours;
  if (hours > 0) {
    for (const e of missed) {
      const late: LateWatch = {
        kind: 'late',
        token: `late:${e.workspaceId}`,
        queuedAt: now,
        workspaceId: e.workspaceId,
        executionArn: e.executionArn,
        lookAfter: now + lateLookMs,
        until: now + hours * 3_600_000,
      };
      await enqueue(dynamo, tableName, late).catch((error: Error) =>
        logger.warn('Late watch not kept', { workspaceId: e.workspaceId, error: error.name }),
      );
    }
  }
  const ids = missed.map((e) => e.workspaceId).join(', ');
  await alert(report, `${missed.length} WorkSpaces missed the provisioning deadline`, [
    `${missed.length} WorkSpaces were not AVAILABLE ${settings.deadlineSeconds / 60} minutes after creation: ${ids}. Their joiners failed with ProvisioningDeadlineError.`,
    hours > 0
      ? `The provisioner keeps looking at them for ${hours} hours: one that becomes AVAILABLE has its joiner redriven, which sends the registration code, password and welcome email. Nothing to do unless you want to give up on one: then terminate it.`
      : 'lateWatchHours is 0: nobody watches them. When one is AVAILABLE, redrive its joiner (npm run failures lists them), or terminate it.',
  ]);
}

/**
 * The late watch: describes late WorkSpaces that are due a look (after the round's own work,
 * with what is left of its budget). One that is AVAILABLE has its joiner redriven, so the joiner
 * resumes where it failed and finishes its onboarding; one still not AVAILABLE at `until`, or
 * whose joiner cannot be redriven, is reported. One alert per cause for the round.
 */
async function lookAtLate(
  late: LateWatch[],
  budget: CallBudget,
  now: number,
  report: RoundReport,
): Promise<void> {
  const expired = late.filter((e) => now >= e.until);
  const due = late.filter((e) => now < e.until && e.lookAfter <= now).slice(0, budget.remaining * batchSize);
  const resumed: string[] = [];
  const stuck: string[] = [];
  for (let i = 0; i < due.length; i += batchSize) {
    if (!(await budget.take())) break;
    const batch = due.slice(i, i + batchSize);
    let states: Map<string, string>;
    try {
      states = await describeStates(batch);
    } catch (raw) {
      failureOf(raw, 'DescribeWorkspaces', budget);
      break;
    }
    for (const e of batch) {
      const state = states.get(e.workspaceId) ?? 'gone';
      if (state === 'AVAILABLE' && e.executionArn) {
        const outcome = await redrive(e.executionArn);
        if (outcome === 'running') continue; // its failure is still being recorded: next round
        if (outcome === 'redriven') resumed.push(`${e.workspaceId} (${e.executionArn})`);
        else
          stuck.push(
            `${e.workspaceId}: AVAILABLE, joiner not redriven (${outcome}); resend the welcome email or redrive by hand`,
          );
        await dropItem(e);
      } else if (state === 'AVAILABLE' || state === 'gone' || settledStates.has(state)) {
        if (state !== 'AVAILABLE') stuck.push(`${e.workspaceId}: ${state}; nothing to resume`);
        else stuck.push(`${e.workspaceId}: AVAILABLE; its joiner is unknown, resend the welcome email`);
        await dropItem(e);
      } else {
        await enqueue(dynamo, tableName, { ...e, lookAfter: now + lateLookMs }).catch(() => undefined);
      }
    }
  }
  for (const e of expired) {
    stuck.push(
      `${e.workspaceId}: still not AVAILABLE after ${settings.lateWatchHours} hours; terminate it or look at it in the console`,
    );
    await dropItem(e);
  }
  report.resumed = resumed.length;
  if (resumed.length > 0) {
    await alert(report, `${resumed.length} late WorkSpaces are AVAILABLE: onboarding resumed`, [
      `These WorkSpaces became AVAILABLE after their deadline; their joiners were redriven and finish their onboarding (registration code, password, welcome email): ${resumed.join(', ')}.`,
      'Nothing to do: a joiner that fails again alerts again.',
    ]);
  }
  if (stuck.length > 0) {
    await alert(report, `${stuck.length} late WorkSpaces need an operator`, stuck);
  }
}

/** Redrives a joiner execution: 'redriven', 'running' (not failed yet), or why not. */
async function redrive(executionArn: string): Promise<'redriven' | 'running' | string> {
  try {
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    return 'redriven';
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'ExecutionNotRedrivable' && /RUNNING/i.test(message)) return 'running';
    return `${name}: ${message}`;
  }
}

/** Answers leaver entries, counting them in the round's report. */
async function answerLeavers(answers: Answered[], report: RoundReport): Promise<void> {
  const { ok, failed } = await answerAll(answers);
  report.leaverAnswered += ok + failed;
}

/**
 * One call of a batch of ids (StopWorkspaces, TerminateWorkspaces): its `FailedRequests`, or
 * the named error for every entry, or undefined to leave the batch for the next round.
 */
async function changeBatch(
  operation: 'StopWorkspaces' | 'TerminateWorkspaces',
  ids: string[],
  budget: CallBudget,
): Promise<FailedChange[] | Error | undefined> {
  try {
    const requests = ids.map((WorkspaceId) => ({ WorkspaceId }));
    const response =
      operation === 'StopWorkspaces'
        ? await workspaces.send(new StopWorkspacesCommand({ StopWorkspaceRequests: requests }))
        : await workspaces.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: requests }));
    return response.FailedRequests ?? [];
  } catch (raw) {
    return failureOf(raw, operation, budget);
  }
}

/** Stops leavers' WorkSpaces, 25 ids per StopWorkspaces call, oldest first. */
async function stopAll(stops: QueuedStop[], budget: CallBudget, report: RoundReport): Promise<void> {
  for (const batch of idBatches(stops, (e) => [e.workspaceId])) {
    if (!(await budget.take())) break;
    report.leaverCalls.stops++;
    const result = await changeBatch('StopWorkspaces', batch.ids, budget);
    if (!result) continue;
    await answerLeavers(
      result instanceof Error
        ? batch.entries.map((e): Answered => [e, { error: result }])
        : stopAnswers(batch.entries, result),
      report,
    );
  }
}

/** Terminates leavers' WorkSpaces after their last re-check, 25 ids per TerminateWorkspaces call. */
async function terminateAll(
  terminations: QueuedTermination[],
  budget: CallBudget,
  report: RoundReport,
): Promise<void> {
  for (const batch of idBatches(terminations, (e) => e.workspaceIds)) {
    if (!(await budget.take())) break;
    report.leaverCalls.terminations++;
    const result = await changeBatch('TerminateWorkspaces', batch.ids, budget);
    if (!result) continue;
    await answerLeavers(
      result instanceof Error
        ? batch.entries.map((e): Answered => [e, { error: result }])
        : terminationAnswers(batch.entries, result),
      report,
    );
  }
}

/** Looks whether terminated WorkSpaces are gone, 25 ids per DescribeWorkspaces call. */
async function checkGone(
  checks: QueuedGoneCheck[],
  budget: CallBudget,
  now: number,
  report: RoundReport,
): Promise<void> {
  const due = checks.filter((e) => e.lookAfter <= now);
  for (const batch of idBatches(due, (e) => e.workspaceIds)) {
    if (!(await budget.take())) break;
    report.leaverCalls.goneChecks++;
    let states: Map<string, string>;
    try {
      states = await describeIds(batch.ids);
    } catch (raw) {
      const error = failureOf(raw, 'DescribeWorkspaces', budget);
      if (error)
        await answerLeavers(
          batch.entries.map((e): Answered => [e, { error }]),
          report,
        );
      continue;
    }
    await answerLeavers(goneAnswers(batch.entries, states, now), report);
  }
}

/**
 * Reads the tags of the WorkSpaces in `wanted` that may come from the tag index (not `fresh`)
 * with the Resource Groups Tagging API, 100 a GetResources call, outside the WorkSpaces budget;
 * every such read of the same WorkSpace in `alsoAnswered` shares the answer. A WorkSpace the index
 * does not have (never tagged, just created, gone) is left for DescribeTags, and so is every read
 * of the round once GetResources fails. Returns the reads answered.
 */
async function readIndexed(
  wanted: QueuedTagsRead[],
  alsoAnswered: QueuedTagsRead[],
  budget: CallBudget,
  report: RoundReport,
): Promise<Set<QueuedTagsRead>> {
  const answered = new Set<QueuedTagsRead>();
  const reads = [...wanted, ...alsoAnswered];
  const ids = [
    ...new Set(
      wanted
        .filter((e) => !e.fresh)
        .sort((a, b) => a.queuedAt - b.queuedAt)
        .map((e) => e.workspaceId),
    ),
  ];
  for (let i = 0; i < ids.length; i += tagIndexBatchSize) {
    if (!(await budget.take())) break;
    report.leaverCalls.tagIndexReads++;
    const batch = ids.slice(i, i + tagIndexBatchSize);
    let mappings: Parameters<typeof indexedTagAnswers>[1];
    try {
      const response = await tagIndex.send(
        new GetResourcesCommand({ ResourceARNList: batch.map((id) => `${workspaceArnPrefix}${id}`) }),
      );
      mappings = (response.ResourceTagMappingList ?? []).map((m) => ({
        workspaceId: (m.ResourceARN ?? '').slice(workspaceArnPrefix.length),
        tags: m.Tags ?? [],
      }));
    } catch (raw) {
      logger.warn('Tag index not read; DescribeTags reads the tags this round', {
        error: raw instanceof Error ? raw.name : String(raw),
        workspaces: ids.length - i,
      });
      budget.stop();
      break;
    }
    const inBatch = new Set(batch);
    const answers = indexedTagAnswers(
      reads.filter((e) => inBatch.has(e.workspaceId)),
      mappings,
    );
    await answerLeavers(answers, report);
    for (const [e] of answers) answered.add(e as QueuedTagsRead);
  }
  return answered;
}

/**
 * Reads the tags of the WorkSpaces in `wanted`, one DescribeTags call each (it takes one
 * resource); every read of the same WorkSpace waiting in the round, in `wanted` or
 * `alsoAnswered`, shares the call. Returns the reads answered.
 */
async function readTags(
  wanted: QueuedTagsRead[],
  alsoAnswered: QueuedTagsRead[],
  budget: CallBudget,
  report: RoundReport,
): Promise<Set<QueuedTagsRead>> {
  const answered = new Set<QueuedTagsRead>();
  const reads = [...wanted, ...alsoAnswered];
  const ids = [...new Set([...wanted].sort((a, b) => a.queuedAt - b.queuedAt).map((e) => e.workspaceId))];
  for (const workspaceId of ids) {
    if (!(await budget.take())) break;
    report.leaverCalls.tagReads++;
    let answer: Answer;
    try {
      const response = await workspaces.send(new DescribeTagsCommand({ ResourceId: workspaceId }));
      answer = { output: { ...tagsRead(workspaceId, response.TagList) } };
    } catch (raw) {
      const outcome = tagsReadFailure(workspaceId, raw);
      if (outcome instanceof Error) {
        const error = failureOf(raw, 'DescribeTags', budget);
        if (!error) continue;
        answer = { error };
      } else answer = { output: { ...outcome } };
    }
    const sharing = reads.filter((e) => e.workspaceId === workspaceId);
    await answerLeavers(
      sharing.map((e): Answered => [e, answer]),
      report,
    );
    for (const e of sharing) answered.add(e);
  }
  return answered;
}

/**
 * Changes one WorkSpace per call, as the leaver's own task did: its removal tags (CreateTags)
 * or its switch from ALWAYS_ON to AUTO_STOP (ModifyWorkspaceProperties). A WorkSpace gone has
 * nothing to change.
 */
async function changeEach(
  entries: (QueuedTagging | QueuedAutoStop)[],
  budget: CallBudget,
  report: RoundReport,
): Promise<void> {
  for (const entry of [...entries].sort((a, b) => a.queuedAt - b.queuedAt)) {
    if (!(await budget.take())) break;
    const { workspaceId } = entry;
    const operation = entry.kind === 'tag' ? 'CreateTags' : 'ModifyWorkspaceProperties';
    const change =
      entry.kind === 'tag'
        ? `tag ${workspaceId} with ${listedTags(entry.tags)}`
        : `switch ${workspaceId} to AUTO_STOP`;
    let answer: Answer;
    try {
      if (entry.kind === 'tag') {
        report.leaverCalls.tagging++;
        const tags = Object.entries(entry.tags).map(([Key, Value]) => ({ Key, Value }));
        await workspaces.send(new CreateTagsCommand({ ResourceId: workspaceId, Tags: tags }));
      } else {
        report.leaverCalls.autoStops++;
        await workspaces.send(
          new ModifyWorkspacePropertiesCommand({
            WorkspaceId: workspaceId,
            WorkspaceProperties: autoStopProperties,
          }),
        );
      }
      answer = { output: { workspaceId, dryRun: false, change, gone: false } };
    } catch (raw) {
      const outcome = singleChangeFailure(raw, operation);
      if (outcome instanceof Error) {
        const error = failureOf(raw, operation, budget);
        if (!error) continue;
        answer = { error };
      } else answer = { output: { workspaceId, dryRun: false, change, ...outcome } };
    }
    logger.info(change, { workspaceId });
    await answerLeavers([[entry, answer]], report);
  }
}

/** The census of a directory, kept on the queue beside the entries. */
const censusToken = (directoryId: string) => `census:${directoryId}`;

/**
 * Lists a whole directory, 25 WorkSpaces a page; undefined when the round ran out of calls or was
 * throttled before the last page. Either way the census learns how many pages it took (at least).
 */
async function listDirectory(
  directoryId: string,
  budget: CallBudget,
  report: RoundReport,
): Promise<Workspace[] | undefined> {
  const listed: Workspace[] = [];
  let pages = 0;
  let next: string | undefined;
  let complete = false;
  while (await budget.take()) {
    report.leaverCalls.listingPages++;
    pages++;
    try {
      const page = await workspaces.send(
        new DescribeWorkspacesCommand({ DirectoryId: directoryId, Limit: lookPageSize, NextToken: next }),
      );
      listed.push(...(page.Workspaces ?? []));
      next = page.NextToken;
    } catch (raw) {
      failureOf(raw, 'DescribeWorkspaces', budget);
      break;
    }
    if (!next) {
      complete = true;
      break;
    }
  }
  const census: Census = {
    kind: 'census',
    token: censusToken(directoryId),
    queuedAt: Date.now(),
    directoryId,
    pages: complete ? pages : pages + 1,
    complete,
  };
  await enqueue(dynamo, tableName, census).catch((error: Error) =>
    logger.warn('Directory census not kept', { directoryId, error: error.name }),
  );
  return complete ? listed : undefined;
}

/** Answers the looks at given WorkSpaces, 25 ids a DescribeWorkspaces call shared between leavers. */
async function lookByIds(
  wanted: QueuedLook[],
  budget: CallBudget,
  report: RoundReport,
): Promise<Set<QueuedLook>> {
  const answered = new Set<QueuedLook>();
  for (const batch of idBatches(wanted, (e) => e.workspaceIds ?? [])) {
    if (!(await budget.take())) break;
    report.leaverCalls.looks++;
    let answers: Answered[];
    try {
      const response = await workspaces.send(new DescribeWorkspacesCommand({ WorkspaceIds: batch.ids }));
      answers = idLookAnswers(batch.entries, response.Workspaces ?? []);
    } catch (raw) {
      const error = failureOf(raw, 'DescribeWorkspaces', budget);
      if (!error) continue;
      answers = batch.entries.map((e): Answered => [e, { error }]);
    }
    await answerLeavers(answers, report);
    for (const e of batch.entries) answered.add(e);
  }
  return answered;
}

/**
 * Answers the looks at users' WorkSpaces in `wanted`, per directory: with one listing of the
 * directory when it takes fewer calls than one call per user (it then also answers the looks in
 * `alsoAnswered`, at no cost), else one DescribeWorkspaces per user. Returns the looks answered.
 */
async function lookAll(
  wanted: QueuedLook[],
  alsoAnswered: QueuedLook[],
  censuses: Census[],
  budget: CallBudget,
  report: RoundReport,
): Promise<Set<QueuedLook>> {
  const answered = new Set<QueuedLook>();
  for (const e of await lookByIds(
    wanted.filter((e) => e.workspaceIds),
    budget,
    report,
  ))
    answered.add(e);
  const byUser = wanted.filter((e) => !e.workspaceIds);
  const directories = [...new Set(byUser.map((e) => e.directoryId))];
  for (const directoryId of directories) {
    const looks = byUser.filter((e) => e.directoryId === directoryId).sort((a, b) => a.queuedAt - b.queuedAt);
    const users = [...new Set(looks.map((e) => e.userName.toLowerCase()))];
    const census = censuses.find((c) => c.directoryId === directoryId);
    if (lookMode(users.length, census, budget.remaining) === 'listing') {
      const listed = await listDirectory(directoryId, budget, report);
      if (!listed) continue;
      const all = [...looks, ...alsoAnswered.filter((e) => e.directoryId === directoryId)];
      await answerLeavers(lookAnswers(all, listed), report);
      for (const e of all) answered.add(e);
      continue;
    }
    for (const user of users) {
      if (!(await budget.take())) break;
      report.leaverCalls.looks++;
      const mine = looks.filter((e) => e.userName.toLowerCase() === user);
      let answer: Answer;
      try {
        const response = await workspaces.send(
          new DescribeWorkspacesCommand({
            DirectoryId: directoryId,
            UserName: mine[0].userName,
            Limit: lookPageSize,
          }),
        );
        answer = { output: { ...lookResult(response.Workspaces ?? [], response.NextToken !== undefined) } };
      } catch (raw) {
        const error = failureOf(raw, 'DescribeWorkspaces', budget);
        if (!error) continue;
        answer = { error };
      }
      await answerLeavers(
        mine.map((e): Answered => [e, answer]),
        report,
      );
      for (const e of mine) answered.add(e);
    }
  }
  return answered;
}

/**
 * One round, within the call budget, in the order of `roundPriority`: leavers' stops, switches to
 * AUTO_STOP, and the looks and tag reads a cut waits on; then creations and joiner watches; then
 * leavers' removal tags, re-checks, terminations and termination checks; then late watches.
 */
export async function provisionRound(): Promise<RoundReport> {
  const started = Date.now();
  const intervalMs = settings.intervalMinutes * 60_000;
  const budget = new CallBudget(settings.callsPerSecond, roundAllowance(settings.callsPerSecond, intervalMs));
  const { entries, strangers } = await readQueue(dynamo, tableName);
  for (const id of strangers) logger.warn('Queue item ignored: not an entry', { id });
  const creations = entries.filter((e): e is QueuedCreation => e.kind === 'create');
  const watches = entries.filter((e): e is QueuedWatch => e.kind === 'watch');
  const late = entries.filter((e): e is LateWatch => e.kind === 'late');
  const notice = entries.find((e): e is Notice => e.kind === 'notice' && e.token === quotaNoticeToken);
  const looks = entries.filter((e): e is QueuedLook => e.kind === 'look');
  const stops = entries.filter((e): e is QueuedStop => e.kind === 'stop');
  const terminations = entries.filter((e): e is QueuedTermination => e.kind === 'terminate');
  const goneChecks = entries.filter((e): e is QueuedGoneCheck => e.kind === 'gone');
  const censuses = entries.filter((e): e is Census => e.kind === 'census');
  const tagReads = entries.filter((e): e is QueuedTagsRead => e.kind === 'tags');
  const tagging = entries.filter((e): e is QueuedTagging => e.kind === 'tag');
  const autoStops = entries.filter((e): e is QueuedAutoStop => e.kind === 'auto-stop');
  const warnings = entries.filter((e): e is QueuedWarning => e.kind === 'warning');
  const report: RoundReport = {
    queued: creations.length + watches.length,
    created: 0,
    settled: 0,
    failed: 0,
    waiting: 0,
    workspacesCalls: 0,
    throttled: false,
    quotaWaiting: 0,
    resumed: 0,
    alerts: 0,
    warned: 0,
    leaverQueued:
      looks.length +
      stops.length +
      terminations.length +
      goneChecks.length +
      tagReads.length +
      tagging.length +
      autoStops.length,
    leaverAnswered: 0,
    leaverCalls: {
      stops: 0,
      looks: 0,
      listingPages: 0,
      terminations: 0,
      goneChecks: 0,
      tagReads: 0,
      tagIndexReads: 0,
      tagging: 0,
      autoStops: 0,
    },
  };
  const tally = async (answers: Answered[], field: 'created' | 'settled') => {
    const { ok, failed } = await answerAll(answers);
    report[field] += ok;
    report.failed += failed;
  };

  // The README's "Priority inside a round" (roundPriority): access cuts first, removals late.
  // A dry run's change is answered with the change it would make, with no call.
  const dryRuns = [...stops, ...terminations, ...tagging, ...autoStops].filter((e) => e.dryRun);
  await answerLeavers(dryRuns.map(dryRunAnswer), report);
  await stopAll(
    stops.filter((e) => !e.dryRun),
    budget,
    report,
  );
  await changeEach(
    autoStops.filter((e) => !e.dryRun),
    budget,
    report,
  );
  // Looks and tag reads by purpose: before a cut, confirming a stop, re-checking before removal.
  // A look or read made for one answers every other waiting for the same user or WorkSpace.
  const byPurpose = <E extends { purpose: string }>(all: E[], purpose: E['purpose']) =>
    all.filter((e) => e.purpose === purpose);
  const answeredLooks = new Set<QueuedLook>();
  const answeredReads = new Set<QueuedTagsRead>();
  const lookFor = async (purpose: QueuedLook['purpose']) => {
    const wanted = byPurpose(looks, purpose).filter((e) => !answeredLooks.has(e));
    const others = looks.filter((e) => e.purpose !== purpose && !answeredLooks.has(e));
    for (const e of await lookAll(wanted, others, censuses, budget, report)) answeredLooks.add(e);
  };
  const tagIndexBudget = new CallBudget(1, tagIndexCallsPerRound);
  const readFor = async (purpose: QueuedTagsRead['purpose']) => {
    const unanswered = (e: QueuedTagsRead) => !answeredReads.has(e);
    const wanted = () => byPurpose(tagReads, purpose).filter(unanswered);
    const others = () => tagReads.filter((e) => e.purpose !== purpose && unanswered(e));
    for (const e of await readIndexed(wanted(), others(), tagIndexBudget, report)) answeredReads.add(e);
    for (const e of await readTags(wanted(), others(), budget, report)) answeredReads.add(e);
  };
  await lookFor('cut');
  await readFor('cut');
  await lookFor('confirm');
  await readFor('confirm');

  const reachable = creationsWithinReach(creations, budget.remaining);
  const alive = await mapLimited(reachable, stillWaiting);
  const waiting = reachable.filter((_, i) => alive[i]);
  const overQuota: QueuedCreation[] = [];
  let quotaTried = false;
  for (const batch of creationBatches(waiting)) {
    // Once the quota refused, the later batches would be refused too: they wait, with no call.
    if (overQuota.length > 0) {
      overQuota.push(...batch);
      continue;
    }
    if (!(await budget.take())) break;
    const result = await create(batch, budget);
    if (!result) continue;
    quotaTried = true;
    await tally(result.answers, 'created');
    overQuota.push(...result.overQuota);
  }
  // The quota holds back the creations this round did not reach as well: they count, and expire, alike.
  if (overQuota.length > 0) overQuota.push(...creations.filter((e) => !reachable.includes(e)));
  if (quotaTried || overQuota.length > 0) await settleQuota(overQuota, notice, Date.now(), report);
  else if (notice && waiting.length === 0) await dropItem(notice);
  const capacity = budget.remaining * batchSize;
  const now = Date.now();
  const looking = dueForLook(watches, now, capacity, roundNumber(started, intervalMs));
  const missed: QueuedWatch[] = [];
  for (let i = 0; i < looking.length; i += batchSize) {
    if (!(await budget.take())) break;
    const answers = await watch(looking.slice(i, i + batchSize), budget, now);
    if (!answers) continue;
    await tally(answers, 'settled');
    for (const [entry, result] of answers) {
      if ('error' in result && result.error instanceof ProvisioningDeadlineError)
        missed.push(entry as QueuedWatch);
    }
  }
  await watchLate(missed, now, report);
  await changeEach(
    tagging.filter((e) => !e.dryRun),
    budget,
    report,
  );
  await lookFor('recheck');
  await readFor('recheck');
  await terminateAll(
    terminations.filter((e) => !e.dryRun),
    budget,
    report,
  );
  await checkGone(goneChecks, budget, Date.now(), report);
  await lookAtLate(late, budget, now, report);
  await warnOperators(warnings, report);
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
