import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError, ThrottledError } from '../../../functions/commons/errors';
import { answerFor, handler } from '../../../functions/register-lifecycle-event';
import { lambdaContext } from '../../../sandbox/state-machines';
import { fakeRegister, type Register, registerEntry } from '../../helpers/lifecycle-register';
import { serviceError } from '../support';

const dynamo = mockClient(DynamoDBClient);
const register: Register = new Map();
const arn = (flow: string, id: string) => `arn:aws:states:us-east-1:123456789012:execution:${flow}:${id}`;
const leaverArn = arn('leaver', 'evt-leave-1');
const run = (input: Record<string, unknown> = {}) =>
  handler(
    {
      flow: 'leaver',
      employeeId: 'E1001',
      orderedAt: '2026-06-01T12:00:00.000Z',
      startedAt: '2026-06-01T12:00:05.000Z',
      executionArn: leaverArn,
      ...input,
    },
    lambdaContext('RegisterLifecycleEvent'),
  );

beforeEach(() => {
  dynamo.reset();
  register.clear();
  fakeRegister(dynamo, register);
});

describe('answerFor', () => {
  const at = '2026-06-01T12:00:00.000Z';
  it('NewestLaterJoinerOrRehire_Supersedes; OlderOnes_ListedOldestFirst; OwnEntry_Ignored', () => {
    const answer = answerFor('leaver', at, leaverArn, {
      joiner: [
        `2026-05-01T00:00:00.000Z ${arn('joiner', 'j1')}`,
        `2026-06-02T00:00:00.000Z ${arn('joiner', 'j2')}`,
      ],
      rehire: [
        `2026-06-03T00:00:00.000Z ${arn('rehire', 'r1')}`,
        `2026-04-01T00:00:00.000Z ${arn('rehire', 'r0')}`,
      ],
      leaver: [`${at} ${leaverArn}`],
    });
    expect(answer.newer).toEqual({
      flow: 'rehire',
      orderedAt: '2026-06-03T00:00:00.000Z',
      executionArn: arn('rehire', 'r1'),
    });
    expect(answer.older.map((e) => e.executionArn)).toEqual([arn('rehire', 'r0'), arn('joiner', 'j1')]);
    expect(answer.supersededBecause).toBe(
      `a newer rehire (ordered 2026-06-03T00:00:00.000Z) stands: ${arn('rehire', 'r1')}`,
    );
  });

  it('SameTime_CountsAsOlder: a tie does not supersede the leaver', () => {
    const answer = answerFor('leaver', at, leaverArn, { joiner: [`${at} ${arn('joiner', 'j1')}`] });
    expect(answer.newer).toBeUndefined();
    expect(answer.older).toEqual([{ orderedAt: at, executionArn: arn('joiner', 'j1') }]);
  });

  it('Joiner_AnswersToLeaversOnly: a newer leaver supersedes it, other joiners do not', () => {
    const joinerArn = arn('joiner', 'j1');
    const answer = answerFor('joiner', at, joinerArn, {
      joiner: [`2026-06-05T00:00:00.000Z ${arn('joiner', 'j2')}`],
      leaver: [`2026-05-01T00:00:00.000Z ${arn('leaver', 'l0')}`, `2026-06-02T00:00:00.000Z ${leaverArn}`],
    });
    expect(answer.newer).toMatchObject({ flow: 'leaver', executionArn: leaverArn });
    expect(answer.older).toEqual([
      { orderedAt: '2026-05-01T00:00:00.000Z', executionArn: arn('leaver', 'l0') },
    ]);
  });

  it('UnreadableEntries_AreIgnored', () => {
    expect(answerFor('leaver', at, leaverArn, { joiner: ['garbage', 'not-a-date arn:x'] })).toEqual({
      older: [],
    });
  });
});

describe('handler', () => {
  it('FirstEvent_AddsItselfAndAnswersNothingElse', async () => {
    await expect(run()).resolves.toEqual({ orderedAt: '2026-06-01T12:00:00.000Z', older: [] });
    expect(register.get('E1001')).toEqual({ leaver: [`2026-06-01T12:00:00.000Z ${leaverArn}`] });
    expect(dynamo).toHaveReceivedCommandWith(UpdateItemCommand, {
      Key: { employeeId: { S: 'E1001' } },
      UpdateExpression: 'ADD #flow :me',
      ExpressionAttributeNames: { '#flow': 'leaver' },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('Joiner_OrderedFromOccurredAtElseTheStart', async () => {
    await run({
      flow: 'joiner',
      orderedAt: undefined,
      occurredAt: '2026-05-30T08:00:00+02:00',
      executionArn: arn('joiner', 'j'),
    });
    await run({ flow: 'joiner', orderedAt: undefined, occurredAt: null, executionArn: arn('joiner', 'k') });
    expect(register.get('E1001')?.joiner).toEqual([
      `2026-05-30T06:00:00.000Z ${arn('joiner', 'j')}`,
      `2026-06-01T12:00:05.000Z ${arn('joiner', 'k')}`,
    ]);
  });

  it('RunTwice_OneEntry: a retried task adds nothing new', async () => {
    await run();
    await run();
    expect(register.get('E1001')?.leaver).toHaveLength(1);
  });

  it('DryRun_ReadsAndWritesNothing', async () => {
    registerEntry(register, 'E1001', 'joiner', '2026-06-02T00:00:00.000Z', arn('joiner', 'j2'));
    await expect(run({ dryRun: true })).resolves.toMatchObject({ newer: { flow: 'joiner' } });
    expect(dynamo).not.toHaveReceivedCommand(UpdateItemCommand);
    expect(dynamo).toHaveReceivedCommandWith(GetItemCommand, { ConsistentRead: true });
    expect(register.get('E1001')?.leaver).toBeUndefined();
  });

  it('Errors_AreNamed', async () => {
    dynamo.reset();
    dynamo.on(UpdateItemCommand).rejects(serviceError('ResourceNotFoundException'));
    await expect(run()).rejects.toBeInstanceOf(ConfigurationError);
    dynamo.reset();
    dynamo.on(UpdateItemCommand).rejects(serviceError('ProvisionedThroughputExceededException'));
    await expect(run()).rejects.toBeInstanceOf(ThrottledError);
  });
});
