import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';

const leaverStateMachineArn = requireEnv(Env.LeaverStateMachineArn);
const client = new SFNClient(taskClientConfig);

const inputSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  eventId: z.string().min(1),
  dryRun: z.boolean(),
});

/** The ARN of an execution of the state machine `arn`, by name. */
export const executionArnOf = (arn: string, name: string) =>
  `${arn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Cancels the removal scheduled for a contract end date that moved or was cleared: stops the
 * leaver the mover started for it, while it still waits for that day. One that has ended or does
 * not exist counts as stopped.
 */
export const handler = taskHandler(inputSchema, async ({ name, eventId, dryRun }) => {
  const executionArn = executionArnOf(leaverStateMachineArn, name);
  const report = await applyChange(dryRun, `stop leaver ${name}`, { executionArn }, async () => {
    try {
      await client.send(
        new StopExecutionCommand({
          executionArn,
          error: 'ContractEndChanged',
          cause: `The contract end date changed (event ${eventId}): this removal is cancelled.`,
        }),
      );
      return { stopped: true };
    } catch (error) {
      if (isErrorNamed(error, 'ExecutionDoesNotExist')) return { stopped: false };
      throw mapAwsError(error, 'StopExecution', {
        InvalidArn: ConfigurationError,
        AccessDeniedException: ConfigurationError,
      });
    }
  });
  return { name, ...report };
});
