import {
  CreateWorkspacesCommand,
  type CreateWorkspacesCommandOutput,
  type Tag,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { pollScheduleSchema, profileSchema, readDirectoryId, readJsonEnv } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { Env } from './commons/env';
import { WorkspaceRequestError } from './commons/errors';
import { logger } from './commons/logger';
import { firstPoll } from './commons/polling';
import { taskHandler } from './commons/task';
import { failedRequestError, ManagedByValue, Tags, workspacesError } from './commons/workspaces';

const directoryId = readDirectoryId();
const schedule = readJsonEnv(Env.PollSchedule, pollScheduleSchema);
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: z.string().min(1),
  userName: samAccountNameSchema,
  profileName: z.string().min(1),
  profile: profileSchema,
});

function tagsFor(input: z.output<typeof inputSchema>): Tag[] {
  const ours: Record<string, string> = {
    [Tags.ManagedBy]: ManagedByValue,
    [Tags.EmployeeId]: input.employeeId,
    [Tags.EventId]: input.eventId,
    [Tags.Profile]: input.profileName,
  };
  return Object.entries({ ...input.profile.tags, ...ours }).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * Creates the joiner's WorkSpace from their profile. Failures reported in `FailedRequests`
 * become named errors: the flow adopts an existing WorkSpace, retries a user not yet
 * replicated, and stops on a quota that needs a human.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const { profile } = input;
  const encrypted = profile.volumeEncryptionKey !== undefined;
  let response: CreateWorkspacesCommandOutput;
  try {
    response = await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          {
            DirectoryId: directoryId,
            UserName: input.userName,
            BundleId: profile.bundleId,
            VolumeEncryptionKey: profile.volumeEncryptionKey,
            RootVolumeEncryptionEnabled: encrypted,
            UserVolumeEncryptionEnabled: encrypted,
            WorkspaceProperties: {
              RunningMode: profile.runningMode,
              RunningModeAutoStopTimeoutInMinutes:
                profile.runningMode === 'AUTO_STOP' ? (profile.autoStopTimeoutMinutes ?? 60) : undefined,
              RootVolumeSizeGib: profile.rootVolumeSizeGib,
              UserVolumeSizeGib: profile.userVolumeSizeGib,
              ComputeTypeName: profile.computeType,
            },
            Tags: tagsFor(input),
          },
        ],
      }),
    );
  } catch (error) {
    throw workspacesError(error, 'CreateWorkspaces');
  }
  const failed = response.FailedRequests?.[0];
  if (failed) throw failedRequestError('CreateWorkspaces', failed);
  const workspaceId = response.PendingRequests?.[0]?.WorkspaceId;
  if (!workspaceId)
    throw new WorkspaceRequestError('CreateWorkspaces: answered with neither a pending nor a failed request');
  logger.info('WorkSpace requested', { workspaceId, userName: input.userName, profile: input.profileName });
  return { workspaceId, adopted: false, poll: firstPoll(schedule) };
});
