import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { employeeJoinedV1Schema, employeeLeftV1Schema, HrSource } from './commons/contracts';
import { Env } from './commons/env';
import { TransientError } from './commons/errors';
import { taskHandler } from './commons/task';

const busName = requireEnv(Env.EventBusName);
const client = new EventBridgeClient(taskClientConfig);

const inputSchema = z.discriminatedUnion('detailType', [
  z.object({ detailType: z.literal('Employee Joined'), detail: employeeJoinedV1Schema }),
  z.object({ detailType: z.literal('Employee Left'), detail: employeeLeftV1Schema }),
]);

/**
 * Puts one HR event the fleet review decided on onto the HR bus, as any HR producer would: the
 * dispatcher starts the joiner or leaver named from its event id, so a repeated review starts
 * nothing new, and the event is archived with the others.
 */
export const handler = taskHandler(inputSchema, async ({ detailType, detail }) => {
  let entry: { EventId?: string; ErrorCode?: string; ErrorMessage?: string } | undefined;
  try {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: busName, Source: HrSource, DetailType: detailType, Detail: JSON.stringify(detail) },
        ],
      }),
    );
    entry = out.Entries?.[0];
  } catch (error) {
    throw mapAwsError(error, 'PutEvents');
  }
  if (!entry?.EventId) {
    // A refused entry of a 200 answer (PutEvents "FailedEntryCount"): EventBridge's own failures clear.
    throw new TransientError(`PutEvents: ${entry?.ErrorCode ?? 'no entry'}: ${entry?.ErrorMessage ?? ''}`);
  }
  return { eventId: detail.eventId, busEventId: entry.EventId };
});
