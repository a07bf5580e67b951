import { DescribeWorkspacesConnectionStatusCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/read-connection-status';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = () => handler({ workspaceId: 'ws-0a1b2c3d4' }, lambdaContext('ReadConnectionStatus'));

beforeEach(() => workspaces.reset());

describe('handler', () => {
  it('LastConnection_AsIso; NeverConnectedOrGone_Null', async () => {
    workspaces.on(DescribeWorkspacesConnectionStatusCommand).resolvesOnce({
      WorkspacesConnectionStatus: [
        {
          WorkspaceId: 'ws-0a1b2c3d4',
          ConnectionState: 'CONNECTED',
          LastKnownUserConnectionTimestamp: new Date('2026-11-25T08:00:00Z'),
        },
      ],
    });
    await expect(run()).resolves.toEqual({
      workspaceId: 'ws-0a1b2c3d4',
      connectionState: 'CONNECTED',
      lastConnection: '2026-11-25T08:00:00.000Z',
    });
    workspaces.on(DescribeWorkspacesConnectionStatusCommand).resolves({ WorkspacesConnectionStatus: [] });
    await expect(run()).resolves.toMatchObject({ lastConnection: null, connectionState: null });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesConnectionStatusCommand, {
      WorkspaceIds: ['ws-0a1b2c3d4'],
    });
  });
  it('Throttled_ThrottledError', async () => {
    workspaces.on(DescribeWorkspacesConnectionStatusCommand).rejects(serviceError('ThrottlingException'));
    await expect(run()).rejects.toThrow(ThrottledError);
  });
});
