import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mapAwsError } from './aws-errors';
import { EmailDeferredError, EmailRejectedError } from './errors';

/** Sends one plain-text-and-HTML email; returns the SES message id. */
export async function sendEmail(
  client: SESv2Client,
  message: { from: string; to: string; cc?: string[]; subject: string; text: string; html?: string },
): Promise<string> {
  try {
    const response = await client.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: {
          ToAddresses: [message.to],
          ...(message.cc?.length ? { CcAddresses: message.cc } : {}),
        },
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

/**
 * Maps SES v2 errors (API reference, SendEmail "Errors") into three kinds of answer:
 * - a refusal of this message that no wait fixes (bad or suppressed address, unverified sender,
 *   malformed request): {@link EmailRejectedError}, the step fails and says what to fix;
 * - a refusal of all sending that may clear (the account's sending paused, a sending quota used
 *   up, a suspended account under review): {@link EmailDeferredError}, retried on a long schedule;
 * - throttling (`TooManyRequestsException`) and 5xx / network failures: ThrottledError and
 *   TransientError, retried by the state machine's declared policies.
 */
export function sesError(error: unknown): Error {
  return mapAwsError(error, 'SendEmail', {
    MessageRejected: EmailRejectedError,
    MailFromDomainNotVerifiedException: EmailRejectedError,
    NotFoundException: EmailRejectedError,
    BadRequestException: EmailRejectedError,
    SendingPausedException: EmailDeferredError,
    LimitExceededException: EmailDeferredError,
    AccountSuspendedException: EmailDeferredError,
  });
}
