import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { StateMachineName, TaskFunctionName } from '../functions';
import {
  allStates,
  type JSONValue,
  loadDefinition,
  localTaskHandlers,
  localTaskTokenPlaceholder,
  type TaskHandler,
  type TokenIssuer,
} from './state-machines';

/** How one local execution ended, and the way it went. */
export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** Names of the states entered, in order. */
  path: string[];
  /** States entered plus retries: what Step Functions bills as state transitions. */
  transitions: number;
  retries: number;
  /** Task states entered plus their retries: the Lambda invocations it cost. */
  taskInvocations: number;
  /** When it did not succeed: the state it ended in and that state's input, where a redrive starts. */
  failedState?: { name: string; input: unknown };
}

export interface RunOptions {
  handlers: Record<TaskFunctionName, TaskHandler>;
  executionArn: string;
  executionName: string;
  signal?: AbortSignal;
  /** Skip every Wait and retry interval (workflow tests); the sandbox instead compresses time. */
  instant?: boolean;
  /** Called as each state is entered. */
  onState?: (stateName: string) => void;
  /** Task tokens for `.waitForTaskToken` states; SendTaskSuccess / SendTaskFailure answer them. */
  taskTokens?: TokenIssuer;
  /**
   * A redrive: start at this state with this input (the state the execution failed in), with
   * `$$.Execution.RedriveCount` at `count`. The execution's own input stays `input`.
   */
  redrive?: { state: string; input: unknown; count: number };
  /** When the execution first started (ISO 8601), for `$$.Execution.StartTime` on a redrive. */
  startTime?: string;
}

const machines = new Map<StateMachineName, { machine: StateMachine; definition: Record<string, unknown> }>();

function machineFor(name: StateMachineName) {
  let entry = machines.get(name);
  if (!entry) {
    const definition = loadDefinition(name);
    entry = { machine: new StateMachine(definition as unknown as StateMachineDefinition), definition };
    machines.set(name, entry);
  }
  return entry;
}

function zeroFor(definition: Record<string, unknown>, type: string): Record<string, number> {
  return Object.fromEntries(
    allStates(definition)
      .filter(([, s]) => (type === 'Retry' ? s.Retry !== undefined : s.Type === type))
      .map(([n]) => [n, 0]),
  );
}

/**
 * Runs one execution of a state machine from `statemachines/` with aws-local-stepfunctions,
 * its Task states calling the task functions' handlers in-process.
 */
export async function runExecution(
  name: StateMachineName,
  input: unknown,
  options: RunOptions,
): Promise<ExecutionOutcome> {
  const base = machineFor(name);
  const { definition } = base;
  // A redrive runs the same definition from the state that failed: Step Functions keeps the
  // successful steps' results and does not run them again (API reference, RedriveExecution).
  // The definition was validated whole when first loaded; from another StartAt the validator
  // would call the states before it unreachable, so it is not run again.
  const machine = options.redrive
    ? new StateMachine(
        { ...definition, StartAt: options.redrive.state } as unknown as StateMachineDefinition,
        {
          validationOptions: { noValidate: true },
        },
      )
    : base.machine;
  const start = options.redrive ? options.redrive.input : input;
  const execution = machine.run(JSON.parse(JSON.stringify(start ?? {})), {
    overrides: {
      taskResourceLocalHandlers: localTaskHandlers(
        definition,
        options.handlers,
        options.taskTokens && { issuer: options.taskTokens, executionArn: options.executionArn },
      ),
      ...(options.instant
        ? {
            waitTimeOverrides: zeroFor(definition, 'Wait'),
            retryIntervalOverrides: zeroFor(definition, 'Retry'),
          }
        : {}),
    },
    context: {
      Execution: {
        Id: options.executionArn,
        Name: options.executionName,
        Input: input as JSONValue,
        StartTime: options.startTime ?? new Date().toISOString(),
        RedriveCount: options.redrive?.count ?? 0,
      },
      Task: { Token: localTaskTokenPlaceholder },
    },
  });
  const onAbort = () => execution.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const path: string[] = [];
  let retries = 0;
  let current: { name: string; input: unknown } | undefined;
  const states = definition.States as Record<string, { Type: string }>;
  const tally = () => ({
    path,
    retries,
    transitions: path.length + retries,
    taskInvocations: path.filter((s) => states[s]?.Type === 'Task').length + retries,
  });
  const logs = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        current = { name: event.state.name, input: event.state.input };
        path.push(event.state.name);
        options.onState?.(event.state.name);
      } else if (event.type === 'StateRetried') retries++;
    }
  })();
  try {
    const output = await execution.result;
    await logs;
    return { status: 'SUCCEEDED', output, ...tally() };
  } catch (error) {
    await logs.catch(() => undefined);
    if (options.signal?.aborted) return { status: 'ABORTED', failedState: current, ...tally() };
    const failure =
      error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
    return {
      status: 'FAILED',
      error: failure.name,
      cause: failure.message,
      failedState: current,
      ...tally(),
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
