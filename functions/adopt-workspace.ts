import { CreateTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { employeeIdSchema, workspaceIdSchema } from './commons/contracts';
import { AdoptedAtTag } from './commons/fleet';
import { taskHandler } from './commons/task';
import { ManagedByValue, Tags, workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  employeeId: employeeIdSchema,
  adoptedAt: z.iso.datetime({ offset: true }),
});

/**
 * Adopts a WorkSpace of an existing estate: tags it with its person's `employee-id`, the project's
 * `managed-by` and when it was adopted, so the leaver, rehire and recovery flows may touch it.
 * IAM lets this function set exactly these three keys. A WorkSpace gone since the review read it
 * has nothing to adopt.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, employeeId, adoptedAt }) => {
  try {
    await client.send(
      new CreateTagsCommand({
        ResourceId: workspaceId,
        Tags: [
          { Key: Tags.EmployeeId, Value: employeeId },
          { Key: Tags.ManagedBy, Value: ManagedByValue },
          { Key: AdoptedAtTag, Value: adoptedAt },
        ],
      }),
    );
    return { workspaceId, adopted: true };
  } catch (error) {
    if (isErrorNamed(error, 'ResourceNotFoundException')) return { workspaceId, adopted: false, gone: true };
    throw workspacesError(error, 'CreateTags');
  }
});
