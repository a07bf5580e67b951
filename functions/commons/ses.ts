import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mapAwsError } from './aws-errors';
import { EmailRejectedError } from './errors';

/** Sends one plain-text-and-HTML email; returns the SES message id. */
export async function sendEmail(
  client: SESv2Client,
  message: { from: string; to: string; subject: string; text: string; html?: string },
): Promise<string> {
  try {
    const response = await client.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              ...(message.html ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
            },
          },
        },
      }),
    );
    return response.MessageId ?? '';
  } catch (error) {
    throw sesError(error);
  }
}

/** Maps SES v2 errors: refusals that need a human, throttling and outages that a retry fixes. */
export function sesError(error: unknown): Error {
  return mapAwsError(error, 'SendEmail', {
    MessageRejected: EmailRejectedError,
    MailFromDomainNotVerifiedException: EmailRejectedError,
    AccountSuspendedException: EmailRejectedError,
    SendingPausedException: EmailRejectedError,
    NotFoundException: EmailRejectedError,
    BadRequestException: EmailRejectedError,
  });
}
