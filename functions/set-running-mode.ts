import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { profileSchema } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  runningMode: z.enum(['ALWAYS_ON', 'AUTO_STOP']),
  /** AUTO_STOP's timeout, checked by the profiles' own rule (60-minute steps). */
  autoStopMinutes: profileSchema.shape.autoStopTimeoutMinutes.nullish(),
  dryRun: z.boolean().default(false),
});

/**
 * Sets a WorkSpace's running mode, and with AUTO_STOP its timeout: the review's billing-mode
 * change (hourly to monthly takes effect at once, monthly to hourly at the next month's renewal)
 * and a per-WorkSpace auto-stop timeout from its tag. One ModifyWorkspaceProperties call.
 */
export const handler = taskHandler(
  inputSchema,
  async ({ workspaceId, runningMode, autoStopMinutes, dryRun }) => {
    const minutes = runningMode === 'AUTO_STOP' ? (autoStopMinutes ?? 60) : undefined;
    const report = await applyChange(
      dryRun,
      `set ${workspaceId} to ${runningMode}${minutes ? ` (auto-stop after ${minutes} minutes)` : ''}`,
      { workspaceId, runningMode, autoStopMinutes: minutes },
      async () => {
        try {
          await client.send(
            new ModifyWorkspacePropertiesCommand({
              WorkspaceId: workspaceId,
              WorkspaceProperties: { RunningMode: runningMode, RunningModeAutoStopTimeoutInMinutes: minutes },
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
  },
);
