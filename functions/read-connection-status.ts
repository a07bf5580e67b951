import { DescribeWorkspacesConnectionStatusCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema });

/**
 * Reads one WorkSpace's connection status before an unused WorkSpace's removal: a connection
 * after the warning cancels it. One DescribeWorkspacesConnectionStatus call; `lastConnection`
 * null when nobody ever connected, or when the WorkSpace is gone.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId }) => {
  try {
    const out = await client.send(
      new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [workspaceId] }),
    );
    const status = out.WorkspacesConnectionStatus?.find((s) => s.WorkspaceId === workspaceId);
    return {
      workspaceId,
      connectionState: status?.ConnectionState ?? null,
      lastConnection: status?.LastKnownUserConnectionTimestamp?.toISOString() ?? null,
    };
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspacesConnectionStatus');
  }
});
