import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../../functions/commons/errors';
import { publishToOperators } from '../../../../functions/commons/sns';
import { serviceError } from '../../support';

const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'us-east-1' });
const topicArn = 'arn:aws:sns:us-east-1:123456789012:workspaces-alerts';

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

describe('publishToOperators', () => {
  it('Message_IsPublishedWithItsLinesAndSubject', async () => {
    const id = await publishToOperators(client, { topicArn, subject: 'Hi', lines: ['one', 'two'] });

    expect(id).toBe('sns-1');
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: topicArn,
      Subject: 'Hi',
      Message: 'one\ntwo',
    });
  });

  it('SubjectWithControlCharacters_HasSpacesInstead', async () => {
    await publishToOperators(client, { topicArn, subject: 'a\nb\tc', lines: [] });

    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: 'a b c' });
  });

  it('LongSubject_IsCutTo99Characters', async () => {
    await publishToOperators(client, { topicArn, subject: 'x'.repeat(120), lines: [] });

    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: 'x'.repeat(99) });
  });

  it('Throttled_ThrowsThrottledError', async () => {
    sns.on(PublishCommand).rejects(serviceError('Throttling'));

    await expect(publishToOperators(client, { topicArn, subject: 'Hi', lines: [] })).rejects.toThrow(
      ThrottledError,
    );
  });
});
