import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { employeeIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { orderedAtOf } from './commons/leaver';
import { taskHandler } from './commons/task';

const tableName = requireEnv(Env.LifecycleTable);
const client = new DynamoDBClient(taskClientConfig);

export const flows = ['joiner', 'rehire', 'leaver'] as const;
type Flow = (typeof flows)[number];

const inputSchema = z.object({
  flow: z.enum(flows),
  employeeId: employeeIdSchema,
  /** The event's ordering time when the flow has it already; else from HR's `occurredAt` or the start. */
  orderedAt: z.iso.datetime({ offset: true }).optional(),
  occurredAt: z.string().nullish(),
  startedAt: z.iso.datetime({ offset: true }),
  executionArn: z.string().min(1),
  /** A dry-run leaver only reads the register: it changes nothing, not even our own records. */
  dryRun: z.boolean().default(false),
});

export interface Registered {
  orderedAt: string;
  executionArn: string;
}

/** What the register says about this employee, from this execution's point of view. */
export interface RegisterAnswer {
  /**
   * The newest event of the other side ordered after this one, when there is one: for a leaver
   * a joiner or rehire, for a joiner or rehire a leaver. The newer event stands.
   */
  newer?: { flow: Flow } & Registered;
  /** Executions of the other side ordered before this one (or at the same time), oldest first. */
  older: Registered[];
  /** When there is a newer one: why this event no longer counts. */
  supersededBecause?: string;
}

/** One register entry: `<orderedAt> <executionArn>`, so a set keeps each execution once. */
const entryOf = (orderedAt: string, executionArn: string) => `${orderedAt} ${executionArn}`;

function parseEntry(entry: string): Registered | undefined {
  const [orderedAt, executionArn] = entry.split(' ');
  return orderedAt && executionArn && !Number.isNaN(Date.parse(orderedAt))
    ? { orderedAt, executionArn }
    : undefined;
}

/** A leaver answers to joiners and rehires; a joiner or a rehire answers to leavers. */
const otherSide = (flow: Flow): readonly Flow[] => (flow === 'leaver' ? ['joiner', 'rehire'] : ['leaver']);

/** Sorts the register of one employee against this event's flow and time. */
export function answerFor(
  flow: Flow,
  orderedAt: string,
  executionArn: string,
  register: Partial<Record<Flow, string[]>>,
): RegisterAnswer {
  const at = Date.parse(orderedAt);
  const others = otherSide(flow).flatMap((other) =>
    (register[other] ?? [])
      .map(parseEntry)
      .filter((e): e is Registered => e !== undefined && e.executionArn !== executionArn)
      .map((e) => ({ flow: other, ...e })),
  );
  const newer = others
    .filter((e) => Date.parse(e.orderedAt) > at)
    .sort((a, b) => Date.parse(b.orderedAt) - Date.parse(a.orderedAt))[0];
  const older = others
    .filter((e) => Date.parse(e.orderedAt) <= at)
    .sort((a, b) => Date.parse(a.orderedAt) - Date.parse(b.orderedAt))
    .map(({ orderedAt, executionArn }) => ({ orderedAt, executionArn }));
  if (!newer) return { older };
  const supersededBecause = `a newer ${newer.flow} (ordered ${newer.orderedAt}) stands: ${newer.executionArn}`;
  return { newer, older, supersededBecause };
}

/**
 * Writes this execution into the employee's lifecycle register (one DynamoDB item per employee,
 * a string set per flow) and answers with what was there. One UpdateItem, atomic on the item, so
 * of a leaver and a joiner (or rehire) running at once, the one that registers second always
 * sees the first: a leaver knows before its first WorkSpaces call whether a newer joiner or
 * rehire stands, and finds the older ones to stop without listing everyone's executions; a
 * joiner or rehire ends at once when a newer leaver already stands.
 */
export const handler = taskHandler(
  inputSchema,
  async (input): Promise<RegisterAnswer & { orderedAt: string }> => {
    const orderedAt = input.orderedAt ?? orderedAtOf(input.occurredAt ?? undefined, input.startedAt);
    const Key = { employeeId: { S: input.employeeId } };
    let attributes: Record<string, AttributeValue> | undefined;
    try {
      if (input.dryRun) {
        const read = await client.send(
          new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }),
        );
        attributes = read.Item;
      } else {
        const response = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key,
            UpdateExpression: 'ADD #flow :me',
            ExpressionAttributeNames: { '#flow': input.flow },
            ExpressionAttributeValues: { ':me': { SS: [entryOf(orderedAt, input.executionArn)] } },
            ReturnValues: 'ALL_NEW',
          }),
        );
        attributes = response.Attributes;
      }
    } catch (error) {
      throw mapAwsError(error, input.dryRun ? 'GetItem' : 'UpdateItem', {
        ResourceNotFoundException: ConfigurationError,
        AccessDeniedException: ConfigurationError,
      });
    }
    const register = Object.fromEntries(flows.map((flow) => [flow, attributes?.[flow]?.SS ?? []]));
    return { orderedAt, ...answerFor(input.flow, orderedAt, input.executionArn, register) };
  },
);
