import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { LifecycleSource } from './commons/contracts';
import { Env } from './commons/env';
import { ThrottledError, TransientError } from './commons/errors';
import { LifecycleDetailType, lifecycleDetail } from './commons/lifecycle-events';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const busName = requireEnv(Env.EventBusName);
const client = new EventBridgeClient(taskClientConfig);

const inputSchema = z.object({
  detailType: z.enum(Object.values(LifecycleDetailType)),
  executionArn: z.string().optional(),
  state: z.unknown(),
});

/** Puts one lifecycle event ("WorkSpace Ready", "Onboarding Failed", ...) on the bus. */
export const handler = taskHandler(inputSchema, async ({ detailType, executionArn, state }) => {
  const detail = lifecycleDetail(state, executionArn);
  let entry: { EventId?: string; ErrorCode?: string; ErrorMessage?: string } | undefined;
  try {
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: LifecycleSource,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    entry = response.Entries?.[0];
  } catch (error) {
    throw mapAwsError(error, 'PutEvents');
  }
  if (!entry?.EventId) {
    const message = `PutEvents: ${entry?.ErrorCode ?? 'no entry'}: ${entry?.ErrorMessage ?? ''}`;
    throw entry?.ErrorCode === 'ThrottlingException'
      ? new ThrottledError(message)
      : new TransientError(message);
  }
  logger.info('Lifecycle event published', {
    detailType,
    eventId: detail.eventId,
    busEventId: entry.EventId,
  });
  return { busEventId: entry.EventId };
});
