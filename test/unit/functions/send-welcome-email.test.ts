import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { EmailRejectedError, ThrottledError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/send-welcome-email';
import { lambdaContext } from '../../../sandbox/state-machines';
import { writtenMetrics } from '../../helpers/metrics';
import { serviceError } from '../support';

const ses = mockClient(SESv2Client);
const input = {
  givenName: 'Ada',
  email: 'ada.lovelace@example.com',
  userName: 'ada.lovelace',
  registrationCode: 'SLiad+ABCDEF',
  workspaceId: 'ws-abcdef123',
  profileName: 'standard',
};
const run = (event: unknown = input) => handler(event, lambdaContext('SendWelcomeEmail'));
const sent = () => ses.commandCalls(SendEmailCommand)[0].args[0].input;

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
});

describe('handler', () => {
  it('NewHire_GetsTextAndHtmlWithCodeAndUserName', async () => {
    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ messageId: 'msg-1' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    const mail = sent();
    expect(mail.FromEmailAddress).toBe('it-desk@example.com');
    expect(mail.Destination).toEqual({ ToAddresses: ['ada.lovelace@example.com'] });
    expect(mail.Content?.Simple?.Subject?.Data).toBe('Your Amazon WorkSpace is ready, Ada');
    const text = String(mail.Content?.Simple?.Body?.Text?.Data);
    const html = String(mail.Content?.Simple?.Body?.Html?.Data);
    for (const part of [text, html]) {
      expect(part).toContain('SLiad+ABCDEF');
      expect(part).toContain('ada.lovelace');
      expect(part).toContain('ws-abcdef123');
      expect(part).toContain('standard');
      expect(part).not.toMatch(/\{\{|\}\}/);
    }
    expect(text).toMatch(/^Hello Ada,/);
    expect(text).not.toContain('Subject:');
    expect(html).toContain('<strong>SLiad+ABCDEF</strong>');
  });

  it('ValuesWithMarkup_AreEscapedInHtmlOnly', async () => {
    await run({ ...input, givenName: '<script>alert("x")</script> & Co' });

    const html = String(sent().Content?.Simple?.Body?.Html?.Data);
    const text = String(sent().Content?.Simple?.Body?.Text?.Data);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co');
    expect(html).not.toContain('<script>');
    expect(text).toContain('Hello <script>alert("x")</script> & Co,');
  });

  it('MessageRejected_ThrowsEmailRejectedError', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('MessageRejected'));

    await expect(run()).rejects.toThrow(EmailRejectedError);
  });

  it('TooManyRequests_ThrowsThrottledError', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('TooManyRequestsException', 429));

    await expect(run()).rejects.toThrow(ThrottledError);
  });

  it.each(['registrationCode', 'email', 'userName'])(
    'Missing_%s_ThrowsInvalidInputErrorWithoutACall',
    async (field) => {
      const event: Record<string, unknown> = { ...input };
      delete event[field];

      await expect(run(event)).rejects.toMatchObject({
        name: 'InvalidInputError',
        message: expect.stringContaining(`${field}: `),
      });
      expect(ses).not.toHaveReceivedAnyCommand();
    },
  );
});

describe('metrics', () => {
  it('StartedAtGiven_RecordsTheSecondsFromTheEventToTheEmail', async () => {
    const startedAt = new Date(Date.now() - 1_500_000).toISOString();

    const written = await writtenMetrics(() => run({ ...input, startedAt }));

    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ name: 'TimeToWelcomeEmail', unit: 'Seconds' });
    expect(written[0].value).toBeGreaterThanOrEqual(1500);
    expect(written[0].value).toBeLessThan(1510);
    // The timestamp is no template value: the email is as without it.
    expect(String(sent().Content?.Simple?.Body?.Text?.Data)).not.toContain(startedAt);
  });

  it('NoStartedAt_RecordsNothing', async () => {
    expect(await writtenMetrics(() => run())).toEqual([]);
  });
});
