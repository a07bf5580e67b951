import { CreateTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/adopt-workspace';
import { InvalidInputError, ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const input = { workspaceId: 'ws-a00000001', employeeId: 'E1', adoptedAt: '2026-12-02T09:00:00.000Z' };
const run = (event: unknown = input) => handler(event, lambdaContext('AdoptWorkspace'));

beforeEach(() => workspaces.reset());

describe('handler', () => {
  it('Adopted_TheThreeAdoptionTags', async () => {
    workspaces.on(CreateTagsCommand).resolves({});

    await expect(run()).resolves.toEqual({ workspaceId: 'ws-a00000001', adopted: true });
    expect(workspaces).toHaveReceivedCommandWith(CreateTagsCommand, {
      ResourceId: 'ws-a00000001',
      Tags: [
        { Key: 'employee-id', Value: 'E1' },
        { Key: 'managed-by', Value: 'workspaces-lifecycle' },
        { Key: 'lifecycle-adopted-at', Value: '2026-12-02T09:00:00.000Z' },
      ],
    });
  });

  it('GoneSinceTheReview_NothingToAdopt', async () => {
    workspaces.on(CreateTagsCommand).rejects(serviceError('ResourceNotFoundException'));

    await expect(run()).resolves.toEqual({ workspaceId: 'ws-a00000001', adopted: false, gone: true });
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['AccessDeniedException', WorkspaceRequestError],
  ])('%s_MapsTo%p', async (name, ErrorClass) => {
    workspaces.on(CreateTagsCommand).rejects(serviceError(name));

    await expect(run()).rejects.toBeInstanceOf(ErrorClass);
  });

  it('BadInput_InvalidInputError', async () => {
    await expect(run({ ...input, workspaceId: 'nope' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
