import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { enqueue } from './commons/provisioning';
import { taskHandler } from './commons/task';

const tableName = requireEnv(Env.ProvisioningTable);
const client = new DynamoDBClient(taskClientConfig);

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: z.string().min(1),
  userName: z.string().min(1),
  workspaceIds: z.array(z.string()).min(1),
  removeAt: z.string().min(1),
  executionArn: z.string().optional(),
});

/**
 * Warns the operators that a leaver's WorkSpaces will be terminated soon, and how to stop it:
 * a protection tag on the WorkSpace, or an "Employee Rehired" event. The warning waits on the
 * provisioning queue (one item per leaver event, so a retry adds nothing) and the provisioner's
 * next round sends every waiting warning in one message: one email for a cohort, not one per leaver.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  await enqueue(client, tableName, {
    kind: 'warning',
    token: `warning:${input.eventId}`,
    queuedAt: Date.now(),
    ...input,
  });
  logger.info('Warning of a pending removal queued for the operators', {
    eventId: input.eventId,
    workspaceIds: input.workspaceIds,
  });
  return { queued: true };
});
