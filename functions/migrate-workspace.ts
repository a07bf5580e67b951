import { MigrateWorkspaceCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { WorkspaceBusyError, WorkspaceRequestError } from './commons/errors';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  bundleId: z.string().regex(/^wsb-[0-9a-z]{8,63}$/),
  dryRun: z.boolean(),
});

/**
 * Moves a WorkSpace to another bundle (another operating system) with MigrateWorkspace: AWS makes
 * a new WorkSpace (a new id) with the root volume from the bundle and the user volume from the
 * last snapshot, and retires the old one. The source must be AVAILABLE, STOPPED or ERROR: any
 * other state is `WorkspaceBusyError`, tried again later. Returns the id the person has now.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, bundleId, dryRun }) => {
  const report = await applyChange(
    dryRun,
    `migrate ${workspaceId} to bundle ${bundleId}`,
    { workspaceId, bundleId },
    async () => {
      try {
        const response = await client.send(
          new MigrateWorkspaceCommand({ SourceWorkspaceId: workspaceId, BundleId: bundleId }),
        );
        return { targetWorkspaceId: response.TargetWorkspaceId ?? workspaceId };
      } catch (error) {
        throw mapAwsError(error, 'MigrateWorkspace', {
          InvalidResourceStateException: WorkspaceBusyError,
          OperationInProgressException: WorkspaceBusyError,
          ResourceUnavailableException: WorkspaceBusyError,
          InvalidParameterValuesException: WorkspaceRequestError,
          OperationNotSupportedException: WorkspaceRequestError,
          ResourceNotFoundException: WorkspaceRequestError,
          AccessDeniedException: WorkspaceRequestError,
        });
      }
    },
  );
  return { workspaceId: 'targetWorkspaceId' in report ? report.targetWorkspaceId : workspaceId, ...report };
});
