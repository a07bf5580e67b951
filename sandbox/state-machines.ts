import type { Context } from 'aws-lambda';
import type { StateMachine } from 'aws-local-stepfunctions';
import {
  type StateMachineName,
  substitutionOf,
  type TaskFunctionName,
  taskFunctionNames,
} from '../functions';
import { renderDefinition } from '../statemachines/definitions';

/** JSON as the local engine passes it between states. */
export type JSONValue = Parameters<StateMachine['run']>[0];

/** A Lambda handler as the task functions export it. */
export type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

export const localAccount = '123456789012';
export const localRegion = 'us-east-1';

export const functionArnOf = (name: string) =>
  `arn:aws:lambda:${localRegion}:${localAccount}:function:${name}`;
export const stateMachineArnOf = (name: string) =>
  `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${name}`;

/**
 * The definition the sandbox runs, as text: the one CDK deploys ({@link renderDefinition}),
 * with its substitutions filled as CDK would, with local function ARNs.
 */
export function definitionText(name: StateMachineName, rendered = renderDefinition(name)): string {
  let text = rendered;
  for (const fn of taskFunctionNames) text = text.replaceAll(`\${${substitutionOf(fn)}}`, functionArnOf(fn));
  return text;
}

/** The definition of a state machine, as the sandbox and the tests run it. */
export function loadDefinition(name: StateMachineName): Record<string, unknown> {
  return JSON.parse(definitionText(name)) as Record<string, unknown>;
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

type StateDefinition = {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string };
  Retry?: unknown;
  ItemProcessor?: Record<string, unknown>;
  Iterator?: Record<string, unknown>;
  Branches?: Record<string, unknown>[];
};

/**
 * Every state of a definition with its name, including the states inside Map and Parallel
 * states: the engine runs those with the same overrides, keyed by state name, so state names
 * must be unique across the whole definition.
 */
export function allStates(definition: Record<string, unknown>): [string, StateDefinition][] {
  const states = Object.entries((definition.States ?? {}) as Record<string, StateDefinition>);
  return states.flatMap(([name, state]) => [
    [name, state] as [string, StateDefinition],
    ...[state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]
      .filter((inner): inner is Record<string, unknown> => inner !== undefined)
      .flatMap(allStates),
  ]);
}

/** The Resource of a Task state that invokes a function and waits for its task token to be answered. */
export const waitForTaskTokenResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/**
 * What `$$.Task.Token` reads locally: aws-local-stepfunctions has no task tokens, so each
 * attempt's override puts a fresh token where this placeholder ended up in its input.
 */
export const localTaskTokenPlaceholder = 'local-task-token-placeholder';

/** Issues task tokens and hands back their answers (the sandbox's {@link TaskTokens}). */
export interface TokenIssuer {
  issue(executionArn: string): { token: string; answer: Promise<unknown> };
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as JSONValue;

/**
 * The handlers that run each Task state in-process, keyed by state name as
 * aws-local-stepfunctions wants them: each state's Resource names its function. A
 * `.waitForTaskToken` state invokes its function with the Payload, a fresh token in it, and
 * its result is whatever SendTaskSuccess answers (SendTaskFailure throws the named error).
 */
export function localTaskHandlers(
  definition: Record<string, unknown>,
  handlers: Record<TaskFunctionName, TaskHandler>,
  tokens?: { issuer: TokenIssuer; executionArn: string },
): Record<string, (input: JSONValue) => Promise<JSONValue>> {
  const result: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  for (const [stateName, state] of allStates(definition)) {
    if (state.Type !== 'Task' || !state.Resource) continue;
    const waits = state.Resource === waitForTaskTokenResource;
    const arn = waits ? state.Parameters?.FunctionName : state.Resource;
    const fn = taskFunctionNames.find((name) => arn === functionArnOf(name));
    if (!fn) throw new Error(`State ${stateName} calls ${arn}, which is no task function`);
    const handler = handlers[fn];
    const invoke = async (event: unknown) => asJson(await handler(structuredClone(event), lambdaContext(fn)));
    if (!waits) {
      // Like Lambda: JSON in, JSON out; a thrown error keeps its name for Retry / Catch.
      result[stateName] = invoke;
      continue;
    }
    result[stateName] = async (input) => {
      if (!tokens)
        throw new Error(`State ${stateName} waits for a task token, and no token issuer was given`);
      const { token, answer } = tokens.issuer.issue(tokens.executionArn);
      const payload = JSON.parse(
        JSON.stringify((input as { Payload?: unknown }).Payload ?? {}).replaceAll(
          localTaskTokenPlaceholder,
          token,
        ),
      );
      await invoke(payload);
      return asJson(await answer);
    };
  }
  return result;
}
