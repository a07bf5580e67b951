import { DescribeTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/read-workspace-tags';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (event: unknown = { workspaceId: 'ws-a00000001' }) =>
  handler(event, lambdaContext('ReadWorkspaceTags'));

beforeEach(() => {
  workspaces.reset();
});

describe('handler', () => {
  it('Tags_AreAMap', async () => {
    workspaces.on(DescribeTagsCommand).resolves({
      TagList: [
        { Key: 'employee-id', Value: 'E1001' },
        { Key: 'empty', Value: undefined },
      ],
    });

    await expect(run()).resolves.toEqual({
      workspaceId: 'ws-a00000001',
      found: true,
      tags: { 'employee-id': 'E1001', empty: '' },
    });
    expect(workspaces).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceId: 'ws-a00000001' });
  });

  it('Gone_IsNotFound', async () => {
    workspaces.on(DescribeTagsCommand).rejects(serviceError('ResourceNotFoundException'));

    await expect(run()).resolves.toEqual({ workspaceId: 'ws-a00000001', found: false, tags: {} });
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalServerError', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    workspaces.on(DescribeTagsCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('NotAWorkspaceId_ThrowsInvalidInputError', async () => {
    await expect(run({ workspaceId: 'd-906700c0de' })).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});
