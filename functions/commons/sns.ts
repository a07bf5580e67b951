import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { mapAwsError } from './aws-errors';

/** SNS subjects: under 100 characters, no line breaks or control characters. */
export function snsSubject(text: string): string {
  return [...text.replace(/\p{Cc}/gu, ' ')].slice(0, 99).join('');
}

/** Publishes one message to the operators' topic; returns the SNS message id. */
export async function publishToOperators(
  client: SNSClient,
  message: { topicArn: string; subject: string; lines: string[] },
): Promise<string> {
  try {
    const response = await client.send(
      new PublishCommand({
        TopicArn: message.topicArn,
        Subject: snsSubject(message.subject),
        Message: message.lines.join('\n'),
      }),
    );
    return response.MessageId ?? '';
  } catch (error) {
    throw mapAwsError(error, 'Publish');
  }
}
