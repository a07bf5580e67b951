import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { employeeJoinedV1Schema } from './commons/contracts';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { executionNameFor } from './commons/execution-name';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';

const joinerStateMachineArn = requireEnv(Env.JoinerStateMachineArn);
const client = new SFNClient(taskClientConfig);

const inputSchema = z.object({ joiner: employeeJoinedV1Schema, dryRun: z.boolean() });

/**
 * Starts a fresh joiner for someone rehired after their WorkSpace and user were removed. Named
 * from the rehire's event id like any execution, so a repeated rehire starts it once.
 */
export const handler = taskHandler(inputSchema, async ({ joiner, dryRun }) => {
  const name = executionNameFor(joiner.eventId);
  const report = await applyChange(
    dryRun,
    `start joiner ${name}`,
    { employeeId: joiner.employeeId },
    async () => {
      try {
        const response = await client.send(
          new StartExecutionCommand({
            stateMachineArn: joinerStateMachineArn,
            name,
            input: JSON.stringify(joiner),
          }),
        );
        return { executionArn: response.executionArn, alreadyStarted: false };
      } catch (error) {
        // The same rehire again: its joiner is already there.
        if (isErrorNamed(error, 'ExecutionAlreadyExists')) return { alreadyStarted: true };
        throw mapAwsError(error, 'StartExecution', { AccessDeniedException: ConfigurationError });
      }
    },
  );
  return { name, ...report };
});
