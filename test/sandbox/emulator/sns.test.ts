import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, ManualClock, rejection } from './helpers';

describe('SNS emulator', () => {
  let emulator: Emulator;
  let client: SNSClient;
  const topicArn = 'arn:aws:sns:us-east-1:123456789012:lifecycle-alerts';

  beforeAll(async () => {
    emulator = await startEmulator({ clock: new ManualClock() });
    client = new SNSClient(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  test('Publish answers a MessageId and keeps the message for inspection', async () => {
    const out = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Onboarding failed',
        Message: 'The WorkSpace for kim.lowe went to ERROR',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' } },
      }),
    );
    expect(out.MessageId).toBeDefined();
    expect(emulator.state.messages).toEqual([
      expect.objectContaining({
        messageId: out.MessageId,
        topicArn,
        subject: 'Onboarding failed',
        attributes: { severity: 'high' },
      }),
    ]);
  });

  test('an empty message or a malformed topic arn is an InvalidParameterException', async () => {
    expect((await rejection(client.send(new PublishCommand({ TopicArn: topicArn, Message: '' })))).name).toBe(
      'InvalidParameterException',
    );
    expect(
      (await rejection(client.send(new PublishCommand({ TopicArn: 'not-an-arn', Message: 'x' })))).name,
    ).toBe('InvalidParameterException');
  });
});
