import { CreateTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange } from './commons/leaver';
import { listedTags, singleChangeFailure, tagsSchema } from './commons/leaver-calls';
import { taskHandler } from './commons/task';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  tags: tagsSchema,
  dryRun: z.boolean(),
});

/**
 * Puts tags on a WorkSpace (adding or overwriting): the scheduled removal and the event that
 * decided it, or the rehire that voided it. A WorkSpace that is gone has nothing to tag. The
 * joiner and rehire flows call it; a leaver's removal tags are put by the provisioner.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, tags, dryRun }) => {
  const listed = listedTags(tags);
  const report = await applyChange(
    dryRun,
    `tag ${workspaceId} with ${listed}`,
    { workspaceId, tags },
    async () => {
      try {
        await client.send(
          new CreateTagsCommand({
            ResourceId: workspaceId,
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
        return { gone: false };
      } catch (error) {
        const outcome = singleChangeFailure(error, 'CreateTags');
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
    },
  );
  return { workspaceId, ...report };
});
