import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError, ThrottledError } from '../../../functions/commons/errors';
import { employeeOf, handler } from '../../../functions/describe-joiner-execution';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const sfn = mockClient(SFNClient);
const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-1';
const run = (event: unknown = { executionArn, employeeId: 'E1001' }) =>
  handler(event, lambdaContext('DescribeJoinerExecution'));

beforeEach(() => {
  sfn.reset();
});

describe('employeeOf', () => {
  it.each([
    ['console object', JSON.stringify({ employeeId: 'E1' }), 'E1'],
    [
      'EventBridge event',
      JSON.stringify({ 'detail-type': 'Employee Joined', detail: { employeeId: 'E2' } }),
      'E2',
    ],
    ['no employee', JSON.stringify({ eventId: 'x' }), undefined],
    ['not JSON', 'nope', undefined],
    ['absent', undefined, undefined],
  ])('%s', (_, input, expected) => {
    expect(employeeOf(input)).toBe(expected);
  });
});

describe('handler', () => {
  it('RunningForTheSameEmployee_Matches', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'RUNNING', input: JSON.stringify({ employeeId: 'E1001' }) });

    await expect(run()).resolves.toEqual({ sameEmployee: true, status: 'RUNNING' });
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, { executionArn });
  });

  it.each([
    ['another employee', { status: 'RUNNING' as const, input: JSON.stringify({ employeeId: 'E2002' }) }],
    ['finished meanwhile', { status: 'SUCCEEDED' as const, input: JSON.stringify({ employeeId: 'E1001' }) }],
  ])('%s_DoesNotMatch', async (_, answer) => {
    sfn.on(DescribeExecutionCommand).resolves(answer);

    await expect(run()).resolves.toEqual({ sameEmployee: false, status: answer.status });
  });

  it('OrderingTime_OccurredAtElseTheStart', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({
        status: 'RUNNING',
        input: JSON.stringify({ employeeId: 'E1001', occurredAt: '2030-01-01T10:00:00+01:00' }),
      })
      .resolves({
        status: 'RUNNING',
        input: JSON.stringify({ employeeId: 'E1001' }),
        startDate: new Date('2030-01-02T00:00:00Z'),
      });

    await expect(run()).resolves.toMatchObject({ orderedAt: '2030-01-01T09:00:00.000Z' });
    await expect(run()).resolves.toMatchObject({ orderedAt: '2030-01-02T00:00:00.000Z' });
  });

  it('ExecutionGone_DoesNotMatch', async () => {
    sfn.on(DescribeExecutionCommand).rejects(serviceError('ExecutionDoesNotExist'));

    await expect(run()).resolves.toEqual({ sameEmployee: false, status: 'NOT_FOUND' });
  });

  it.each([
    ['ThrottlingException', ThrottledError],
    ['AccessDeniedException', ConfigurationError],
    ['InvalidArn', ConfigurationError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    sfn.on(DescribeExecutionCommand).rejects(serviceError(name));

    await expect(run()).rejects.toThrow(expected);
  });
});
