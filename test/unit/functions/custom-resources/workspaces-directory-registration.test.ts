import {
  AssociateIpGroupsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeWorkspaceDirectoriesCommand,
  DisassociateIpGroupsCommand,
  ModifySelfservicePermissionsCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  RegisterWorkspaceDirectoryCommand,
  WorkSpacesClient,
  type WorkspaceDirectoryState,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import {
  isComplete,
  onEvent,
} from '../../../../functions/custom-resources/workspaces-directory-registration';
import { serviceError } from '../../support';
import { createEvent, deleteEvent, isCompleteEvent, updateEvent } from './events';

const workspaces = mockClient(WorkSpacesClient);
const directoryId = 'd-906700c0de';

/** Properties as CloudFormation hands them over: flags as strings. */
const properties = {
  DirectoryId: directoryId,
  SubnetIds: ['subnet-a', 'subnet-b'],
  Tenancy: 'SHARED',
  SelfservicePermissions: {
    RestartWorkspace: 'ENABLED',
    IncreaseVolumeSize: 'DISABLED',
    ChangeComputeType: 'DISABLED',
    SwitchRunningMode: 'DISABLED',
    RebuildWorkspace: 'DISABLED',
  },
  WorkspaceCreationProperties: {
    EnableInternetAccess: 'false',
    UserEnabledAsLocalAdministrator: 'false',
    EnableMaintenanceMode: 'true',
  },
  IpGroupIds: ['wsipg-new'],
};

function directoryIs(state: WorkspaceDirectoryState | undefined, ipGroupIds: string[] = []) {
  workspaces
    .on(DescribeWorkspaceDirectoriesCommand)
    .resolves({ Directories: state ? [{ DirectoryId: directoryId, State: state, ipGroupIds }] : [] });
}

beforeEach(() => {
  workspaces.reset();
});

describe('onEvent', () => {
  test('Create registers the directory with its subnets and self-service on', async () => {
    directoryIs(undefined);
    workspaces
      .on(RegisterWorkspaceDirectoryCommand)
      .resolves({ DirectoryId: directoryId, State: 'REGISTERING' });

    const result = await onEvent(createEvent(properties));

    expect(result.PhysicalResourceId).toBe(directoryId);
    expect(workspaces).toHaveReceivedCommandWith(RegisterWorkspaceDirectoryCommand, {
      DirectoryId: directoryId,
      SubnetIds: ['subnet-a', 'subnet-b'],
      Tenancy: 'SHARED',
      EnableSelfService: true,
    });
  });

  test('Create when already registered adopts the registration', async () => {
    directoryIs('REGISTERED');

    const result = await onEvent(createEvent(properties));

    expect(result.PhysicalResourceId).toBe(directoryId);
    expect(workspaces).not.toHaveReceivedCommand(RegisterWorkspaceDirectoryCommand);
  });

  test('Create racing another registration (ResourceAlreadyExistsException) adopts it', async () => {
    directoryIs(undefined);
    workspaces.on(RegisterWorkspaceDirectoryCommand).rejects(serviceError('ResourceAlreadyExistsException'));

    await expect(onEvent(createEvent(properties))).resolves.toEqual(
      expect.objectContaining({ PhysicalResourceId: directoryId }),
    );
  });

  test('Create passes a missing workspaces_DefaultRole through', async () => {
    directoryIs(undefined);
    workspaces
      .on(RegisterWorkspaceDirectoryCommand)
      .rejects(serviceError('WorkspacesDefaultRoleNotFoundException'));

    await expect(onEvent(createEvent(properties))).rejects.toThrow('WorkspacesDefaultRoleNotFoundException');
  });

  test('Create with malformed properties names the key', async () => {
    await expect(
      onEvent(createEvent({ ...properties, WorkspaceCreationProperties: { EnableInternetAccess: 'maybe' } })),
    ).rejects.toThrow(/WorkspaceCreationProperties\.EnableInternetAccess/);
  });

  test('Update of settings only keeps the physical id and registers nothing', async () => {
    const result = await onEvent(
      updateEvent(directoryId, { ...properties, Tenancy: 'SHARED' }, { ...properties, IpGroupIds: [] }),
    );

    expect(result.PhysicalResourceId).toBe(directoryId);
    expect(workspaces.calls()).toHaveLength(0);
  });

  test('Update to another directory registers it under a new physical id', async () => {
    const otherId = 'd-906700beef';
    workspaces.on(DescribeWorkspaceDirectoriesCommand).resolves({ Directories: [] });
    workspaces.on(RegisterWorkspaceDirectoryCommand).resolves({});

    const result = await onEvent(
      updateEvent(directoryId, { ...properties, DirectoryId: otherId }, properties),
    );

    expect(result.PhysicalResourceId).toBe(otherId);
    expect(workspaces).toHaveReceivedCommandWith(RegisterWorkspaceDirectoryCommand, { DirectoryId: otherId });
  });

  test('Update of subnets on the same directory is refused with a reason', async () => {
    await expect(
      onEvent(updateEvent(directoryId, { ...properties, SubnetIds: ['subnet-a', 'subnet-c'] }, properties)),
    ).rejects.toThrow(/SubnetIds and Tenancy .* cannot change/);
  });

  test('Delete disassociates our IP groups, then deregisters', async () => {
    directoryIs('REGISTERED', ['wsipg-new', 'wsipg-by-hand']);
    workspaces.on(DisassociateIpGroupsCommand).resolves({});
    workspaces.on(DeregisterWorkspaceDirectoryCommand).resolves({});

    await onEvent(deleteEvent(directoryId, properties));

    expect(workspaces).toHaveReceivedCommandWith(DisassociateIpGroupsCommand, {
      DirectoryId: directoryId,
      GroupIds: ['wsipg-new'],
    });
    expect(workspaces).toHaveReceivedCommandWith(DeregisterWorkspaceDirectoryCommand, {
      DirectoryId: directoryId,
    });
  });

  test('Delete when already gone calls no deregistration', async () => {
    directoryIs(undefined);

    await onEvent(deleteEvent(directoryId, properties));

    expect(workspaces).not.toHaveReceivedCommand(DeregisterWorkspaceDirectoryCommand);
  });

  test('Delete racing another deregistration (ResourceNotFoundException) succeeds', async () => {
    directoryIs('REGISTERED');
    workspaces.on(DeregisterWorkspaceDirectoryCommand).rejects(serviceError('ResourceNotFoundException'));

    await expect(onEvent(deleteEvent(directoryId, properties))).resolves.toEqual({
      PhysicalResourceId: directoryId,
    });
  });

  test('Delete with WorkSpaces still in the directory explains what to do', async () => {
    directoryIs('REGISTERED');
    workspaces.on(DeregisterWorkspaceDirectoryCommand).rejects(serviceError('InvalidResourceStateException'));

    await expect(onEvent(deleteEvent(directoryId, properties))).rejects.toThrow(/terminate them first/);
  });

  test('Delete after a failed Create (no directory id) calls nothing', async () => {
    await onEvent(deleteEvent('request-1', properties));

    expect(workspaces.calls()).toHaveLength(0);
  });
});

describe('isComplete', () => {
  beforeEach(() => {
    workspaces.on(ModifySelfservicePermissionsCommand).resolves({});
    workspaces.on(ModifyWorkspaceCreationPropertiesCommand).resolves({});
    workspaces.on(AssociateIpGroupsCommand).resolves({});
    workspaces.on(DisassociateIpGroupsCommand).resolves({});
  });

  test.each([undefined, 'REGISTERING'] as const)('Create while the directory is %s waits', async (state) => {
    directoryIs(state);

    const result = await isComplete(isCompleteEvent(createEvent(properties), directoryId));

    expect(result.IsComplete).toBe(false);
    expect(workspaces).not.toHaveReceivedCommand(ModifySelfservicePermissionsCommand);
  });

  test('Create once REGISTERED applies permissions, creation properties and IP groups', async () => {
    directoryIs('REGISTERED');

    const result = await isComplete(isCompleteEvent(createEvent(properties), directoryId));

    expect(result).toEqual({ IsComplete: true, Data: { DirectoryId: directoryId } });
    expect(workspaces).toHaveReceivedCommandWith(ModifySelfservicePermissionsCommand, {
      ResourceId: directoryId,
      SelfservicePermissions: properties.SelfservicePermissions,
    });
    expect(workspaces).toHaveReceivedCommandWith(ModifyWorkspaceCreationPropertiesCommand, {
      ResourceId: directoryId,
      WorkspaceCreationProperties: {
        EnableInternetAccess: false,
        UserEnabledAsLocalAdministrator: false,
        EnableMaintenanceMode: true,
      },
    });
    expect(workspaces).toHaveReceivedCommandWith(AssociateIpGroupsCommand, {
      DirectoryId: directoryId,
      GroupIds: ['wsipg-new'],
    });
  });

  test('Create in state ERROR fails with the service reason', async () => {
    workspaces.on(DescribeWorkspaceDirectoriesCommand).resolves({
      Directories: [{ DirectoryId: directoryId, State: 'ERROR', ErrorMessage: 'subnet in unsupported zone' }],
    });

    await expect(isComplete(isCompleteEvent(createEvent(properties), directoryId))).rejects.toThrow(
      /unsupported zone/,
    );
  });

  test('Update swaps our old IP group for the new one and leaves hand-added groups alone', async () => {
    directoryIs('REGISTERED', ['wsipg-old', 'wsipg-by-hand']);
    const event = updateEvent(directoryId, properties, { ...properties, IpGroupIds: ['wsipg-old'] });

    await isComplete(isCompleteEvent(event, directoryId));

    expect(workspaces).toHaveReceivedCommandWith(AssociateIpGroupsCommand, { GroupIds: ['wsipg-new'] });
    expect(workspaces).toHaveReceivedCommandWith(DisassociateIpGroupsCommand, { GroupIds: ['wsipg-old'] });
  });

  test('Update with nothing to change in IP groups sends no association calls', async () => {
    directoryIs('REGISTERED', ['wsipg-new']);

    await isComplete(isCompleteEvent(updateEvent(directoryId, properties, properties), directoryId));

    expect(workspaces).not.toHaveReceivedCommand(AssociateIpGroupsCommand);
    expect(workspaces).not.toHaveReceivedCommand(DisassociateIpGroupsCommand);
  });

  test.each([
    ['DEREGISTERING', false],
    ['DEREGISTERED', true],
    [undefined, true],
  ] as const)('Delete while the directory is %s: complete is %s', async (state, complete) => {
    directoryIs(state);

    const result = await isComplete(isCompleteEvent(deleteEvent(directoryId, properties), directoryId));

    expect(result.IsComplete).toBe(complete);
  });
});
