import {
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { pollScheduleSchema, readJsonEnv } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { pollStateSchema, recheckPoll } from './commons/polling';
import { taskHandler } from './commons/task';
import { failedRequestError, workspacesError } from './commons/workspaces';

const schedule = readJsonEnv(Env.PollSchedule, pollScheduleSchema);
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  state: z.enum(['ERROR', 'UNHEALTHY']),
  poll: pollStateSchema,
});

/**
 * The one automatic recovery of a new WorkSpace: an UNHEALTHY one is rebooted, one in ERROR is
 * rebuilt (it holds no user data yet, and Rebuild is allowed from ERROR while Reboot is not).
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, state, poll }) => {
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
  return { workspaceId, action, poll: recheckPoll(schedule, poll) };
});
