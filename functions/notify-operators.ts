import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { lifecycleDetail } from './commons/lifecycle-events';
import { provisionerAlertMark } from './commons/provisioning-plan';
import { remedyFor } from './commons/remedies';
import { publishToOperators } from './commons/sns';
import { taskHandler } from './commons/task';

const topicArn = requireEnv(Env.AlertTopicArn);
const client = new SNSClient(taskClientConfig);

const inputSchema = z.object({
  flow: z.string().min(1),
  executionArn: z.string().optional(),
  state: z.unknown(),
});

/**
 * Alerts the operators' SNS topic that a flow failed, with the step's error, what to do about
 * it and the way to the execution.
 */
export const handler = taskHandler(inputSchema, async ({ flow, executionArn, state }) => {
  const d = lifecycleDetail(state, executionArn);
  const who = d.userName ?? d.employeeId ?? 'unknown employee';
  // A cause that reaches many joiners at once (the quota, the deadline) is alerted by the
  // provisioner, once a round for all of them: one alert per cause, not one per joiner.
  if (d.cause?.includes(provisionerAlertMark)) return { messageId: undefined, alertedBy: 'provisioner' };
  const lines = [
    `The ${flow} flow failed for ${who} (event ${d.eventId ?? 'unknown'}).`,
    `Error: ${d.error ?? 'unknown'}`,
    `Cause: ${d.cause ?? 'unknown'}`,
    `What to do: ${remedyFor(d.error, executionArn)}`,
    d.workspaceId ? `WorkSpace: ${d.workspaceId}` : undefined,
    executionArn ? `Execution: ${executionArn}` : undefined,
  ].filter((line) => line !== undefined);
  const messageId = await publishToOperators(client, {
    topicArn,
    subject: `workspaces-lifecycle: ${flow} failed for ${who}`,
    lines,
  });
  return { messageId };
});
