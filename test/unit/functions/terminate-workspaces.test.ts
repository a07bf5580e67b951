import { TerminateWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/terminate-workspaces';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const ids = ['ws-a00000001', 'ws-a00000002'];
const run = (event: unknown = { workspaceIds: ids, dryRun: false }) =>
  handler(event, lambdaContext('TerminateWorkspaces'));

beforeEach(() => {
  workspaces.reset();
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('All_AreTerminatedInOneCallAndAFirstLookPlanned', async () => {
    workspaces.on(TerminateWorkspacesCommand).resolves({ FailedRequests: [] });

    await expect(run()).resolves.toEqual({
      workspaceIds: ids,
      dryRun: false,
      change: 'terminate ws-a00000001, ws-a00000002',
      alreadyGoneIds: [],
      poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 },
    });
    expect(workspaces).toHaveReceivedCommandWith(TerminateWorkspacesCommand, {
      TerminateWorkspaceRequests: [{ WorkspaceId: 'ws-a00000001' }, { WorkspaceId: 'ws-a00000002' }],
    });
  });

  it('AlreadyGone_CountsAsTerminated', async () => {
    workspaces.on(TerminateWorkspacesCommand).resolves({
      FailedRequests: [
        { WorkspaceId: 'ws-a00000002', ErrorCode: 'ResourceNotFound.WorkSpace', ErrorMessage: 'gone' },
      ],
    });

    await expect(run()).resolves.toMatchObject({ alreadyGoneIds: ['ws-a00000002'] });
  });

  it('Refused_ThrowsWorkspaceRequestErrorNamingTheWorkspace', async () => {
    workspaces.on(TerminateWorkspacesCommand).resolves({
      FailedRequests: [
        {
          WorkspaceId: 'ws-a00000002',
          ErrorCode: 'InvalidResourceState.WorkSpace',
          ErrorMessage: 'SUSPENDED',
        },
      ],
    });

    await expect(run()).rejects.toThrow(
      new WorkspaceRequestError(
        'TerminateWorkspaces ws-a00000002: InvalidResourceState.WorkSpace: SUSPENDED',
      ),
    );
  });

  it('DryRun_TerminatesNothing', async () => {
    await expect(run({ workspaceIds: ids, dryRun: true })).resolves.toMatchObject({
      dryRun: true,
      change: 'would terminate ws-a00000001, ws-a00000002',
    });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['AccessDeniedException', WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(TerminateWorkspacesCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });

  it.each([
    ['none', []],
    ['26', Array.from({ length: 26 }, (_, i) => `ws-a${String(i).padStart(8, '0')}`)],
  ])('%s Ids_ThrowsInvalidInputError', async (_, workspaceIds) => {
    await expect(run({ workspaceIds, dryRun: false })).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});
