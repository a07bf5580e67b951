import {
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandOutput,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { readDirectoryId } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { lookPageSize, lookResult } from './commons/leaver-calls';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const directoryId = readDirectoryId();
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ userName: samAccountNameSchema });

/**
 * Lists the WorkSpaces of a directory user, whoever's they are: whether each is ours to touch
 * is decided from its tags, which DescribeWorkspaces does not return. The rehire flow calls it
 * itself; the leaver's looks are made by the provisioner (QueueLeaverCall), read the same way.
 */
export const handler = taskHandler(inputSchema, async ({ userName }) => {
  let response: DescribeWorkspacesCommandOutput;
  try {
    response = await client.send(
      new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName, Limit: lookPageSize }),
    );
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const result = lookResult(response.Workspaces ?? [], response.NextToken !== undefined);
  // More than a page for one user is far beyond the default of one: report it rather than page.
  if (result.truncated) logger.warn('More WorkSpaces than one page for the user', { userName, lookPageSize });
  return result;
});
