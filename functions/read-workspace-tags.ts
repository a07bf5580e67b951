import {
  DescribeTagsCommand,
  type DescribeTagsCommandOutput,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import type { WorkspaceTags } from './commons/leaver';
import { tagsRead, tagsReadFailure } from './commons/leaver-calls';
import { taskHandler } from './commons/task';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema });

/** Reads a WorkSpace's tags: whose it is, whether it is protected, whether its removal still stands. */
export const handler = taskHandler(inputSchema, async ({ workspaceId }): Promise<WorkspaceTags> => {
  let response: DescribeTagsCommandOutput;
  try {
    response = await client.send(new DescribeTagsCommand({ ResourceId: workspaceId }));
  } catch (error) {
    // Gone between the listing and this look: nothing of it is left to decide on.
    const outcome = tagsReadFailure(workspaceId, error);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
  return tagsRead(workspaceId, response.TagList);
});
