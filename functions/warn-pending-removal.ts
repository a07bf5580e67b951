import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { LeaverTags } from './commons/leaver';
import { logger } from './commons/logger';
import { publishToOperators } from './commons/sns';
import { taskHandler } from './commons/task';

const topicArn = requireEnv(Env.AlertTopicArn);
const client = new SNSClient(taskClientConfig);

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: z.string().min(1),
  userName: z.string().min(1),
  workspaceIds: z.array(z.string()).min(1),
  removeAt: z.string().min(1),
  executionArn: z.string().optional(),
});

/**
 * Warns the operators that a leaver's WorkSpaces will be terminated soon, and how to stop it:
 * a protection tag on the WorkSpace, or an "Employee Rehired" event.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const ids = input.workspaceIds.join(', ');
  const lines = [
    `The WorkSpaces of ${input.userName} (employee ${input.employeeId}) will be terminated after ${input.removeAt}: ${ids}.`,
    'Terminating destroys the user volume and cannot be undone.',
    `To keep a WorkSpace, tag it ${LeaverTags.Protect}=true. If the employee stays or returns, send an "Employee Rehired" event.`,
    `Leaver event: ${input.eventId}`,
    input.executionArn ? `Execution: ${input.executionArn}` : undefined,
  ].filter((line) => line !== undefined);
  const messageId = await publishToOperators(client, {
    topicArn,
    subject: `workspaces-lifecycle: removal of ${input.userName}'s WorkSpace soon`,
    lines,
  });
  logger.info('Operators warned of a pending removal', {
    eventId: input.eventId,
    workspaceIds: input.workspaceIds,
  });
  return { messageId };
});
