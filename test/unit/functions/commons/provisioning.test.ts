import { DeleteItemCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  dequeue,
  enqueue,
  fromItem,
  type QueuedCreation,
  type QueuedWatch,
  queueKeyOf,
  readQueue,
  toItem,
} from '../../../../functions/commons/provisioning';
import { testDirectoryId } from '../../../setup-env';
import { serviceError } from '../../support';

const dynamo = mockClient(DynamoDBClient);
const client = new DynamoDBClient({});
const table = 'provisioning-queue';

const creation: QueuedCreation = {
  kind: 'create',
  token: 'token-ada',
  queuedAt: 1_000,
  request: { DirectoryId: testDirectoryId, UserName: 'ada', BundleId: 'wsb-8vbljg4r6' },
};
const watched: QueuedWatch = {
  kind: 'watch',
  token: 'token-ws',
  queuedAt: 2_000,
  workspaceId: 'ws-abcdef123',
  lookAfter: 3_000,
  deadline: 4_000,
};

beforeEach(() => {
  dynamo.reset();
});

describe('entries and items', () => {
  it.each([creation, watched])('RoundTrip_%#_SameEntry', (entry) => {
    expect(fromItem(toItem(entry))).toEqual(entry);
  });

  it('Key_IsTheTokensHash', () => {
    expect(toItem(creation).id).toEqual(queueKeyOf('token-ada').id);
    expect(queueKeyOf('token-ada').id.S).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('enqueue', () => {
  it('PutsTheEntrysItem', async () => {
    dynamo.on(PutItemCommand).resolves({});

    await enqueue(client, table, creation);

    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, { TableName: table, Item: toItem(creation) });
  });

  it('Throttled_ThrottledError', async () => {
    dynamo.on(PutItemCommand).rejects(serviceError('ProvisionedThroughputExceededException'));

    await expect(enqueue(client, table, creation)).rejects.toMatchObject({ name: 'ThrottledError' });
  });
});

describe('readQueue', () => {
  it('EveryPage_EntriesInOrderAndStrangersById', async () => {
    // Prepare
    const lastKey = { id: { S: 'page-one-end' } };
    dynamo
      .on(ScanCommand)
      .resolvesOnce({ Items: [toItem(creation), { id: { S: 'no-entry' } }], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [{ id: { S: 'not-json' }, entry: { S: '{not json' } }, toItem(watched)] });

    // Act
    const contents = await readQueue(client, table);

    // Assess
    expect(contents).toEqual({ entries: [creation, watched], strangers: ['no-entry', 'not-json'] });
    expect(dynamo.commandCalls(ScanCommand).map((c) => c.args[0].input)).toEqual([
      { TableName: table, ExclusiveStartKey: undefined },
      { TableName: table, ExclusiveStartKey: lastKey },
    ]);
  });

  it('EmptyTable_NothingAndOneScan', async () => {
    dynamo.on(ScanCommand).resolves({});

    expect(await readQueue(client, table)).toEqual({ entries: [], strangers: [] });
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 1);
  });

  it('ScanFails_TheSdkErrorIsThrown', async () => {
    dynamo.on(ScanCommand).rejects(serviceError('InternalServerError', 500));

    await expect(readQueue(client, table)).rejects.toMatchObject({ name: 'InternalServerError' });
  });
});

describe('dequeue', () => {
  it('DeletesTheItemByTheTokensHash', async () => {
    dynamo.on(DeleteItemCommand).resolves({});

    await dequeue(client, table, watched);

    expect(dynamo).toHaveReceivedCommandWith(DeleteItemCommand, {
      TableName: table,
      Key: queueKeyOf(watched.token),
    });
  });

  it('DeleteFails_TheSdkErrorIsThrown', async () => {
    dynamo.on(DeleteItemCommand).rejects(serviceError('InternalServerError', 500));

    await expect(dequeue(client, table, watched)).rejects.toMatchObject({ name: 'InternalServerError' });
  });
});
