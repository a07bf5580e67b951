import {
  AssociateIpGroupsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeWorkspaceDirectoriesCommand,
  DisassociateIpGroupsCommand,
  ModifySelfservicePermissionsCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  RegisterWorkspaceDirectoryCommand,
  WorkSpacesClient,
  type WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import type {
  CdkCustomResourceEvent,
  CdkCustomResourceIsCompleteEvent,
  CdkCustomResourceIsCompleteResponse,
  CdkCustomResourceResponse,
} from 'aws-lambda';
import { z } from 'zod';
import { isErrorNamed } from '../commons/aws-errors';
import { logger } from '../commons/logger';
import { directoryIdSchema, isDirectoryId, parseProperties } from './custom-resource';

/**
 * Custom resource `Custom::WorkspacesDirectoryRegistration`: registers a Directory Service
 * directory with WorkSpaces and keeps its self-service permissions, creation properties and
 * IP access control groups as configured.
 *
 * Why not native: `AWS::WorkSpaces::Directory` exists but takes no `DirectoryId`; it registers
 * a directory by name through a service account (pools, Entra, IAM Identity Center), not an
 * AWS Directory Service directory such as the one this stack creates.
 */

// Throttling here has no ASL around it to retry, so the SDK's own retries are the only layer.
const client = new WorkSpacesClient({ maxAttempts: 6 });

const permission = z.enum(['ENABLED', 'DISABLED']);

const propertiesSchema = z.object({
  DirectoryId: directoryIdSchema,
  SubnetIds: z.array(z.string().min(1)).length(2, 'must name two subnets in different Availability Zones'),
  Tenancy: z.enum(['SHARED', 'DEDICATED']),
  SelfservicePermissions: z.strictObject({
    RestartWorkspace: permission,
    IncreaseVolumeSize: permission,
    ChangeComputeType: permission,
    SwitchRunningMode: permission,
    RebuildWorkspace: permission,
  }),
  WorkspaceCreationProperties: z.strictObject({
    EnableInternetAccess: z.stringbool(),
    UserEnabledAsLocalAdministrator: z.stringbool(),
    EnableMaintenanceMode: z.stringbool(),
    DefaultOu: z.string().min(1).optional(),
  }),
  IpGroupIds: z.array(z.string().min(1)).default([]),
});

type Properties = z.output<typeof propertiesSchema>;

const resourceName = 'WorkspacesDirectoryRegistration';

function parse(properties: unknown): Properties {
  return parseProperties(propertiesSchema, properties, resourceName);
}

/** The directory as WorkSpaces sees it, or undefined when it is not registered at all. */
async function describeDirectory(directoryId: string): Promise<WorkspaceDirectory | undefined> {
  const answer = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }));
  return answer.Directories?.find((directory) => directory.DirectoryId === directoryId);
}

async function register(properties: Properties): Promise<void> {
  const { DirectoryId, SubnetIds, Tenancy, SelfservicePermissions } = properties;
  const existing = await describeDirectory(DirectoryId);
  if (existing && existing.State !== 'DEREGISTERED') {
    logger.info('Directory already registered with WorkSpaces: adopting it', {
      DirectoryId,
      state: existing.State,
    });
    return;
  }
  try {
    await client.send(
      new RegisterWorkspaceDirectoryCommand({
        DirectoryId,
        SubnetIds,
        Tenancy,
        EnableSelfService: Object.values(SelfservicePermissions).includes('ENABLED'),
      }),
    );
    logger.info('Directory registration started', { DirectoryId });
  } catch (error) {
    if (!isErrorNamed(error, 'ResourceAlreadyExistsException')) throw error;
    logger.info('Directory already registered with WorkSpaces: adopting it', { DirectoryId });
  }
}

async function deregister(directoryId: string, ipGroupIds: string[]): Promise<void> {
  const existing = await describeDirectory(directoryId);
  if (!existing || existing.State === 'DEREGISTERED' || existing.State === 'DEREGISTERING') {
    logger.info('Directory not registered with WorkSpaces: nothing to deregister', { directoryId });
    return;
  }
  // Our IP groups go first, so CloudFormation can delete them right after this resource.
  const associated = ipGroupIds.filter((id) => existing.ipGroupIds?.includes(id));
  if (associated.length > 0) {
    await client.send(new DisassociateIpGroupsCommand({ DirectoryId: directoryId, GroupIds: associated }));
  }
  try {
    await client.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: directoryId }));
    logger.info('Directory deregistration started', { directoryId });
  } catch (error) {
    if (isErrorNamed(error, 'ResourceNotFoundException')) return;
    if (isErrorNamed(error, 'InvalidResourceStateException')) {
      throw new Error(
        `${resourceName}: WorkSpaces refused to deregister ${directoryId} (${(error as Error).message}). ` +
          'A directory with WorkSpaces cannot be deregistered: terminate them first (leaver flow), then retry.',
        { cause: error },
      );
    }
    throw error;
  }
}

/** Brings permissions, creation properties and our IP groups to the configured values. */
async function applySettings(directory: WorkspaceDirectory, properties: Properties, previous?: Properties) {
  const { DirectoryId, SelfservicePermissions, WorkspaceCreationProperties, IpGroupIds } = properties;
  await client.send(
    new ModifySelfservicePermissionsCommand({ ResourceId: DirectoryId, SelfservicePermissions }),
  );
  await client.send(
    new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: DirectoryId, WorkspaceCreationProperties }),
  );
  const current = directory.ipGroupIds ?? [];
  const toAssociate = IpGroupIds.filter((id) => !current.includes(id));
  // Only groups this resource associated before are ours to remove; others were added by hand.
  const toDisassociate = (previous?.IpGroupIds ?? []).filter(
    (id) => current.includes(id) && !IpGroupIds.includes(id),
  );
  if (toAssociate.length > 0) {
    await client.send(new AssociateIpGroupsCommand({ DirectoryId, GroupIds: toAssociate }));
  }
  if (toDisassociate.length > 0) {
    await client.send(new DisassociateIpGroupsCommand({ DirectoryId, GroupIds: toDisassociate }));
  }
  logger.info('Directory settings applied', { DirectoryId, toAssociate, toDisassociate });
}

/** Provider framework `onEvent`: starts registering or deregistering; `isComplete` finishes. */
export async function onEvent(event: CdkCustomResourceEvent): Promise<CdkCustomResourceResponse> {
  switch (event.RequestType) {
    case 'Create': {
      const properties = parse(event.ResourceProperties);
      await register(properties);
      return { PhysicalResourceId: properties.DirectoryId };
    }
    case 'Update': {
      const properties = parse(event.ResourceProperties);
      const previous = parse(event.OldResourceProperties);
      if (properties.DirectoryId !== previous.DirectoryId) {
        // A new physical id: CloudFormation deregisters the old directory after this succeeds.
        await register(properties);
        return { PhysicalResourceId: properties.DirectoryId };
      }
      const subnetsChanged =
        [...properties.SubnetIds].sort().join() !== [...previous.SubnetIds].sort().join();
      if (subnetsChanged || properties.Tenancy !== previous.Tenancy) {
        throw new Error(
          `${resourceName}: SubnetIds and Tenancy of ${properties.DirectoryId} cannot change while it is registered; ` +
            'WorkSpaces has no API for it. Deregister (remove the resource) and register again instead.',
        );
      }
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    case 'Delete': {
      if (isDirectoryId(event.PhysicalResourceId)) {
        const ipGroupIds = propertiesSchema.shape.IpGroupIds.safeParse(event.ResourceProperties.IpGroupIds);
        await deregister(event.PhysicalResourceId, ipGroupIds.data ?? []);
      }
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
  }
}

/** Provider framework `isComplete`: waits for the registration state, then applies settings. */
export async function isComplete(
  event: CdkCustomResourceIsCompleteEvent,
): Promise<CdkCustomResourceIsCompleteResponse> {
  const directoryId = event.PhysicalResourceId;
  if (event.RequestType === 'Delete') {
    if (!isDirectoryId(directoryId)) return { IsComplete: true };
    const directory = await describeDirectory(directoryId);
    return { IsComplete: !directory || directory.State === 'DEREGISTERED' };
  }
  const properties = parse(event.ResourceProperties);
  const directory = await describeDirectory(properties.DirectoryId);
  if (directory?.State === 'ERROR') {
    throw new Error(
      `${resourceName}: registering ${properties.DirectoryId} failed: ${directory.ErrorMessage ?? 'no reason given'}`,
    );
  }
  // Not yet visible, or still REGISTERING: look again at the next interval.
  if (directory?.State !== 'REGISTERED') return { IsComplete: false };
  const previous = event.RequestType === 'Update' ? parse(event.OldResourceProperties) : undefined;
  await applySettings(directory, properties, previous);
  return { IsComplete: true, Data: { DirectoryId: properties.DirectoryId } };
}
