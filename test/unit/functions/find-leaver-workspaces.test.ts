import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/find-leaver-workspaces';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (event: unknown = { userName: 'ada.lovelace' }) =>
  handler(event, lambdaContext('FindLeaverWorkspaces'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Workspaces_AreSummarisedWhateverTheirState', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({
      Workspaces: [
        {
          WorkspaceId: 'ws-a00000001',
          State: 'AVAILABLE',
          WorkspaceProperties: { RunningMode: 'ALWAYS_ON' },
        },
        { WorkspaceId: 'ws-a00000002', State: 'TERMINATING' },
      ],
    });

    await expect(run()).resolves.toEqual({
      workspaces: [
        { workspaceId: 'ws-a00000001', state: 'AVAILABLE', runningMode: 'ALWAYS_ON' },
        { workspaceId: 'ws-a00000002', state: 'TERMINATING', runningMode: undefined },
      ],
      truncated: false,
      stoppable: [{ workspaceId: 'ws-a00000001' }],
    });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesCommand, {
      DirectoryId: 'd-906700c0de',
      UserName: 'ada.lovelace',
      Limit: 25,
    });
  });

  it('None_IsAnEmptyList', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({});

    await expect(run()).resolves.toEqual({ workspaces: [], truncated: false, stoppable: [] });
  });

  it('MoreThanAPage_IsReportedTruncated', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [], NextToken: 'more' });

    await expect(run()).resolves.toMatchObject({ truncated: true });
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['InvalidParameterValuesException', WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(DescribeWorkspacesCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });

  it('InvalidUserName_ThrowsInvalidInputError', async () => {
    await expect(run({ userName: '.ada' })).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });
});
