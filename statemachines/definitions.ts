import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateMachineName } from '../functions';

/** One ASL Retry rule. */
export interface RetryRule {
  ErrorEquals: string[];
  Comment?: string;
  IntervalSeconds: number;
  BackoffRate: number;
  MaxAttempts: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

/**
 * The retry policies every Task state gets, declared once. A state's own Retry rules (directory
 * replication lag, a WorkSpace still settling) are kept in its ASL file and come first; these
 * follow, so a specific rule always wins.
 */
export const retryPolicies: RetryRule[] = [
  {
    ErrorEquals: ['ThrottledError', 'Lambda.TooManyRequestsException'],
    Comment: 'The account-wide API budget is shared: wait patiently, up to about 30 minutes in all.',
    IntervalSeconds: 5,
    BackoffRate: 2,
    MaxAttempts: 12,
    MaxDelaySeconds: 300,
    JitterStrategy: 'FULL',
  },
  {
    ErrorEquals: [
      'TransientError',
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.ClientExecutionTimeoutException',
    ],
    Comment: 'A passing fault of an AWS service or of Lambda itself.',
    IntervalSeconds: 2,
    BackoffRate: 2,
    MaxAttempts: 6,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  },
];

interface State {
  Type: string;
  Retry?: RetryRule[];
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}

const declared = new Set(retryPolicies.flatMap((p) => p.ErrorEquals));

function withPolicies(file: string, states: Record<string, State>): Record<string, State> {
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => {
      const own = state.Retry ?? [];
      const repeated = own.flatMap((r) => r.ErrorEquals).filter((e) => declared.has(e));
      if (repeated.length > 0) {
        throw new Error(
          `${file}: ${name} retries ${repeated.join(', ')} itself; statemachines/definitions.ts does`,
        );
      }
      const nested = (inner?: { States: Record<string, State> }) =>
        inner && { ...inner, States: withPolicies(file, inner.States) };
      const result: State = {
        ...state,
        ...(state.Type === 'Task' ? { Retry: [...own, ...retryPolicies] } : {}),
        ...(state.ItemProcessor ? { ItemProcessor: nested(state.ItemProcessor) } : {}),
        ...(state.Iterator ? { Iterator: nested(state.Iterator) } : {}),
        ...(state.Branches
          ? { Branches: state.Branches.map((b) => ({ ...b, States: withPolicies(file, b.States) })) }
          : {}),
      };
      return [name, result];
    }),
  );
}

/**
 * The definition that deploys and that the sandbox and tests run: `statemachines/<name>.asl.json`
 * with the retry policies added to every Task state, substitutions (`${...FunctionArn}`) still
 * unfilled. CDK fills them with `definitionSubstitutions`, the sandbox with local ARNs.
 */
export function renderDefinition(name: StateMachineName): string {
  const file = `${name}.asl.json`;
  return JSON.stringify(
    withRetryPolicies(file, JSON.parse(readFileSync(join(__dirname, file), 'utf8'))),
    null,
    2,
  );
}

/** A definition with the retry policies added to every Task state, at any depth; `file` names it in errors. */
export function withRetryPolicies<D extends { States: Record<string, unknown> }>(
  file: string,
  definition: D,
): D {
  return { ...definition, States: withPolicies(file, definition.States as Record<string, State>) };
}

/** One README line per retry policy: what it retries and how (a test keeps the README to it). */
export function describeRetryPolicies(): string[] {
  return retryPolicies.map(
    (p) =>
      `- ${p.ErrorEquals.map((e) => `\`${e}\``).join(', ')}: ${p.MaxAttempts} retries, ` +
      `${p.IntervalSeconds} s multiplied by ${p.BackoffRate} each time, at most ${p.MaxDelaySeconds} s, ` +
      `${p.JitterStrategy === 'FULL' ? 'full jitter' : 'no jitter'}.`,
  );
}
