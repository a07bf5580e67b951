import { DescribeTagsCommand, DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ReviewStoreError, ThrottledError } from '../../../functions/commons/errors';
import { S3Client, S3ServiceError } from '../../../functions/commons/s3';
import { handler } from '../../../functions/read-fleet-page';
import { installClock, ScaledClock } from '../../../sandbox/clock';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (event: unknown = { reviewId: 'r1', page: 2, nextToken: 'tok-2', workspaces: 50, calls: 52 }) =>
  handler(event, lambdaContext('ReadFleetPage'));
let stored: Array<{ Key: string; Body?: string }>;
let uninstall: () => void;

beforeAll(() => {
  // The pacing sleeps in simulated time.
  uninstall = installClock(new ScaledClock(100_000));
});
afterAll(() => uninstall());
beforeEach(() => {
  workspaces.reset();
  stored = [];
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    stored.push(command.input as { Key: string; Body?: string });
    return {};
  });
});

describe('handler', () => {
  it('OnePage_TagsOfEach_KeptInTheStore_CountsAddUp', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({
      Workspaces: [
        {
          WorkspaceId: 'ws-a00000001',
          DirectoryId: 'd-1',
          UserName: 'ada',
          State: 'AVAILABLE',
          BundleId: 'wsb-1',
          WorkspaceProperties: { RunningMode: 'AUTO_STOP', ComputeTypeName: 'STANDARD' },
        },
        { WorkspaceId: 'ws-a00000002', DirectoryId: 'd-1', UserName: 'gone', State: 'AVAILABLE' },
      ],
      NextToken: 'tok-3',
    });
    workspaces
      .on(DescribeTagsCommand, { ResourceId: 'ws-a00000001' })
      .resolves({ TagList: [{ Key: 'employee-id', Value: 'E1' }] });
    workspaces
      .on(DescribeTagsCommand, { ResourceId: 'ws-a00000002' })
      .rejects(serviceError('ResourceNotFoundException'));

    await expect(run()).resolves.toEqual({ page: 3, nextToken: 'tok-3', workspaces: 51, calls: 55 });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesCommand, {
      Limit: 25,
      NextToken: 'tok-2',
    });
    expect(stored).toEqual([expect.objectContaining({ Key: 'reviews/r1/workspaces/00002.json' })]);
    expect(JSON.parse(stored[0].Body ?? '[]')).toEqual([
      {
        workspaceId: 'ws-a00000001',
        directoryId: 'd-1',
        userName: 'ada',
        state: 'AVAILABLE',
        bundleId: 'wsb-1',
        computeType: 'STANDARD',
        runningMode: 'AUTO_STOP',
        tags: { 'employee-id': 'E1' },
      },
    ]);
  });

  it('LastPage_NextTokenNull', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [] });

    await expect(run({ reviewId: 'r1', page: 0 })).resolves.toMatchObject({
      page: 1,
      nextToken: null,
      workspaces: 0,
      calls: 1,
    });
  });

  it('PageThrottled_ThrottledError', async () => {
    workspaces.on(DescribeWorkspacesCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toBeInstanceOf(ThrottledError);
  });

  it('TagsThrottled_ThrottledError', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [{ WorkspaceId: 'ws-a00000001' }] });
    workspaces.on(DescribeTagsCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toBeInstanceOf(ThrottledError);
  });

  it('StoreRefuses_ReviewStoreError', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [] });
    jest
      .spyOn(S3Client.prototype, 'send')
      .mockRejectedValue(new S3ServiceError('AccessDenied', 'no', { httpStatusCode: 403 }));

    await expect(run()).rejects.toBeInstanceOf(ReviewStoreError);
  });
});
