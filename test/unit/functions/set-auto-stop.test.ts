import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/set-auto-stop';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (dryRun = false) =>
  handler({ workspaceId: 'ws-a00000001', dryRun }, lambdaContext('SetAutoStop'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('AlwaysOn_IsSwitchedToAutoStop', async () => {
    workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});

    await expect(run()).resolves.toMatchObject({ gone: false });
    expect(workspaces).toHaveReceivedCommandWith(ModifyWorkspacePropertiesCommand, {
      WorkspaceId: 'ws-a00000001',
      WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 },
    });
  });

  it('Gone_IsSuccess', async () => {
    workspaces.on(ModifyWorkspacePropertiesCommand).rejects(serviceError('ResourceNotFoundException'));

    await expect(run()).resolves.toMatchObject({ gone: true });
  });

  it('DryRun_ModifiesNothing', async () => {
    await expect(run(true)).resolves.toMatchObject({
      dryRun: true,
      change: 'would switch ws-a00000001 to AUTO_STOP',
    });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['InvalidResourceStateException', WorkspaceRequestError],
    ['OperationNotSupportedException', WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(ModifyWorkspacePropertiesCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });
});
