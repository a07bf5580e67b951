import { StartWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { TransientError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/start-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (dryRun = false) =>
  handler({ workspaceId: 'ws-a00000001', dryRun }, lambdaContext('StartWorkspace'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Stopped_IsStarted', async () => {
    workspaces.on(StartWorkspacesCommand).resolves({ FailedRequests: [] });

    await expect(run()).resolves.toEqual({
      workspaceId: 'ws-a00000001',
      dryRun: false,
      change: 'start ws-a00000001',
    });
    expect(workspaces).toHaveReceivedCommandWith(StartWorkspacesCommand, {
      StartWorkspaceRequests: [{ WorkspaceId: 'ws-a00000001' }],
    });
  });

  it('StillStopping_ThrowsWorkspaceRequestErrorForTheRetry', async () => {
    workspaces.on(StartWorkspacesCommand).resolves({
      FailedRequests: [
        {
          WorkspaceId: 'ws-a00000001',
          ErrorCode: 'InvalidResourceState.WorkSpace',
          ErrorMessage: 'STOPPING',
        },
      ],
    });

    await expect(run()).rejects.toThrow(WorkspaceRequestError);
  });

  it('DryRun_StartsNothing', async () => {
    await expect(run(true)).resolves.toMatchObject({ dryRun: true, change: 'would start ws-a00000001' });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it('ServerError_ThrowsTransientError', async () => {
    workspaces.on(StartWorkspacesCommand).rejects(serviceError('InternalServerError', 500));

    await expect(run()).rejects.toThrow(TransientError);
  });
});
