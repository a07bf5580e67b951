import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema, dryRun: z.boolean() });

/**
 * Switches a leaver's ALWAYS_ON WorkSpace to AUTO_STOP, because StopWorkspaces refuses the
 * ALWAYS_ON running mode. It also stops the hourly billing of a desktop nobody uses.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, dryRun }) => {
  const report = await applyChange(
    dryRun,
    `switch ${workspaceId} to AUTO_STOP`,
    { workspaceId },
    async () => {
      try {
        await client.send(
          new ModifyWorkspacePropertiesCommand({
            WorkspaceId: workspaceId,
            WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 },
          }),
        );
        return { gone: false };
      } catch (error) {
        if (isErrorNamed(error, 'ResourceNotFoundException')) return { gone: true };
        throw workspacesError(error, 'ModifyWorkspaceProperties');
      }
    },
  );
  return { workspaceId, ...report };
});
