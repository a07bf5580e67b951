import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/check-workspaces-gone';
import { ThrottledError } from '../../../functions/commons/errors';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (poll = { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 }) =>
  handler({ workspaceIds: ['ws-a00000001'], poll }, lambdaContext('CheckWorkspacesGone'));

beforeEach(() => {
  workspaces.reset();
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it.each([
    ['no longer listed', []],
    ['TERMINATED', [{ WorkspaceId: 'ws-a00000001', State: 'TERMINATED' as const }]],
  ])('%s_IsGone', async (_, listed) => {
    workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: listed });

    await expect(run()).resolves.toMatchObject({ allGone: true, remaining: [] });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesCommand, {
      WorkspaceIds: ['ws-a00000001'],
    });
  });

  it('Terminating_RemainsAndPlansTheNextLook', async () => {
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-a00000001', State: 'TERMINATING' }] });

    await expect(run()).resolves.toEqual({
      allGone: false,
      remaining: [{ workspaceId: 'ws-a00000001', state: 'TERMINATING' }],
      deadlinePassed: false,
      poll: { attempt: 1, elapsedSeconds: 60, waitSeconds: 120 },
    });
  });

  it('PastTheDeadline_SaysSo', async () => {
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-a00000001', State: 'TERMINATING' }] });

    await expect(run({ attempt: 40, elapsedSeconds: 5400, waitSeconds: 60 })).resolves.toMatchObject({
      deadlinePassed: true,
    });
  });

  it('Throttled_ThrowsThrottledError', async () => {
    workspaces.on(DescribeWorkspacesCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toThrow(ThrottledError);
  });
});
