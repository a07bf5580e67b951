import { ListExecutionsCommand, type ListExecutionsCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { taskHandler } from './commons/task';

// Read once, but checked when the task runs: the local runner loads every task function,
// also in processes that never run a leaver and so have no state machine to name.
const stateMachineArns = {
  joiner: process.env[Env.JoinerStateMachineArn],
  rehire: process.env[Env.RehireStateMachineArn],
};
const client = new SFNClient(taskClientConfig);

/** The most ListExecutions returns per page. */
const pageSize = 1000;

const inputSchema = z.object({
  nextToken: z.string().min(1).nullish(),
  flow: z.enum(['joiner', 'rehire']).default('joiner'),
});

/**
 * Lists one page of the joiner (or rehire) executions still running. A leaver stops the one for
 * the same employee, so a rescinded offer leaves nothing behind and an older rehire cannot start
 * a joiner after it; the state machine asks for the next page while there is one.
 */
export const handler = taskHandler(inputSchema, async ({ nextToken, flow }) => {
  const stateMachineArn = stateMachineArns[flow];
  if (!stateMachineArn) {
    const variable = flow === 'joiner' ? Env.JoinerStateMachineArn : Env.RehireStateMachineArn;
    throw new ConfigurationError(`Environment variable ${variable} is not set`);
  }
  let response: ListExecutionsCommandOutput;
  try {
    response = await client.send(
      new ListExecutionsCommand({
        stateMachineArn,
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
