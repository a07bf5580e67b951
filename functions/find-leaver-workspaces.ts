import {
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandOutput,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { readDirectoryId } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import type { WorkspaceSummary } from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const directoryId = readDirectoryId();
const client = new WorkSpacesClient(taskClientConfig);

/** The most DescribeWorkspaces returns per page; a user has one WorkSpace per directory by default. */
const pageSize = 25;

const inputSchema = z.object({ userName: samAccountNameSchema });

/**
 * Lists the WorkSpaces of a directory user, whoever's they are: whether each is ours to touch
 * is decided from its tags, which DescribeWorkspaces does not return.
 */
export const handler = taskHandler(inputSchema, async ({ userName }) => {
  let response: DescribeWorkspacesCommandOutput;
  try {
    response = await client.send(
      new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName, Limit: pageSize }),
    );
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const workspaces: WorkspaceSummary[] = (response.Workspaces ?? []).flatMap((w) =>
    w.WorkspaceId
      ? [
          {
            workspaceId: w.WorkspaceId,
            state: w.State ?? 'UNKNOWN',
            runningMode: w.WorkspaceProperties?.RunningMode,
          },
        ]
      : [],
  );
  // More than a page for one user is far beyond the default of one: report it rather than page.
  const truncated = response.NextToken !== undefined;
  if (truncated) logger.warn('More WorkSpaces than one page for the user', { userName, pageSize });
  return { workspaces, truncated };
});
