import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { readDirectoryId } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { WorkspaceNotFoundError } from './commons/errors';
import { goneStates } from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const directoryId = readDirectoryId();
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ userName: samAccountNameSchema });

/**
 * Finds the WorkSpace a user already has in the directory, so a joiner whose WorkSpace exists
 * (a repeated event, or one made by hand) adopts it instead of failing.
 */
export const handler = taskHandler(inputSchema, async ({ userName }) => {
  let workspaces: { WorkspaceId?: string; State?: string }[];
  try {
    const response = await client.send(
      new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName }),
    );
    workspaces = response.Workspaces ?? [];
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const found = workspaces.find((w) => !goneStates.has(w.State ?? ''));
  if (!found?.WorkspaceId) {
    throw new WorkspaceNotFoundError(
      `DescribeWorkspaces: WorkSpaces reported a WorkSpace for ${userName} but none is live in ${directoryId}`,
    );
  }
  logger.info('Existing WorkSpace adopted', { workspaceId: found.WorkspaceId, state: found.State });
  return { workspaceId: found.WorkspaceId, adopted: true, state: found.State };
});
