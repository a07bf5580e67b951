import { CreateTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

// WorkSpaces tag values: up to 255 letters, digits, spaces and _ . : / = + - @.
const tagValue = z
  .string()
  .max(255)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'has a character tags do not allow');
const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  tags: z.record(z.string().min(1).max(127), tagValue),
  dryRun: z.boolean(),
});

/**
 * Puts tags on a WorkSpace (adding or overwriting): the scheduled removal and the event that
 * decided it, or the rehire that voided it. A WorkSpace that is gone has nothing to tag.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, tags, dryRun }) => {
  const listed = Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
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
        if (isErrorNamed(error, 'ResourceNotFoundException')) return { gone: true };
        throw workspacesError(error, 'CreateTags');
      }
    },
  );
  return { workspaceId, ...report };
});
