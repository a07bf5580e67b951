import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { workspaceIdSchema } from './commons/contracts';
import { WorkspaceBusyError, WorkspaceNotFoundError, WorkspaceRequestError } from './commons/errors';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';

const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  step: z.object({
    description: z.string(),
    properties: z.object({
      RunningMode: z.enum(['AUTO_STOP', 'ALWAYS_ON', 'MANUAL']).optional(),
      RunningModeAutoStopTimeoutInMinutes: z.number().int().optional(),
      ComputeTypeName: z.string().optional(),
      RootVolumeSizeGib: z.number().int().optional(),
      UserVolumeSizeGib: z.number().int().optional(),
    }),
    stampKey: z.string().min(1),
  }),
  dryRun: z.boolean(),
});

/**
 * One ModifyWorkspaceProperties call of a mover's plan: the running mode, the compute type or one
 * volume. The plan has already waited for AWS's limits; a WorkSpace that is not AVAILABLE or
 * STOPPED right now (rebooting from the previous change) is `WorkspaceBusyError`, tried again later.
 * Returns the tag that records when this kind of change was made.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, step, dryRun }) => {
  const report = await applyChange(
    dryRun,
    `change ${workspaceId}: ${step.description}`,
    { workspaceId },
    async () => {
      try {
        await client.send(
          new ModifyWorkspacePropertiesCommand({
            WorkspaceId: workspaceId,
            WorkspaceProperties: step.properties as never,
          }),
        );
      } catch (error) {
        if (isErrorNamed(error, 'ResourceNotFoundException'))
          throw new WorkspaceNotFoundError(`ModifyWorkspaceProperties: ${workspaceId} is gone`, {
            cause: error,
          });
        throw mapAwsError(error, 'ModifyWorkspaceProperties', {
          // Not AVAILABLE or STOPPED, or the previous change still being made (API reference, Errors).
          InvalidResourceStateException: WorkspaceBusyError,
          OperationInProgressException: WorkspaceBusyError,
          ResourceUnavailableException: WorkspaceBusyError,
          InvalidParameterValuesException: WorkspaceRequestError,
          UnsupportedWorkspaceConfigurationException: WorkspaceRequestError,
          AccessDeniedException: WorkspaceRequestError,
        });
      }
      return { stampTags: { [step.stampKey]: new Date().toISOString() } };
    },
  );
  return { workspaceId, ...report };
});
