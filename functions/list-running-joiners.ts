import { ListExecutionsCommand, type ListExecutionsCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { taskHandler } from './commons/task';

// Read once, but checked when the task runs: the local runner loads every task function,
// also in processes that never run a leaver and so have no joiner state machine to name.
const joinerStateMachineArn = process.env[Env.JoinerStateMachineArn];
const client = new SFNClient(taskClientConfig);

/** The most ListExecutions returns per page. */
const pageSize = 1000;

const inputSchema = z.object({ nextToken: z.string().min(1).nullish() });

/**
 * Lists one page of the joiner executions still running. A leaver stops the one for the same
 * employee, so a rescinded offer leaves nothing behind; the state machine asks for the next
 * page while there is one.
 */
export const handler = taskHandler(inputSchema, async ({ nextToken }) => {
  if (!joinerStateMachineArn)
    throw new ConfigurationError(`Environment variable ${Env.JoinerStateMachineArn} is not set`);
  let response: ListExecutionsCommandOutput;
  try {
    response = await client.send(
      new ListExecutionsCommand({
        stateMachineArn: joinerStateMachineArn,
        statusFilter: 'RUNNING',
        maxResults: pageSize,
        nextToken: nextToken ?? undefined,
      }),
    );
  } catch (error) {
    throw mapAwsError(error, 'ListExecutions', {
      StateMachineDoesNotExist: ConfigurationError,
      InvalidArn: ConfigurationError,
      AccessDeniedException: ConfigurationError,
    });
  }
  const executionArns = (response.executions ?? []).map((e) => e.executionArn ?? '').filter(Boolean);
  return { executionArns, nextToken: response.nextToken ?? null };
});
