import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ThrottledError,
  WorkspaceBusyError,
  WorkspaceNotFoundError,
  WorkspaceRequestError,
} from '../../../functions/commons/errors';
import { handler } from '../../../functions/modify-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const step = {
  description: 'compute type STANDARD -> POWER (larger)',
  properties: { ComputeTypeName: 'POWER' },
  stampKey: 'lifecycle-compute-up-at',
};
const run = (dryRun = false) =>
  handler({ workspaceId: 'ws-a00000001', step, dryRun }, lambdaContext('ModifyWorkspace'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Change_OneCallWithTheStepsProperties_ReturnsTheStampTag', async () => {
    workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});

    const result = await run();

    expect(workspaces).toHaveReceivedCommandWith(ModifyWorkspacePropertiesCommand, {
      WorkspaceId: 'ws-a00000001',
      WorkspaceProperties: { ComputeTypeName: 'POWER' },
    });
    expect(result).toMatchObject({ stampTags: { 'lifecycle-compute-up-at': expect.any(String) } });
  });

  it('DryRun_ChangesNothing_NoStamp', async () => {
    await expect(run(true)).resolves.toEqual({
      workspaceId: 'ws-a00000001',
      dryRun: true,
      change: 'would change ws-a00000001: compute type STANDARD -> POWER (larger)',
    });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['InvalidResourceStateException', WorkspaceBusyError],
    ['OperationInProgressException', WorkspaceBusyError],
    ['ResourceUnavailableException', WorkspaceBusyError],
    ['InvalidParameterValuesException', WorkspaceRequestError],
    ['UnsupportedWorkspaceConfigurationException', WorkspaceRequestError],
    ['AccessDeniedException', WorkspaceRequestError],
    ['ResourceNotFoundException', WorkspaceNotFoundError],
    ['ThrottlingException', ThrottledError],
  ])('%s_Is%p', async (code, errorClass) => {
    workspaces.on(ModifyWorkspacePropertiesCommand).rejects(serviceError(code));

    await expect(run()).rejects.toBeInstanceOf(errorClass);
  });
});
