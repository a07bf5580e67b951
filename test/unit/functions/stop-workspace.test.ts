import { StopWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/stop-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (dryRun = false) =>
  handler({ workspaceId: 'ws-a00000001', dryRun }, lambdaContext('StopWorkspace'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Available_IsStopped', async () => {
    workspaces.on(StopWorkspacesCommand).resolves({ FailedRequests: [] });

    await expect(run()).resolves.toEqual({
      workspaceId: 'ws-a00000001',
      dryRun: false,
      change: 'stop ws-a00000001',
      gone: false,
    });
    expect(workspaces).toHaveReceivedCommandWith(StopWorkspacesCommand, {
      StopWorkspaceRequests: [{ WorkspaceId: 'ws-a00000001' }],
    });
  });

  it('Gone_IsSuccess', async () => {
    workspaces.on(StopWorkspacesCommand).resolves({
      FailedRequests: [{ WorkspaceId: 'ws-a00000001', ErrorCode: 'ResourceNotFound.WorkSpace' }],
    });

    await expect(run()).resolves.toMatchObject({ gone: true });
  });

  it('Refused_ThrowsWorkspaceRequestErrorWithTheCode', async () => {
    workspaces.on(StopWorkspacesCommand).resolves({
      FailedRequests: [
        {
          WorkspaceId: 'ws-a00000001',
          ErrorCode: 'InvalidResourceState.RunningMode',
          ErrorMessage: 'ALWAYS_ON',
        },
      ],
    });

    await expect(run()).rejects.toThrow(
      new WorkspaceRequestError('StopWorkspaces: InvalidResourceState.RunningMode: ALWAYS_ON'),
    );
  });

  it('StateRefusesAStop_IsSuccessWithTheReason', async () => {
    // Already STOPPING (another leaver event stopped it) or not stoppable yet: the flow looks again.
    workspaces.on(StopWorkspacesCommand).resolves({
      FailedRequests: [
        {
          WorkspaceId: 'ws-abcdef123',
          ErrorCode: 'InvalidResourceState.WorkSpace',
          ErrorMessage: 'A WorkSpace in state STOPPING cannot be stopped.',
        },
      ],
    });

    await expect(run()).resolves.toMatchObject({
      gone: false,
      refused: 'A WorkSpace in state STOPPING cannot be stopped.',
    });
  });

  it('DryRun_StopsNothing', async () => {
    await expect(run(true)).resolves.toMatchObject({ dryRun: true, change: 'would stop ws-a00000001' });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it('Throttled_ThrowsThrottledError', async () => {
    workspaces.on(StopWorkspacesCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toThrow(ThrottledError);
  });
});
