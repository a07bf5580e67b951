import { CreateTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, WorkspaceQuotaExceededError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/tag-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const tags = {
  'lifecycle-remove-after': '2030-03-22T00:00:00.000Z',
  'lifecycle-removal-event-id': 'evt-leave-1',
};
const run = (event: unknown = { workspaceId: 'ws-a00000001', tags, dryRun: false }) =>
  handler(event, lambdaContext('TagWorkspace'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Tags_AreCreated', async () => {
    workspaces.on(CreateTagsCommand).resolves({});

    await expect(run()).resolves.toMatchObject({ workspaceId: 'ws-a00000001', dryRun: false, gone: false });
    expect(workspaces).toHaveReceivedCommandWith(CreateTagsCommand, {
      ResourceId: 'ws-a00000001',
      Tags: [
        { Key: 'lifecycle-remove-after', Value: '2030-03-22T00:00:00.000Z' },
        { Key: 'lifecycle-removal-event-id', Value: 'evt-leave-1' },
      ],
    });
  });

  it('Gone_IsSuccess', async () => {
    workspaces.on(CreateTagsCommand).rejects(serviceError('ResourceNotFoundException'));

    await expect(run()).resolves.toMatchObject({ gone: true });
  });

  it('DryRun_TagsNothingAndSaysWhatItWould', async () => {
    await expect(run({ workspaceId: 'ws-a00000001', tags, dryRun: true })).resolves.toEqual({
      workspaceId: 'ws-a00000001',
      dryRun: true,
      change:
        'would tag ws-a00000001 with lifecycle-remove-after=2030-03-22T00:00:00.000Z, lifecycle-removal-event-id=evt-leave-1',
    });
    expect(workspaces).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['ResourceLimitExceededException', WorkspaceQuotaExceededError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(CreateTagsCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });

  it('ValueWithCharactersTagsRefuse_ThrowsInvalidInputError', async () => {
    await expect(
      run({ workspaceId: 'ws-a00000001', tags: { a: 'no#hash' }, dryRun: false }),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});
