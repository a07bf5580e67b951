import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { provisionerSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { enqueue } from './commons/provisioning';
import { taskHandler } from './commons/task';

const tableName = requireEnv(Env.ProvisioningTable);
const settings = readJsonEnv(Env.ProvisionerSettings, provisionerSettingsSchema);
const client = new DynamoDBClient(taskClientConfig);

const inputSchema = z.object({
  taskToken: z.string().min(1),
  workspaceId: workspaceIdSchema,
  /** Just created: not worth a look before `firstLookSeconds`. Adopted or recovering: look now. */
  created: z.boolean().default(false),
  /** The joiner's execution, so a WorkSpace that turns AVAILABLE after the deadline can resume it. */
  executionArn: z.string().optional(),
});

/**
 * Hands a WorkSpace to the provisioner's watch: it is described with up to 24 others each
 * round, and this execution's task token is answered with `{workspaceId, state}` once the
 * state settles (AVAILABLE, STOPPED, ERROR, UNHEALTHY, TERMINATING, TERMINATED, SUSPENDED), or
 * with ProvisioningDeadlineError when it has not settled by the deadline.
 */
export const handler = taskHandler(inputSchema, async ({ taskToken, workspaceId, created, executionArn }) => {
  const now = Date.now();
  await enqueue(client, tableName, {
    kind: 'watch',
    token: taskToken,
    queuedAt: now,
    workspaceId,
    lookAfter: now + (created ? settings.firstLookSeconds * 1000 : 0),
    deadline: now + settings.deadlineSeconds * 1000,
    executionArn,
  });
  logger.info('WorkSpace watched', { workspaceId, created });
  return { queued: true };
});
