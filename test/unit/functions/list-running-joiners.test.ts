import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { Env } from '../../../functions/commons/env';
import { ConfigurationError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/list-running-joiners';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

// Set by test/setup-env.ts, as the stack sets it.
const joinerArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:joiner';

const sfn = mockClient(SFNClient);
const run = (event: unknown = {}) => handler(event, lambdaContext('ListRunningJoiners'));

beforeEach(() => {
  sfn.reset();
});

describe('handler', () => {
  it('OnePage_ReturnsTheArnsAndNoToken', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: 'arn:x:1',
          stateMachineArn: joinerArn,
          name: '1',
          status: 'RUNNING',
          startDate: new Date(),
        },
      ],
    });

    await expect(run({ nextToken: null })).resolves.toEqual({ executionArns: ['arn:x:1'], nextToken: null });
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, {
      stateMachineArn: joinerArn,
      statusFilter: 'RUNNING',
      maxResults: 1000,
      nextToken: undefined,
    });
  });

  it('NextPage_PassesAndReturnsTheToken', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [], nextToken: 'page-3' });

    await expect(run({ nextToken: 'page-2' })).resolves.toEqual({ executionArns: [], nextToken: 'page-3' });
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, { nextToken: 'page-2' });
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalFailure', 500, TransientError],
    ['StateMachineDoesNotExist', 400, ConfigurationError],
    ['InvalidArn', 400, ConfigurationError],
    ['AccessDeniedException', 400, ConfigurationError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    sfn.on(ListExecutionsCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('NoJoinerArnConfigured_ThrowsConfigurationErrorWhenRun', async () => {
    const previous = process.env[Env.JoinerStateMachineArn];
    delete process.env[Env.JoinerStateMachineArn];
    try {
      await jest.isolateModulesAsync(async () => {
        const isolated = await import('../../../functions/list-running-joiners');
        await expect(isolated.handler({}, lambdaContext('ListRunningJoiners'))).rejects.toMatchObject({
          name: 'ConfigurationError',
          message: 'Environment variable JOINER_STATE_MACHINE_ARN is not set',
        });
      });
    } finally {
      process.env[Env.JoinerStateMachineArn] = previous;
    }
  });
});
