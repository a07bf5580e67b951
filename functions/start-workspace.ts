import { StartWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';
import { failedRequestError, workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema, dryRun: z.boolean() });

/**
 * Starts a rehired employee's stopped WorkSpace: the same WorkSpace, id and user volume, back.
 * A WorkSpace still STOPPING is refused by WorkSpaces; the state machine retries a little later.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, dryRun }) => {
  const report = await applyChange(dryRun, `start ${workspaceId}`, { workspaceId }, async () => {
    let failed: { ErrorCode?: string; ErrorMessage?: string } | undefined;
    try {
      const response = await client.send(
        new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: workspaceId }] }),
      );
      failed = response.FailedRequests?.[0];
    } catch (error) {
      throw workspacesError(error, 'StartWorkspaces');
    }
    if (failed) throw failedRequestError('StartWorkspaces', failed);
    return {};
  });
  return { workspaceId, ...report };
});
