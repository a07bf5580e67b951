import { createHash } from 'node:crypto';
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { WorkspaceRequest } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { mapAwsError } from './aws-errors';
import { workspaceIdSchema } from './contracts';

/**
 * The provisioning queue: a DynamoDB table with one item per joiner or leaver execution waiting
 * on the provisioner (the account's scheduler of WorkSpaces calls), keyed by a hash of the execution's task token. A retried task state gets a new
 * token, so its item is a new one; the provisioner deletes an item once it has answered it.
 */
export const queueKeyName = 'id';

/** Waiting for its WorkSpace to be created (the request is sent with up to 24 others). */
const queuedCreationSchema = z.object({
  kind: z.literal('create'),
  token: z.string().min(1),
  queuedAt: z.number(),
  request: z.custom<WorkspaceRequest>(
    (value) => typeof value === 'object' && value !== null && 'UserName' in value && 'DirectoryId' in value,
    'not a WorkSpace request',
  ),
});

/** Waiting for its WorkSpace to settle (looked at with up to 24 others). */
const queuedWatchSchema = z.object({
  kind: z.literal('watch'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceId: workspaceIdSchema,
  /** Not looked at before this time (epoch ms): a new WorkSpace takes about 20 minutes. */
  lookAfter: z.number(),
  /** Past this time (epoch ms) an unsettled WorkSpace fails the joiner. */
  deadline: z.number(),
  /** The waiting execution: redriven if its WorkSpace becomes AVAILABLE after the deadline. */
  executionArn: z.string().optional(),
});

/**
 * A WorkSpace that missed its deadline (its joiner failed): looked at now and then until
 * `until`, and its joiner redriven once it is AVAILABLE. Keyed by the WorkSpace, not a token.
 */
const lateWatchSchema = z.object({
  kind: z.literal('late'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceId: workspaceIdSchema,
  executionArn: z.string().optional(),
  lookAfter: z.number(),
  until: z.number(),
});

/**
 * A leaver waiting for a look at a directory user's WorkSpaces (FindLeaverWorkspaces,
 * LookAgainToStop, RecheckWorkspaces). Answered like a DescribeWorkspaces by user, whether the
 * round made that call or listed the whole directory for many looks at once. A look a cut waits
 * on (`cut`) and one confirming a stop (`confirm`) go before creations; a re-check before removal
 * (`recheck`) after the watches.
 */
const queuedLookSchema = z.object({
  kind: z.literal('look'),
  token: z.string().min(1),
  queuedAt: z.number(),
  directoryId: z.string().min(1),
  userName: z.string().min(1),
  purpose: z.enum(['cut', 'confirm', 'recheck']),
  /**
   * Only these WorkSpaces (a stop's confirmation, which knows them): answered by DescribeWorkspaces
   * by id, 25 ids a call shared between leavers, instead of a look by user.
   */
  workspaceIds: z.array(workspaceIdSchema).min(1).max(25).optional(),
});

/** A leaver's WorkSpace to stop (StopWorkspace, StopOnceStoppable): 25 ids per StopWorkspaces call. */
const queuedStopSchema = z.object({
  kind: z.literal('stop'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceId: workspaceIdSchema,
  /** Dry run: answered with the change it would make, with no call. */
  dryRun: z.boolean(),
});

/** A leaver's read of one WorkSpace's tags (ReadWorkspaceTags, ReadTagsBeforeStop, RereadWorkspaceTags). */
const queuedTagsReadSchema = z.object({
  kind: z.literal('tags'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceId: workspaceIdSchema,
  purpose: z.enum(['cut', 'confirm', 'recheck']),
  /**
   * Read with DescribeTags, the WorkSpaces API's own answer: the read before a termination. When
   * false the read may come from the Resource Groups Tagging API's index, 100 WorkSpaces a call
   * outside the WorkSpaces budget, falling back to DescribeTags for a WorkSpace the index does
   * not have. An entry queued before this field existed is read with DescribeTags.
   */
  fresh: z.boolean().default(true),
  /**
   * Tags an answer from the index must show, or it is taken as behind and the WorkSpace is read
   * with DescribeTags: by key and value, or by key alone where the value is null (the removal tag
   * this leaver put, before its warning; an `employee-id`, before a cut or a stop).
   */
  expect: z.record(z.string(), z.string().nullable()).optional(),
});

/** A leaver's removal tags for one WorkSpace (TagForRemoval): CreateTags, after the stop. */
const queuedTaggingSchema = z.object({
  kind: z.literal('tag'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceId: workspaceIdSchema,
  tags: z.record(z.string(), z.string()),
  dryRun: z.boolean(),
});

/** A leaver's ALWAYS_ON WorkSpace switched to AUTO_STOP before its stop (SetAutoStop): ModifyWorkspaceProperties. */
const queuedAutoStopSchema = z.object({
  kind: z.literal('auto-stop'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceId: workspaceIdSchema,
  dryRun: z.boolean(),
});

/** The poll state a leaver carries to the termination checks (see `commons/polling.ts`). */
const pollSchema = z.object({ attempt: z.number(), elapsedSeconds: z.number(), waitSeconds: z.number() });

/** A leaver's WorkSpaces to terminate, after its last re-check: 25 ids per TerminateWorkspaces call. */
const queuedTerminationSchema = z.object({
  kind: z.literal('terminate'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceIds: z.array(workspaceIdSchema).min(1).max(25),
  dryRun: z.boolean(),
  /** Handed back with the answer: when and how long the leaver then checks they are gone. */
  poll: pollSchema,
});

/** Terminated WorkSpaces, watched until they are gone (CheckWorkspacesGone): 25 ids per DescribeWorkspaces call. */
const queuedGoneCheckSchema = z.object({
  kind: z.literal('gone'),
  token: z.string().min(1),
  queuedAt: z.number(),
  workspaceIds: z.array(workspaceIdSchema).min(1).max(25),
  lookAfter: z.number(),
  /** Past this time (epoch ms) the leaver is told the removal is not confirmed. */
  deadline: z.number(),
  poll: pollSchema,
});

/**
 * How many DescribeWorkspaces pages the last full listing of a directory took (or at least took,
 * when the round ran out of calls before its end): what decides whether many looks are answered
 * by one listing or one call per user. Keyed by the directory.
 */
const censusSchema = z.object({
  kind: z.literal('census'),
  token: z.string().min(1),
  queuedAt: z.number(),
  directoryId: z.string().min(1),
  pages: z.number().int().min(1),
  /** Whether the listing ended; if not, `pages` is a lower bound. */
  complete: z.boolean(),
});

/**
 * A leaver's warning to the operators that its WorkSpaces will be terminated soon
 * (WarnPendingRemoval), keyed by the leaver event: the next round sends every waiting warning in
 * one message, so a cohort of a thousand leavers is one email, not a thousand.
 */
const queuedWarningSchema = z.object({
  kind: z.literal('warning'),
  token: z.string().min(1),
  queuedAt: z.number(),
  eventId: z.string().min(1),
  employeeId: z.string().min(1),
  userName: z.string().min(1),
  workspaceIds: z.array(z.string()).min(1),
  removeAt: z.string().min(1),
  executionArn: z.string().optional(),
});

/**
 * An alert already sent for a condition that lasts (the quota holding joiners back), so the
 * next rounds do not send it again; deleted when the condition ends.
 */
const noticeSchema = z.object({
  kind: z.literal('notice'),
  token: z.string().min(1),
  queuedAt: z.number(),
  waiting: z.number(),
});

const queueEntrySchema = z.discriminatedUnion('kind', [
  queuedCreationSchema,
  queuedWatchSchema,
  lateWatchSchema,
  noticeSchema,
  queuedLookSchema,
  queuedStopSchema,
  queuedTerminationSchema,
  queuedGoneCheckSchema,
  queuedTagsReadSchema,
  queuedTaggingSchema,
  queuedAutoStopSchema,
  censusSchema,
  queuedWarningSchema,
]);
export type QueuedCreation = z.output<typeof queuedCreationSchema>;
export type QueuedWatch = z.output<typeof queuedWatchSchema>;
export type LateWatch = z.output<typeof lateWatchSchema>;
export type Notice = z.output<typeof noticeSchema>;
export type QueuedLook = z.output<typeof queuedLookSchema>;
export type QueuedStop = z.output<typeof queuedStopSchema>;
export type QueuedTermination = z.output<typeof queuedTerminationSchema>;
export type QueuedGoneCheck = z.output<typeof queuedGoneCheckSchema>;
export type Census = z.output<typeof censusSchema>;
export type QueuedTagsRead = z.output<typeof queuedTagsReadSchema>;
export type QueuedTagging = z.output<typeof queuedTaggingSchema>;
export type QueuedAutoStop = z.output<typeof queuedAutoStopSchema>;
export type QueuedWarning = z.output<typeof queuedWarningSchema>;
export type QueueEntry = z.output<typeof queueEntrySchema>;

/** Whom or what an entry is for, as a person reads a queue listing. */
export function entryLabel(e: QueueEntry): string {
  if (e.kind === 'create') return String(e.request.UserName);
  if (e.kind === 'notice') return `${e.token} (${e.waiting} waiting)`;
  if (e.kind === 'look') return `look at ${e.userName}`;
  if (e.kind === 'census') return `${e.token} (${e.pages} pages)`;
  if (e.kind === 'stop') return `stop ${e.workspaceId}`;
  if (e.kind === 'terminate') return `terminate ${e.workspaceIds.join(', ')}`;
  if (e.kind === 'gone') return `until gone: ${e.workspaceIds.join(', ')}`;
  if (e.kind === 'tags') return `read tags of ${e.workspaceId}`;
  if (e.kind === 'tag') return `tag ${e.workspaceId}`;
  if (e.kind === 'auto-stop') return `switch ${e.workspaceId} to AUTO_STOP`;
  if (e.kind === 'warning') return `warn of ${e.userName}'s removal`;
  return e.workspaceId;
}

/** States in which a WorkSpace stops being watched and the joiner acts on it. */
export const settledStates: ReadonlySet<string> = new Set([
  'AVAILABLE',
  'STOPPED',
  'ERROR',
  'UNHEALTHY',
  'TERMINATING',
  'TERMINATED',
  'SUSPENDED',
]);

/** The item key of an entry: tokens are long (up to 1 KiB), their hashes are not. */
export function queueKeyOf(token: string): Record<string, AttributeValue> {
  return { [queueKeyName]: { S: createHash('sha256').update(token).digest('hex') } };
}

/** The item that holds an entry, under its {@link queueKeyOf | key}. */
export function toItem(entry: QueueEntry): Record<string, AttributeValue> {
  return { ...queueKeyOf(entry.token), kind: { S: entry.kind }, entry: { S: JSON.stringify(entry) } };
}

/** The entry an item holds, or undefined when the item is not one (it is then left alone). */
export function fromItem(item: Record<string, AttributeValue>): QueueEntry | undefined {
  const text = item.entry?.S;
  if (text === undefined) return undefined;
  try {
    const parsed = queueEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Puts an entry on the queue: the one call of the tasks that hand a joiner to the provisioner. */
export async function enqueue(client: DynamoDBClient, tableName: string, entry: QueueEntry): Promise<void> {
  try {
    await client.send(new PutItemCommand({ TableName: tableName, Item: toItem(entry) }));
  } catch (error) {
    throw mapAwsError(error, 'PutItem');
  }
}

/** What the queue holds: its entries, and the ids of items that are not entries (left alone). */
export interface QueueContents {
  entries: QueueEntry[];
  strangers: (string | undefined)[];
}

/**
 * Reads the whole queue, every page of it. Errors are the SDK's own: the provisioner's round then
 * fails, and the next round reads again.
 */
export async function readQueue(client: DynamoDBClient, tableName: string): Promise<QueueContents> {
  const contents: QueueContents = { entries: [], strangers: [] };
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const entry = fromItem(item);
      if (entry) contents.entries.push(entry);
      else contents.strangers.push(item[queueKeyName]?.S);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return contents;
}

/**
 * Deletes an entry's item, once its execution was answered or no longer waits. Errors are the
 * SDK's own; deleting an item already gone succeeds.
 */
export async function dequeue(client: DynamoDBClient, tableName: string, entry: QueueEntry): Promise<void> {
  await client.send(new DeleteItemCommand({ TableName: tableName, Key: queueKeyOf(entry.token) }));
}
