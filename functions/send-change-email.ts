import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { loadTemplate, render, splitSubject } from './commons/email';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { sendEmail } from './commons/ses';
import { taskHandler } from './commons/task';

const sender = requireEnv(Env.SenderAddress);
const client = new SESv2Client(taskClientConfig);
const templates = { reboot: loadTemplate('change-reboot.txt'), done: loadTemplate('change-done.txt') };

const inputSchema = z.object({
  kind: z.enum(['reboot', 'done']),
  email: z.email(),
  givenName: z.string().min(1),
  workspaceId: z.string().min(1),
  changes: z.array(z.string()),
  deferred: z.array(z.object({ change: z.string(), until: z.string() })).default([]),
  dryRun: z.boolean(),
});

const listed = (lines: string[]) => (lines.length > 0 ? lines.map((l) => `- ${l}`).join('\n') : '- (none)');

/**
 * Tells the employee that their desktop will restart for a change (`reboot`), or that the change
 * is done (`done`), from the editable templates `change-reboot.txt` and `change-done.txt`.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const { subject, body } = splitSubject(
    render(templates[input.kind], {
      givenName: input.givenName,
      workspaceId: input.workspaceId,
      changes: listed(input.changes),
      deferred: listed(input.deferred.map((d) => `${d.change}: from ${d.until}`)),
    }),
  );
  if (input.dryRun) {
    logger.info('Dry run: would send the change email', { kind: input.kind, workspaceId: input.workspaceId });
    return { dryRun: true, change: `would email ${input.kind} notice` };
  }
  const messageId = await sendEmail(client, { from: sender, to: input.email, subject, text: body });
  logger.info('Change email sent', { kind: input.kind, messageId, workspaceId: input.workspaceId });
  return { dryRun: false, messageId };
});
