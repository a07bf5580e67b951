import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { loadTemplate, render, splitSubject } from './commons/email';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { MetricName, metrics } from './commons/metrics';
import { sendEmail } from './commons/ses';
import { taskHandler } from './commons/task';

const sender = requireEnv(Env.SenderAddress);
const client = new SESv2Client(taskClientConfig);
const textTemplate = loadTemplate('welcome.txt');
const htmlTemplate = loadTemplate('welcome.html');

const inputSchema = z.object({
  givenName: z.string().min(1),
  email: z.email(),
  userName: samAccountNameSchema,
  registrationCode: z.string().min(1),
  workspaceId: z.string().min(1),
  profileName: z.string().min(1),
  /** When the joiner's execution started: the HR event's arrival, for the time-to-welcome metric. */
  startedAt: z.iso.datetime({ offset: true }).optional(),
});

/** Tells the new hire how to reach their WorkSpace: client links, registration code, user name. */
export const handler = taskHandler(inputSchema, async (input) => {
  const { email, startedAt, ...values } = input;
  const { subject, body } = splitSubject(render(textTemplate, values));
  const messageId = await sendEmail(client, {
    from: sender,
    to: email,
    subject,
    text: body,
    html: render(htmlTemplate, values, true),
  });
  logger.info('Welcome email sent', { messageId, workspaceId: input.workspaceId });
  if (startedAt) {
    const seconds = Math.max(0, (Date.now() - Date.parse(startedAt)) / 1000);
    metrics.addMetric(MetricName.TimeToWelcomeEmail, MetricUnit.Seconds, seconds);
  }
  return { messageId };
});
