import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError, ThrottledError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/start-joiner';
import { lambdaContext } from '../../../sandbox/state-machines';
import { exampleJoiner } from '../../helpers/examples';
import { serviceError } from '../support';

const sfn = mockClient(SFNClient);
const joiner = { ...exampleJoiner, eventId: 'evt-rehire-7' };
const run = (dryRun = false) => handler({ joiner, dryRun }, lambdaContext('StartJoiner'));

beforeEach(() => {
  sfn.reset();
});

describe('handler', () => {
  it('Rehire_StartsAJoinerNamedFromItsEventWithTheJoinerAsInput', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });

    await expect(run()).resolves.toMatchObject({
      name: 'evt-rehire-7',
      executionArn: 'arn:x',
      alreadyStarted: false,
    });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:joiner',
      name: 'evt-rehire-7',
      input: JSON.stringify(joiner),
    });
  });

  it('SameRehireAgain_IsSuccess', async () => {
    sfn.on(StartExecutionCommand).rejects(serviceError('ExecutionAlreadyExists'));

    await expect(run()).resolves.toMatchObject({ alreadyStarted: true });
  });

  it('DryRun_StartsNothing', async () => {
    await expect(run(true)).resolves.toMatchObject({
      dryRun: true,
      change: 'would start joiner evt-rehire-7',
    });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('Throttled_ThrowsThrottledError', async () => {
    sfn.on(StartExecutionCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toBeInstanceOf(ThrottledError);
  });

  it('AccessDenied_ThrowsConfigurationError', async () => {
    sfn.on(StartExecutionCommand).rejects(serviceError('AccessDeniedException'));

    await expect(run()).rejects.toBeInstanceOf(ConfigurationError);
  });
});
