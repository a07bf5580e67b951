import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Tag, WorkspaceRequest } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { profileSchema, readDirectoryId, requireEnv } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { Env } from './commons/env';
import { orderedAtOf } from './commons/leaver';
import { logger } from './commons/logger';
import { enqueue } from './commons/provisioning';
import { taskHandler } from './commons/task';
import { ManagedByValue, Tags } from './commons/workspaces';

const directoryId = readDirectoryId();
const tableName = requireEnv(Env.ProvisioningTable);
const client = new DynamoDBClient(taskClientConfig);

const inputSchema = z.object({
  taskToken: z.string().min(1),
  eventId: z.string().min(1),
  employeeId: z.string().min(1),
  userName: samAccountNameSchema,
  profileName: z.string().min(1),
  profile: profileSchema,
  /** HR's `occurredAt`, or null, and `$$.Execution.StartTime`: the joiner's ordering time. */
  occurredAt: z.string().nullish(),
  startedAt: z.iso.datetime({ offset: true }),
});
type Input = z.output<typeof inputSchema>;

function tagsFor(input: Input): Tag[] {
  const ours: Record<string, string> = {
    [Tags.ManagedBy]: ManagedByValue,
    [Tags.EmployeeId]: input.employeeId,
    [Tags.EventId]: input.eventId,
    [Tags.Profile]: input.profileName,
    [Tags.JoinedAt]: orderedAtOf(input.occurredAt ?? undefined, input.startedAt),
    // Queued now, created by the provisioner's next round at the latest: the mover counts the first 6 hours from it.
    [Tags.CreatedAt]: new Date().toISOString(),
  };
  return Object.entries({ ...input.profile.tags, ...ours }).map(([Key, Value]) => ({ Key, Value }));
}

/** The CreateWorkspaces request for a joiner's profile. */
export function workspaceRequestFor(input: Input): WorkspaceRequest {
  const { profile } = input;
  const encrypted = profile.volumeEncryptionKey !== undefined;
  return {
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
  };
}

/**
 * Hands the joiner's WorkSpace request to the provisioner, which sends it with up to 24 others
 * in one CreateWorkspaces call and answers this execution's task token: with the new
 * WorkSpace's id, or with the named error of its FailedRequests entry (WorkspaceExistsError,
 * UserNotFoundError, WorkspaceQuotaExceededError, WorkspaceRequestError).
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const request = workspaceRequestFor(input);
  await enqueue(client, tableName, { kind: 'create', token: input.taskToken, queuedAt: Date.now(), request });
  logger.info('WorkSpace creation queued', { userName: input.userName, profile: input.profileName });
  return { queued: true };
});
