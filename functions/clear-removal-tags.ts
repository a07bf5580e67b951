import { DeleteTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange, removalTagKeys } from './commons/leaver';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema, dryRun: z.boolean() });

/**
 * Removes the scheduled-removal tags from a rehired employee's WorkSpace. The leaver flow
 * re-reads them before terminating, so this alone cancels the removal. Deleting tags that
 * are not there succeeds.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, dryRun }) => {
  const change = `remove tags ${removalTagKeys.join(', ')} from ${workspaceId}`;
  const report = await applyChange(dryRun, change, { workspaceId }, async () => {
    try {
      await client.send(new DeleteTagsCommand({ ResourceId: workspaceId, TagKeys: [...removalTagKeys] }));
      return { gone: false };
    } catch (error) {
      if (isErrorNamed(error, 'ResourceNotFoundException')) return { gone: true };
      throw workspacesError(error, 'DeleteTags');
    }
  });
  return { workspaceId, ...report };
});
