import { StopWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';
import { failedRequestError, workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema, dryRun: z.boolean() });

/**
 * Stops a leaver's WorkSpace, which ends any session still open: disabling the directory user
 * stops new sign-ins, not a session already running. A WorkSpace that is gone succeeds, and so
 * does one whose state refuses a stop (already STOPPING or STOPPED, say by another leaver event,
 * or not yet stoppable): the flow looks at its state again and stops it once it can be.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, dryRun }) => {
  const report = await applyChange(dryRun, `stop ${workspaceId}`, { workspaceId }, async () => {
    let failed: { ErrorCode?: string; ErrorMessage?: string } | undefined;
    try {
      const response = await client.send(
        new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: workspaceId }] }),
      );
      failed = response.FailedRequests?.[0];
    } catch (error) {
      throw workspacesError(error, 'StopWorkspaces');
    }
    if (failed?.ErrorCode?.startsWith('ResourceNotFound')) return { gone: true };
    if (failed?.ErrorCode === 'InvalidResourceState.WorkSpace')
      return { gone: false, refused: failed.ErrorMessage ?? failed.ErrorCode };
    if (failed) throw failedRequestError('StopWorkspaces', failed);
    return { gone: false };
  });
  return { workspaceId, ...report };
});
