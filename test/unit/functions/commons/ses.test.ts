import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { EmailRejectedError, ThrottledError } from '../../../../functions/commons/errors';
import { sendEmail } from '../../../../functions/commons/ses';
import { serviceError } from '../../support';

const ses = mockClient(SESv2Client);
const client = new SESv2Client({ region: 'us-east-1' });
const message = { from: 'it-desk@example.com', to: 'ada@example.com', subject: 'Hi', text: 'Hello' };

beforeEach(() => {
  ses.reset();
});

describe('sendEmail', () => {
  it('TextAndHtml_SendsBothPartsAsUtf8', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });

    // Act
    const id = await sendEmail(client, { ...message, html: '<p>Hello</p>' });

    // Assess
    expect(id).toBe('msg-1');
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses.commandCalls(SendEmailCommand)[0].args[0].input).toEqual({
      FromEmailAddress: 'it-desk@example.com',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Hi', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Hello', Charset: 'UTF-8' },
            Html: { Data: '<p>Hello</p>', Charset: 'UTF-8' },
          },
        },
      },
    });
  });

  it('TextOnly_SendsNoHtmlPart', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'msg-2' });

    await sendEmail(client, message);

    const body = ses.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body;
    expect(body).toEqual({ Text: { Data: 'Hello', Charset: 'UTF-8' } });
    expect(body).not.toHaveProperty('Html');
  });

  it('NoMessageId_ReturnsEmptyString', async () => {
    ses.on(SendEmailCommand).resolves({});

    await expect(sendEmail(client, message)).resolves.toBe('');
  });

  it('MessageRejected_ThrowsEmailRejectedError', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('MessageRejected'));

    await expect(sendEmail(client, message)).rejects.toThrow(EmailRejectedError);
  });

  it('Throttled_ThrowsThrottledError', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('TooManyRequestsException', 429));

    await expect(sendEmail(client, message)).rejects.toThrow(ThrottledError);
  });
});
