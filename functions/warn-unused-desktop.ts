import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { loadTemplate, render, splitSubject } from './commons/email';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { sendEmail } from './commons/ses';
import { taskHandler } from './commons/task';

const sender = requireEnv(Env.SenderAddress);
const client = new SESv2Client(taskClientConfig);
const template = loadTemplate('unused-desktop.txt');

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  userName: z.string().min(1),
  email: z.email().nullish(),
  managerEmail: z.email().nullish(),
  removalDay: z.iso.date(),
  reason: z.string().min(1),
});

/**
 * Warns the person whose WorkSpace is unused, and their manager in copy, that it will be removed
 * on the removal day unless they connect (`templates/unused-desktop.txt`, editable). One SES
 * SendEmail. With no address on the roster, nobody can be warned: the removal does not follow
 * (the review marks the warning only when one was sent).
 */
export const handler = taskHandler(inputSchema, async ({ email, managerEmail, ...values }) => {
  const to = email ?? managerEmail;
  if (!to) {
    logger.warn('Unused WorkSpace: nobody to warn', { workspaceId: values.workspaceId });
    return { sent: false, messageId: null };
  }
  const { subject, body } = splitSubject(render(template, values));
  const messageId = await sendEmail(client, {
    from: sender,
    to,
    cc: email && managerEmail ? [managerEmail] : undefined,
    subject,
    text: body,
  });
  logger.info('Unused WorkSpace warning sent', { messageId, workspaceId: values.workspaceId });
  return { sent: true, messageId };
});
