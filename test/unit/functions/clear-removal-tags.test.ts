import { DeleteTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/clear-removal-tags';
import { ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (dryRun = false) =>
  handler({ workspaceId: 'ws-a00000001', dryRun }, lambdaContext('ClearRemovalTags'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('RemovalTags_AreDeleted', async () => {
    workspaces.on(DeleteTagsCommand).resolves({});

    await expect(run()).resolves.toMatchObject({ gone: false, dryRun: false });
    expect(workspaces).toHaveReceivedCommandWith(DeleteTagsCommand, {
      ResourceId: 'ws-a00000001',
      TagKeys: ['lifecycle-remove-after', 'lifecycle-removal-event-id', 'lifecycle-removal-ordered-at'],
    });
  });

  it('Gone_IsSuccess', async () => {
    workspaces.on(DeleteTagsCommand).rejects(serviceError('ResourceNotFoundException'));

    await expect(run()).resolves.toMatchObject({ gone: true });
  });

  it('DryRun_DeletesNothing', async () => {
    await expect(run(true)).resolves.toMatchObject({
      dryRun: true,
      change: expect.stringMatching(/^would remove tags/),
    });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['InvalidParameterValuesException', WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(DeleteTagsCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });
});
