import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/warn-pending-removal';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const sns = mockClient(SNSClient);
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
  sns.reset();
});

describe('handler', () => {
  it('Warning_SaysWhatGoesWhenAndHowToStopIt', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    await expect(run()).resolves.toEqual({ messageId: 'm-1' });
    const sent = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(sent.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:workspaces-alerts');
    expect(sent.Subject).toBe("workspaces-lifecycle: removal of ada.lovelace's WorkSpace soon");
    expect(sent.Message).toContain('ws-a00000001');
    expect(sent.Message).toContain('2030-03-22T00:00:00.000Z');
    expect(sent.Message).toContain('lifecycle-protect=true');
    expect(sent.Message).toContain('Employee Rehired');
    expect(sent.Message).toContain(input.executionArn);
  });

  it.each([
    ['Throttling', 400, ThrottledError],
    ['InternalError', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    sns.on(PublishCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('NoWorkspaces_ThrowsInvalidInputError', async () => {
    await expect(run({ ...input, workspaceIds: [] })).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});
