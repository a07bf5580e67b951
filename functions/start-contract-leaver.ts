import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { type EmployeeLeftV1, employeeIdSchema, samAccountNameSchema } from './commons/contracts';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { applyChange } from './commons/leaver';
import { taskHandler } from './commons/task';

const leaverStateMachineArn = requireEnv(Env.LeaverStateMachineArn);
const client = new SFNClient(taskClientConfig);

const inputSchema = z.object({
  /** The execution name, from the change event's id: a repeated change starts it once. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  employeeId: employeeIdSchema,
  userName: samAccountNameSchema,
  lastWorkingDay: z.string().min(1),
  /** The change's ordering time: the leaver's, so a rehire or joiner ordered later still wins. */
  orderedAt: z.iso.datetime({ offset: true }),
  dryRun: z.boolean(),
});

/**
 * Schedules the removal for a contract end date: starts the leaver flow as an "Employee Left"
 * with that last working day, so its warning, grace period and every safety check apply. The
 * leaver waits for the day itself; moving or clearing the date stops it (StopContractLeaver).
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const leaver: EmployeeLeftV1 = {
    eventId: input.name,
    employeeId: input.employeeId,
    userName: input.userName,
    lastWorkingDay: input.lastWorkingDay,
    immediate: false,
    occurredAt: input.orderedAt,
  };
  const report = await applyChange(
    input.dryRun,
    `start leaver ${input.name} for the contract end ${input.lastWorkingDay}`,
    { employeeId: input.employeeId },
    async () => {
      try {
        const response = await client.send(
          new StartExecutionCommand({
            stateMachineArn: leaverStateMachineArn,
            name: input.name,
            input: JSON.stringify(leaver),
          }),
        );
        return { executionArn: response.executionArn, alreadyStarted: false };
      } catch (error) {
        if (isErrorNamed(error, 'ExecutionAlreadyExists')) return { alreadyStarted: true };
        throw mapAwsError(error, 'StartExecution', { AccessDeniedException: ConfigurationError });
      }
    },
  );
  return { name: input.name, ...report };
});
