import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { logger } from './commons/logger';
import { MetricName, metrics } from './commons/metrics';
import { taskHandler } from './commons/task';
import { failedRequestError, workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  state: z.enum(['ERROR', 'UNHEALTHY']),
});

/**
 * The one automatic recovery of a new WorkSpace: an UNHEALTHY one is rebooted, one in ERROR is
 * rebuilt (it holds no user data yet, and Rebuild is allowed from ERROR while Reboot is not).
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, state }) => {
  const action = state === 'UNHEALTHY' ? 'reboot' : 'rebuild';
  const operation = action === 'reboot' ? 'RebootWorkspaces' : 'RebuildWorkspaces';
  let failed: { ErrorCode?: string; ErrorMessage?: string } | undefined;
  try {
    const response =
      action === 'reboot'
        ? await client.send(
            new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: workspaceId }] }),
          )
        : await client.send(
            new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: workspaceId }] }),
          );
    failed = response.FailedRequests?.[0];
  } catch (error) {
    throw workspacesError(error, operation);
  }
  if (failed) throw failedRequestError(operation, failed);
  logger.warn('WorkSpace recovery started', { workspaceId, state, action });
  metrics.addMetric(MetricName.Recoveries, MetricUnit.Count, 1);
  return { workspaceId, action };
});
