import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/stop-joiner-execution';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const sfn = mockClient(SFNClient);
const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-1';
const run = (dryRun = false) =>
  handler({ executionArn, eventId: 'evt-leave-1', dryRun }, lambdaContext('StopJoinerExecution'));

beforeEach(() => {
  sfn.reset();
});

describe('handler', () => {
  it('Running_IsStoppedWithTheReason', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });

    await expect(run()).resolves.toEqual({
      executionArn,
      dryRun: false,
      change: `stop joiner execution ${executionArn}`,
      stopped: true,
    });
    expect(sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      executionArn,
      error: 'EmployeeLeft',
      cause: expect.stringContaining('evt-leave-1'),
    });
  });

  it('AlreadyGone_IsSuccess', async () => {
    sfn.on(StopExecutionCommand).rejects(serviceError('ExecutionDoesNotExist'));

    await expect(run()).resolves.toMatchObject({ stopped: false });
  });

  it('DryRun_StopsNothing', async () => {
    await expect(run(true)).resolves.toEqual({
      executionArn,
      dryRun: true,
      change: `would stop joiner execution ${executionArn}`,
    });
    expect(sfn).not.toHaveReceivedCommand(StopExecutionCommand);
  });

  it.each([
    ['ServiceUnavailable', 503, TransientError],
    ['AccessDeniedException', 400, ConfigurationError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    sfn.on(StopExecutionCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });
});
