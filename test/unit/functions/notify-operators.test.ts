import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, TransientError } from '../../../functions/commons/errors';
import { remedyFor } from '../../../functions/commons/remedies';
import { handler } from '../../../functions/notify-operators';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const sns = mockClient(SNSClient);
const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-0001';
const state = {
  eventId: 'evt-0001',
  employee: { employeeId: 'E1001', userName: 'ada.lovelace' },
  workspace: { workspaceId: 'ws-abcdef123' },
  error: { Error: 'ProvisioningDeadlineError', Cause: 'ws-abcdef123 is still PENDING' },
};
const run = (event: unknown = { flow: 'joiner', executionArn, state }) =>
  handler(event, lambdaContext('NotifyOperators'));
const published = () => sns.commandCalls(PublishCommand)[0].args[0].input;

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

describe('handler', () => {
  it('FailedJoiner_PublishesTheErrorCauseWorkspaceAndExecution', async () => {
    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ messageId: 'sns-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(published()).toEqual({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:workspaces-alerts',
      Subject: 'workspaces-lifecycle: joiner failed for ada.lovelace',
      Message: [
        'The joiner flow failed for ada.lovelace (event evt-0001).',
        'Error: ProvisioningDeadlineError',
        'Cause: ws-abcdef123 is still PENDING',
        `What to do: ${remedyFor('ProvisioningDeadlineError', executionArn)}`,
        'WorkSpace: ws-abcdef123',
        `Execution: ${executionArn}`,
      ].join('\n'),
    });
  });

  it('NothingKnown_SaysUnknownAndOmitsWorkspaceAndExecution', async () => {
    await run({ flow: 'joiner', state: 'garbage' });

    expect(published().Subject).toBe('workspaces-lifecycle: joiner failed for unknown employee');
    expect(published().Message).toBe(
      [
        'The joiner flow failed for unknown employee (event unknown).',
        'Error: unknown',
        'Cause: unknown',
        'What to do: Read the cause and fix it. Then redrive the execution.',
      ].join('\n'),
    );
  });

  it('OnlyEmployeeIdKnown_NamesTheEmployeeId', async () => {
    await run({ flow: 'joiner', state: { detail: { employeeId: 'E1002' } } });

    expect(published().Subject).toBe('workspaces-lifecycle: joiner failed for E1002');
  });

  it('LongNames_SubjectIsCutUnder100Characters', async () => {
    // Prepare
    const userName = 'u'.repeat(120);

    // Act
    await run({ flow: 'joiner', state: { userName } });

    // Assess
    const subject = String(published().Subject);
    expect(subject).toHaveLength(99);
    expect(subject.startsWith('workspaces-lifecycle: joiner failed for uuu')).toBe(true);
    expect(published().Message).toContain(userName);
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalErrorException', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    sns.on(PublishCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('ThrownAuthorizationError_KeepsItsName', async () => {
    sns.on(PublishCommand).rejects(serviceError('AuthorizationErrorException', 403));

    await expect(run()).rejects.toMatchObject({ name: 'AuthorizationErrorException' });
  });

  it('NoFlow_ThrowsInvalidInputErrorWithoutACall', async () => {
    await expect(run({ state })).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect(sns).not.toHaveReceivedAnyCommand();
  });
});
