import { MigrateWorkspaceCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { WorkspaceBusyError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/migrate-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (dryRun = false) =>
  handler(
    { workspaceId: 'ws-a00000001', bundleId: 'wsb-3t36q0xfc', dryRun },
    lambdaContext('MigrateWorkspace'),
  );

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Migrated_ReturnsTheNewId', async () => {
    workspaces
      .on(MigrateWorkspaceCommand)
      .resolves({ SourceWorkspaceId: 'ws-a00000001', TargetWorkspaceId: 'ws-b00000002' });

    await expect(run()).resolves.toMatchObject({
      workspaceId: 'ws-b00000002',
      targetWorkspaceId: 'ws-b00000002',
    });
    expect(workspaces).toHaveReceivedCommandWith(MigrateWorkspaceCommand, {
      SourceWorkspaceId: 'ws-a00000001',
      BundleId: 'wsb-3t36q0xfc',
    });
  });

  it('DryRun_KeepsTheId', async () => {
    await expect(run(true)).resolves.toMatchObject({ workspaceId: 'ws-a00000001', dryRun: true });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['InvalidResourceStateException', WorkspaceBusyError],
    ['OperationInProgressException', WorkspaceBusyError],
    ['ResourceUnavailableException', WorkspaceBusyError],
    ['InvalidParameterValuesException', WorkspaceRequestError],
    ['OperationNotSupportedException', WorkspaceRequestError],
    ['ResourceNotFoundException', WorkspaceRequestError],
    ['AccessDeniedException', WorkspaceRequestError],
  ])('%s_Is%p', async (code, errorClass) => {
    workspaces.on(MigrateWorkspaceCommand).rejects(serviceError(code));

    await expect(run()).rejects.toBeInstanceOf(errorClass);
  });
});
