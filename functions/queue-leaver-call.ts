import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { pollScheduleSchema, readDirectoryId, readJsonEnv, requireEnv } from './commons/config';
import { samAccountNameSchema, workspaceIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { EmployeeTag, LeaverTags } from './commons/leaver';
import { tagsSchema } from './commons/leaver-calls';
import { logger } from './commons/logger';
import { pollStateSchema, recheckPoll } from './commons/polling';
import { enqueue, type QueueEntry } from './commons/provisioning';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const tableName = requireEnv(Env.ProvisioningTable);
const schedule = readJsonEnv(Env.PollSchedule, pollScheduleSchema);
const client = new DynamoDBClient(taskClientConfig);

const common = { taskToken: z.string().min(1) };
const inputSchema = z.discriminatedUnion('call', [
  z.object({
    ...common,
    call: z.literal('look'),
    userName: samAccountNameSchema,
    purpose: z.enum(['cut', 'confirm', 'recheck']),
    /** Only these WorkSpaces, looked at by id (a stop's confirmation). */
    workspaceIds: z.array(workspaceIdSchema).min(1).max(25).optional(),
  }),
  z.object({ ...common, call: z.literal('stop'), workspaceId: workspaceIdSchema, dryRun: z.boolean() }),
  z.object({
    ...common,
    call: z.literal('terminate'),
    workspaceIds: z.array(workspaceIdSchema).min(1).max(25),
    dryRun: z.boolean(),
  }),
  z.object({
    ...common,
    call: z.literal('tags'),
    workspaceId: workspaceIdSchema,
    purpose: z.enum(['cut', 'confirm', 'recheck']),
    /** A re-check's phase: before the warning, or before the removal (`$.phase`). */
    phase: z.enum(['warning', 'removal']).optional(),
    /** The leaver event, whose removal tag a re-check expects on the WorkSpace. */
    eventId: z.string().min(1).optional(),
  }),
  z.object({
    ...common,
    call: z.literal('tag'),
    workspaceId: workspaceIdSchema,
    tags: tagsSchema,
    dryRun: z.boolean(),
  }),
  z.object({ ...common, call: z.literal('auto-stop'), workspaceId: workspaceIdSchema, dryRun: z.boolean() }),
  z.object({
    ...common,
    call: z.literal('gone'),
    workspaceIds: z.array(workspaceIdSchema).min(1).max(25),
    poll: pollStateSchema,
  }),
]);
type Input = z.output<typeof inputSchema>;

/** The queue entry for a leaver's call, at `now`. */
export function entryFor(input: Input, now: number): QueueEntry {
  const base = { token: input.taskToken, queuedAt: now };
  switch (input.call) {
    case 'look': {
      const { userName, purpose, workspaceIds } = input;
      return {
        ...base,
        kind: 'look',
        directoryId,
        userName,
        purpose,
        ...(workspaceIds ? { workspaceIds } : {}),
      };
    }
    case 'stop':
      return { ...base, kind: 'stop', workspaceId: input.workspaceId, dryRun: input.dryRun };
    case 'tags': {
      // Only the read before a termination must be the WorkSpaces API's own: what is decided on the
      // others (a stop, removal tags, a warning) can be undone, and the last re-check sees it. An
      // index answer without what the leaver knows is there is behind: read with DescribeTags.
      const expected: Record<string, string | null> =
        input.purpose === 'recheck'
          ? { [LeaverTags.RemovalEventId]: input.eventId ?? null }
          : { [EmployeeTag]: null };
      return {
        ...base,
        kind: 'tags',
        workspaceId: input.workspaceId,
        purpose: input.purpose,
        fresh: input.purpose === 'recheck' && input.phase !== 'warning',
        expect: expected,
      };
    }
    case 'tag':
      return { ...base, kind: 'tag', workspaceId: input.workspaceId, tags: input.tags, dryRun: input.dryRun };
    case 'auto-stop':
      return { ...base, kind: 'auto-stop', workspaceId: input.workspaceId, dryRun: input.dryRun };
    case 'terminate':
      return {
        ...base,
        kind: 'terminate',
        workspaceIds: input.workspaceIds,
        dryRun: input.dryRun,
        poll: recheckPoll(schedule),
      };
    case 'gone': {
      // The polling deadline counts from the termination, as the leaver's own polling did.
      const left = Math.max(0, schedule.deadlineSeconds - input.poll.elapsedSeconds - input.poll.waitSeconds);
      return {
        ...base,
        kind: 'gone',
        workspaceIds: input.workspaceIds,
        lookAfter: now,
        deadline: now + left * 1000,
        poll: input.poll,
      };
    }
  }
}

/**
 * Hands one of a leaver's WorkSpaces calls to the provisioner, the account's scheduler of
 * WorkSpaces calls, which makes it in its round by priority (access cuts first), batched with
 * other leavers' where WorkSpaces allows (25 ids per StopWorkspaces, TerminateWorkspaces or
 * DescribeWorkspaces call; many looks by one listing of the directory; tag reads 100 WorkSpaces
 * a GetResources call of the Resource Groups Tagging API, except the read before a termination,
 * which is DescribeTags), and answers this execution's task token with what the call found, in
 * the shape the state had when it made the call itself: a look `{workspaces, truncated, stoppable}`, a stop `{workspaceId, dryRun, change,
 * gone, refused?}`, a termination `{workspaceIds, dryRun, change, alreadyGoneIds, poll}`, a
 * termination check `{allGone, remaining, deadlinePassed, poll}`, a tag read `{workspaceId,
 * found, tags}`, tagging or the AUTO_STOP switch `{workspaceId, dryRun, change, gone}`.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const entry = entryFor(input, Date.now());
  await enqueue(client, tableName, entry);
  logger.info('Leaver call queued', { call: input.call, kind: entry.kind });
  return { queued: true };
});
