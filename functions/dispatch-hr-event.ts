import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { isErrorNamed, mapAwsError } from './commons/aws-errors';
import { readJsonEnv } from './commons/config';
import { type HrDetailType, hrDetailSchema } from './commons/contracts';
import { Env } from './commons/env';
import { ConfigurationError, InvalidInputError } from './commons/errors';
import { executionNameFor } from './commons/execution-name';
import { intakeIssues, readIntakeRules } from './commons/intake-rules';
import { logger } from './commons/logger';
import { parseInput, taskHandler } from './commons/task';

const stateMachineArns = readJsonEnv(Env.StateMachineArns, z.record(z.string(), z.string()));
const rules = readIntakeRules();
// Not a state machine task: nothing retries above this function but Lambda's async retries,
// so the SDK's own retries stay on.
const client = new SFNClient({});

const envelopeSchema = z.looseObject({
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  detail: z.unknown(),
});

/**
 * Target of the HR bus rules: validates the event against its contract and starts the flow
 * for its type, naming the execution from the event id. A repeated event, a retried webhook
 * or an archive replay names the same execution, so it starts nothing new.
 */
export async function dispatch(event: unknown) {
  const envelope = parseInput(envelopeSchema, event, 'HR event');
  const contract = hrDetailSchema(envelope['detail-type']);
  if (!contract)
    throw new InvalidInputError(`Invalid HR event: detail-type: unknown type "${envelope['detail-type']}"`);
  const detail = parseInput(contract.schema, envelope.detail, `"${envelope['detail-type']}" detail`);
  const refused = intakeIssues(envelope['detail-type'] as HrDetailType, detail, rules);
  if (refused.length > 0)
    throw new InvalidInputError(`Invalid "${envelope['detail-type']}" detail: ${refused.join('; ')}`);
  const stateMachineArn = stateMachineArns[contract.stateMachine];
  if (!stateMachineArn)
    throw new ConfigurationError(`No ${contract.stateMachine} state machine is configured`);
  const name = executionNameFor(detail.eventId);
  try {
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ ...envelope, detail }) }),
    );
    logger.info('Flow started', { flow: contract.stateMachine, eventId: detail.eventId, name });
    return { flow: contract.stateMachine, executionArn: started.executionArn, duplicate: false };
  } catch (error) {
    // Same name, other input, or a finished execution: this event was handled already.
    if (isErrorNamed(error, 'ExecutionAlreadyExists')) {
      logger.info('Event already handled', { flow: contract.stateMachine, eventId: detail.eventId, name });
      return { flow: contract.stateMachine, executionArn: undefined, duplicate: true };
    }
    throw mapAwsError(error, 'StartExecution');
  }
}

export const handler = taskHandler(z.unknown(), dispatch);
