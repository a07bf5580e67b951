import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ThrottledError,
  WorkspaceNotFoundError,
  WorkspaceRequestError,
} from '../../../functions/commons/errors';
import { handler } from '../../../functions/find-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (event: unknown = { userName: 'ada.lovelace' }) => handler(event, lambdaContext('FindWorkspace'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('LiveWorkspace_IsAdopted', async () => {
    // Prepare
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'PENDING' }] });

    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ workspaceId: 'ws-abcdef123', adopted: true, state: 'PENDING' });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesCommand, {
      DirectoryId: 'd-906700c0de',
      UserName: 'ada.lovelace',
    });
  });

  it('TerminatingAndTerminated_AreSkipped', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({
      Workspaces: [
        { WorkspaceId: 'ws-old000001', State: 'TERMINATED' },
        { WorkspaceId: 'ws-old000002', State: 'TERMINATING' },
        { WorkspaceId: 'ws-live00003', State: 'AVAILABLE' },
      ],
    });

    await expect(run()).resolves.toMatchObject({ workspaceId: 'ws-live00003' });
  });

  it.each([
    ['NoWorkspaces', {}],
    ['OnlyTerminated', { Workspaces: [{ WorkspaceId: 'ws-old000001', State: 'TERMINATED' as const }] }],
  ])('%s_ThrowsWorkspaceNotFoundError', async (_, response) => {
    workspaces.on(DescribeWorkspacesCommand).resolves(response);

    await expect(run()).rejects.toThrow(
      new WorkspaceNotFoundError(
        'DescribeWorkspaces: WorkSpaces reported a WorkSpace for ada.lovelace but none is live in d-906700c0de',
      ),
    );
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['AccessDeniedException', WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(DescribeWorkspacesCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });

  it('InvalidUserName_ThrowsInvalidInputError', async () => {
    await expect(run({ userName: '.ada' })).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });
});
