import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, TransientError } from '../../../functions/commons/errors';
import { fromItem, queueKeyOf } from '../../../functions/commons/provisioning';
import { handler } from '../../../functions/warn-pending-removal';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const dynamo = mockClient(DynamoDBClient);
const input = {
  eventId: 'evt-leave-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  workspaceIds: ['ws-a00000001'],
  removeAt: '2030-03-22T00:00:00.000Z',
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:leaver:evt-leave-1',
};
const run = (event: unknown = input) => handler(event, lambdaContext('WarnPendingRemoval'));

beforeEach(() => {
  dynamo.reset();
});

describe('handler', () => {
  it('Warning_QueuedForTheProvisionersNextMessage_KeyedByTheLeaverEvent', async () => {
    dynamo.on(PutItemCommand).resolves({});

    await expect(run()).resolves.toEqual({ queued: true });
    const put = dynamo.commandCalls(PutItemCommand)[0].args[0].input;
    expect(put.TableName).toBe('provisioning-queue');
    // One item per leaver event: a retried task replaces it instead of warning twice.
    expect(put.Item).toMatchObject(queueKeyOf('warning:evt-leave-1'));
    expect(fromItem(put.Item ?? {})).toEqual({
      kind: 'warning',
      token: 'warning:evt-leave-1',
      queuedAt: expect.any(Number),
      ...input,
    });
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalServerError', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    dynamo.on(PutItemCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('NoWorkspaces_ThrowsInvalidInputError', async () => {
    await expect(run({ ...input, workspaceIds: [] })).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});
