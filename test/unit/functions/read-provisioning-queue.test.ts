import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError, ThrottledError } from '../../../functions/commons/errors';
import { toItem } from '../../../functions/commons/provisioning';
import { S3Client } from '../../../functions/commons/s3';
import { handler } from '../../../functions/read-provisioning-queue';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const dynamodb = mockClient(DynamoDBClient);
const run = (event: unknown = { reviewId: 'r1', page: 0 }) =>
  handler(event, lambdaContext('ReadProvisioningQueue'));
let stored: Array<{ Key: string; Body?: string }>;

beforeEach(() => {
  dynamodb.reset();
  stored = [];
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    stored.push(command.input as { Key: string; Body?: string });
    return {};
  });
});

describe('handler', () => {
  it('QueuedCreations_TheirEmployeeIdsKept_WatchesAndStrangersLeftOut', async () => {
    dynamodb.on(ScanCommand).resolves({
      Items: [
        toItem({
          kind: 'create',
          token: 't1',
          queuedAt: 0,
          request: {
            DirectoryId: 'd-1',
            UserName: 'ada',
            BundleId: 'wsb-1',
            Tags: [{ Key: 'employee-id', Value: 'E1' }],
          },
        }),
        toItem({
          kind: 'watch',
          token: 't2',
          queuedAt: 0,
          workspaceId: 'ws-a00000001',
          lookAfter: 0,
          deadline: 1,
        }),
        { id: { S: 'x' } },
      ],
      LastEvaluatedKey: { id: { S: 'x' } },
    });

    await expect(run({ reviewId: 'r1', page: 0, queued: 0 })).resolves.toEqual({
      page: 1,
      nextKey: JSON.stringify({ id: { S: 'x' } }),
      queued: 1,
    });
    expect(dynamodb).toHaveReceivedCommandWith(ScanCommand, { TableName: 'provisioning-queue' });
    expect(stored).toEqual([
      {
        Bucket: 'fleet-review',
        Key: 'reviews/r1/queued/00000.json',
        Body: '["E1"]',
        ContentType: 'application/json',
      },
    ]);
  });

  it('NextPage_FromTheKeyBefore', async () => {
    dynamodb.on(ScanCommand).resolves({ Items: [] });

    await expect(run({ reviewId: 'r1', page: 1, nextKey: '{"id":{"S":"x"}}', queued: 3 })).resolves.toEqual({
      page: 2,
      nextKey: null,
      queued: 3,
    });
    expect(dynamodb).toHaveReceivedCommandWith(ScanCommand, { ExclusiveStartKey: { id: { S: 'x' } } });
  });

  it.each([
    ['ProvisionedThroughputExceededException', ThrottledError],
    ['ResourceNotFoundException', ConfigurationError],
  ])('%s_MapsTo%p', async (name, ErrorClass) => {
    dynamodb.on(ScanCommand).rejects(serviceError(name));

    await expect(run()).rejects.toBeInstanceOf(ErrorClass);
  });
});
