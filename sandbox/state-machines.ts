import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { StateMachine } from 'aws-local-stepfunctions';
import {
  type StateMachineName,
  substitutionOf,
  type TaskFunctionName,
  taskFunctionNames,
} from '../functions';

/** JSON as the local engine passes it between states. */
export type JSONValue = Parameters<StateMachine['run']>[0];

/** A Lambda handler as the task functions export it. */
export type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

const root = join(__dirname, '..');
export const localAccount = '123456789012';
export const localRegion = 'us-east-1';

export const functionArnOf = (name: string) =>
  `arn:aws:lambda:${localRegion}:${localAccount}:function:${name}`;
export const stateMachineArnOf = (name: string) =>
  `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${name}`;

/** The ASL definition of a state machine with its substitutions filled as CDK would. */
export function loadDefinition(name: StateMachineName): Record<string, unknown> {
  let text = readFileSync(join(root, 'statemachines', `${name}.asl.json`), 'utf8');
  for (const fn of taskFunctionNames) {
    text = text.replaceAll(`\${${substitutionOf(fn)}}`, functionArnOf(fn));
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** A Lambda context good enough for middy and the Powertools logger. */
export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 900_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArnOf(functionName),
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The handlers that run each Task state in-process, keyed by state name as
 * aws-local-stepfunctions wants them: each state's Resource names its function.
 */
export function localTaskHandlers(
  definition: Record<string, unknown>,
  handlers: Record<TaskFunctionName, TaskHandler>,
): Record<string, (input: JSONValue) => Promise<JSONValue>> {
  const result: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  const states = definition.States as Record<string, { Type: string; Resource?: string }>;
  for (const [stateName, state] of Object.entries(states)) {
    if (state.Type !== 'Task' || !state.Resource) continue;
    const fn = taskFunctionNames.find((name) => state.Resource === functionArnOf(name));
    if (!fn) throw new Error(`State ${stateName} calls ${state.Resource}, which is no task function`);
    const handler = handlers[fn];
    // Like Lambda: JSON in, JSON out; a thrown error keeps its name for Retry / Catch.
    result[stateName] = async (input) =>
      JSON.parse(
        JSON.stringify((await handler(structuredClone(input), lambdaContext(fn))) ?? null),
      ) as JSONValue;
  }
  return result;
}
