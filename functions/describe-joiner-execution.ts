import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { employeeIdSchema, unwrapEvent } from './commons/contracts';
import { ConfigurationError } from './commons/errors';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const client = new SFNClient(taskClientConfig);

const inputSchema = z.object({ executionArn: z.string().min(1), employeeId: employeeIdSchema });

const joinerInputSchema = z.object({ employeeId: z.string(), occurredAt: z.string().optional() }).loose();

function detailOf(input: string | undefined) {
  try {
    const parsed = joinerInputSchema.safeParse(unwrapEvent(JSON.parse(input ?? '')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The employee a joiner execution is for, read from its input (console object or EventBridge event). */
export function employeeOf(input: string | undefined): string | undefined {
  return detailOf(input)?.employeeId;
}

/**
 * Reads one joiner execution: whether it still runs for the given employee, and its status (a
 * joiner that SUCCEEDED sent its welcome email). An execution that does not exist is no match.
 */
export const handler = taskHandler(inputSchema, async ({ executionArn, employeeId }) => {
  let response: DescribeExecutionCommandOutput;
  try {
    response = await client.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if (isErrorNamed(error, 'ExecutionDoesNotExist')) return { sameEmployee: false, status: 'NOT_FOUND' };
    throw mapAwsError(error, 'DescribeExecution', {
      InvalidArn: ConfigurationError,
      AccessDeniedException: ConfigurationError,
    });
  }
  const detail = detailOf(response.input);
  const sameEmployee = response.status === 'RUNNING' && detail?.employeeId === employeeId;
  if (sameEmployee) logger.info('Joiner still running for the leaver', { executionArn, employeeId });
  // Its ordering time: a leaver stops only executions for events older than itself.
  const since = detail?.occurredAt ?? response.startDate?.toISOString();
  const orderedAt = since && !Number.isNaN(Date.parse(since)) ? new Date(since).toISOString() : undefined;
  return { sameEmployee, status: response.status ?? 'UNKNOWN', ...(orderedAt ? { orderedAt } : {}) };
});
