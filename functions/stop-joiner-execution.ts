import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { ConfigurationError } from './commons/errors';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';

const client = new SFNClient(taskClientConfig);

const inputSchema = z.object({
  executionArn: z.string().min(1),
  eventId: z.string().min(1),
  dryRun: z.boolean(),
});

/**
 * Stops a joiner that is still running for someone who has left (a rescinded offer, or a leave
 * before the start date). Whatever it created is then handled by the leaver flow. Stopping an
 * execution that has already ended succeeds.
 */
export const handler = taskHandler(inputSchema, async ({ executionArn, eventId, dryRun }) => {
  const report = await applyChange(
    dryRun,
    `stop joiner execution ${executionArn}`,
    { executionArn },
    async () => {
      try {
        await client.send(
          new StopExecutionCommand({
            executionArn,
            error: 'EmployeeLeft',
            cause: `Stopped by leaver event ${eventId}; the leaver flow removes what it created.`,
          }),
        );
      } catch (error) {
        if (isErrorNamed(error, 'ExecutionDoesNotExist')) return { stopped: false };
        throw mapAwsError(error, 'StopExecution', {
          InvalidArn: ConfigurationError,
          AccessDeniedException: ConfigurationError,
        });
      }
      return { stopped: true };
    },
  );
  return { executionArn, ...report };
});
