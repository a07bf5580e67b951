import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  ScanCommand,
  type ScanCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, ManualClock, rejection } from './helpers';

describe('DynamoDB emulator', () => {
  let emulator: Emulator;
  let client: DynamoDBClient;
  const TableName = 'joiners';
  const put = (input: Omit<PutItemCommandInput, 'TableName'> & { TableName?: string }) =>
    client.send(new PutItemCommand({ TableName, ...input }));

  beforeAll(async () => {
    emulator = await startEmulator({
      clock: new ManualClock(),
      tables: { joiners: 'userId', paged: 'id', big: 'id', arned: 'pk' },
    });
    client = new DynamoDBClient(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  test('UpdateItem ADD creates the item and the string set, keeps a value already there, and returns ALL_NEW', async () => {
    const add = (value: string) =>
      client.send(
        new UpdateItemCommand({
          TableName,
          Key: { userId: { S: 'ola.berg' } },
          UpdateExpression: 'ADD #joiners :me',
          ExpressionAttributeNames: { '#joiners': 'joiners' },
          ExpressionAttributeValues: { ':me': { SS: [value] } },
          ReturnValues: 'ALL_NEW',
        }),
      );
    expect((await add('a')).Attributes).toEqual({ userId: { S: 'ola.berg' }, joiners: { SS: ['a'] } });
    await add('b');
    expect((await add('a')).Attributes?.joiners?.SS).toEqual(['a', 'b']);
    const other = client.send(
      new UpdateItemCommand({
        TableName,
        Key: { userId: { S: 'ola.berg' } },
        UpdateExpression: 'SET #joiners = :me',
        ExpressionAttributeNames: { '#joiners': 'joiners' },
        ExpressionAttributeValues: { ':me': { SS: ['c'] } },
      }),
    );
    await expect(other).rejects.toMatchObject({ name: 'ValidationException' });
    await client.send(new DeleteItemCommand({ TableName, Key: { userId: { S: 'ola.berg' } } }));
  });

  test('PutItem, GetItem and DeleteItem round trip an item as given', async () => {
    const Item = {
      userId: { S: 'kim.lowe' },
      attempts: { N: '3' },
      tags: { SS: ['a', 'b'] },
      profile: { M: { team: { S: 'ops' }, remote: { BOOL: true } } },
      history: { L: [{ S: 'queued' }, { NULL: true }] },
    };
    expect((await put({ Item })).Attributes).toBeUndefined();
    const got = await client.send(new GetItemCommand({ TableName, Key: { userId: { S: 'kim.lowe' } } }));
    expect(got.Item).toEqual(Item);
    expect(emulator.state.tables.joiners).toEqual([Item]);

    const deleted = await client.send(
      new DeleteItemCommand({ TableName, Key: { userId: { S: 'kim.lowe' } } }),
    );
    expect(deleted.Attributes).toBeUndefined();
    const after = await client.send(new GetItemCommand({ TableName, Key: { userId: { S: 'kim.lowe' } } }));
    expect(after.Item).toBeUndefined();
    expect(emulator.state.tables.joiners).toEqual([]);
    expect(emulator.state.apiCalls['dynamodb.PutItem']).toBeGreaterThanOrEqual(1);
    expect(emulator.state.apiCalls['dynamodb.GetItem']).toBeGreaterThanOrEqual(2);
  });

  test('the emulator keeps a copy: changing the state read does not change the table', async () => {
    await put({ Item: { userId: { S: 'copy.test' }, v: { S: 'original' } } });
    const read = emulator.state.tables.joiners;
    read[0].v = { S: 'changed' };
    const got = await client.send(new GetItemCommand({ TableName, Key: { userId: { S: 'copy.test' } } }));
    expect(got.Item?.v).toEqual({ S: 'original' });
    await client.send(new DeleteItemCommand({ TableName, Key: { userId: { S: 'copy.test' } } }));
  });

  test('DeleteItem and PutItem with ReturnValues ALL_OLD answer the previous item', async () => {
    await put({ Item: { userId: { S: 'ali.khan' }, step: { S: 'one' } } });
    const replaced = await put({
      Item: { userId: { S: 'ali.khan' }, step: { S: 'two' } },
      ReturnValues: 'ALL_OLD',
    });
    expect(replaced.Attributes).toEqual({ userId: { S: 'ali.khan' }, step: { S: 'one' } });

    const deleted = await client.send(
      new DeleteItemCommand({ TableName, Key: { userId: { S: 'ali.khan' } }, ReturnValues: 'ALL_OLD' }),
    );
    expect(deleted.Attributes).toEqual({ userId: { S: 'ali.khan' }, step: { S: 'two' } });
    const again = await client.send(
      new DeleteItemCommand({ TableName, Key: { userId: { S: 'ali.khan' } }, ReturnValues: 'ALL_OLD' }),
    );
    expect(again.Attributes).toBeUndefined();
  });

  test('a conditional put with attribute_not_exists fails when the item exists', async () => {
    const Item = { userId: { S: 'sam.ode' }, n: { N: '1' } };
    await put({ Item, ConditionExpression: 'attribute_not_exists(userId)' });
    const error = await rejection(
      put({
        Item: { userId: { S: 'sam.ode' }, n: { N: '2' } },
        ConditionExpression: 'attribute_not_exists(#k)',
        ExpressionAttributeNames: { '#k': 'userId' },
      }),
    );
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.message).toBe('The conditional request failed');
    const got = await client.send(new GetItemCommand({ TableName, Key: { userId: { S: 'sam.ode' } } }));
    expect(got.Item).toEqual(Item);
  });

  test('conditions the sandbox does not emulate are refused, not ignored', async () => {
    const Item = { userId: { S: 'cond.other' } };
    const other = await rejection(put({ Item, ConditionExpression: 'attribute_exists(userId)' }));
    expect(other.name).toBe('ValidationException');
    expect(other.message).toMatch(/not supported by the sandbox/);
    const unusedName = await rejection(
      put({
        Item,
        ConditionExpression: 'attribute_not_exists(userId)',
        ExpressionAttributeNames: { '#k': 'userId' },
      }),
    );
    expect(unusedName.name).toBe('ValidationException');
    expect(unusedName.message).toMatch(/unused in expressions/);
    expect(emulator.state.tables.joiners.map((i) => i.userId.S)).not.toContain('cond.other');
  });

  test('Scan pages with Limit return every item exactly once', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `user-${String(i).padStart(2, '0')}`);
    for (const id of [...ids].reverse()) {
      await put({ TableName: 'paged', Item: { id: { S: id }, data: { S: `data of ${id}` } } });
    }
    const pages: ScanCommandOutput[] = [];
    let ExclusiveStartKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await client.send(new ScanCommand({ TableName: 'paged', Limit: 5, ExclusiveStartKey }));
      pages.push(page);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);

    expect(pages.map((p) => p.Count)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.every((p) => p.ScannedCount === p.Count && p.Items?.length === p.Count)).toBe(true);
    expect(pages.at(-1)?.LastEvaluatedKey).toBeUndefined();
    const seen = pages.flatMap((p) => p.Items ?? []).map((i) => i.id.S);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(ids);

    // The same order on a second pass, and a scan without Limit sees it all in one page.
    const whole = await client.send(new ScanCommand({ TableName: 'paged' }));
    expect(whole.Items?.map((i) => i.id.S)).toEqual(seen);
    expect(whole.LastEvaluatedKey).toBeUndefined();
  });

  test('a Scan page stops at 1 MB of item data', async () => {
    const payload = 'x'.repeat(300 * 1024);
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      await put({ TableName: 'big', Item: { id: { S: id }, payload: { S: payload } } });
    }
    const first = await client.send(new ScanCommand({ TableName: 'big' }));
    expect(first.Count).toBe(4);
    expect(first.LastEvaluatedKey).toEqual({ id: { S: 'd' } });
    const second = await client.send(
      new ScanCommand({ TableName: 'big', ExclusiveStartKey: first.LastEvaluatedKey }),
    );
    expect(second.Items?.map((i) => i.id.S)).toEqual(['e']);
    expect(second.LastEvaluatedKey).toBeUndefined();
  });

  test('an item over 400 KB is a ValidationException', async () => {
    const error = await rejection(
      put({ TableName: 'big', Item: { id: { S: 'huge' }, payload: { S: 'x'.repeat(400 * 1024) } } }),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Item size has exceeded the maximum allowed size');
    expect(emulator.state.tables.big.map((i) => i.id.S)).not.toContain('huge');
  });

  test('an unknown table is a ResourceNotFoundException in every operation', async () => {
    const Key = { userId: { S: 'x' } };
    const calls = [
      () => put({ TableName: 'nope', Item: Key }),
      () => client.send(new GetItemCommand({ TableName: 'nope', Key })),
      () => client.send(new DeleteItemCommand({ TableName: 'nope', Key })),
      () => client.send(new ScanCommand({ TableName: 'nope' })),
      () =>
        client.send(
          new GetItemCommand({ TableName: 'arn:aws:dynamodb:us-east-1:123456789012:table/nope', Key }),
        ),
    ];
    for (const call of calls) {
      const error = await rejection(call());
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found');
    }
  });

  test('an item without its key or with a key of the wrong type is a ValidationException', async () => {
    const missing = await rejection(put({ Item: { other: { S: 'x' } } }));
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toBe(
      'One or more parameter values were invalid: Missing the key userId in the item',
    );

    const wrongType = await rejection(put({ Item: { userId: { N: '42' } } }));
    expect(wrongType.name).toBe('ValidationException');
    expect(wrongType.message).toBe(
      'One or more parameter values were invalid: Type mismatch for key userId expected: S actual: N',
    );
  });

  test('a Key that does not match the schema is a ValidationException', async () => {
    const keys: Record<string, AttributeValue>[] = [
      { userId: { S: 'kim' }, extra: { S: 'x' } },
      { userId: { N: '1' } },
      { somethingElse: { S: 'kim' } },
    ];
    for (const Key of keys) {
      const error = await rejection(client.send(new GetItemCommand({ TableName, Key })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('The provided key element does not match the schema');
    }
    const del = await rejection(
      client.send(new DeleteItemCommand({ TableName, Key: { userId: { S: 'kim' }, extra: { S: 'x' } } })),
    );
    expect(del.message).toBe('The provided key element does not match the schema');
  });

  test('a table can be addressed by its ARN', async () => {
    const arn = 'arn:aws:dynamodb:us-east-1:123456789012:table/arned';
    await client.send(new PutItemCommand({ TableName: arn, Item: { pk: { S: 'by-arn' } } }));
    const byName = await client.send(
      new GetItemCommand({ TableName: 'arned', Key: { pk: { S: 'by-arn' } } }),
    );
    expect(byName.Item).toEqual({ pk: { S: 'by-arn' } });
    const scanned = await client.send(new ScanCommand({ TableName: arn }));
    expect(scanned.Items).toEqual([{ pk: { S: 'by-arn' } }]);
    const wrongAccount = await rejection(
      client.send(new ScanCommand({ TableName: 'arn:aws:dynamodb:us-east-1:999999999999:table/arned' })),
    );
    expect(wrongAccount.name).toBe('ResourceNotFoundException');
  });
});
