import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StateMachineName, substitutionOf, taskFunctionNames } from '../../functions';
import { provisionerSettingsSchema } from '../../functions/commons/config';
import { errorClasses } from '../../functions/commons/errors';
import { functionArnOf, loadDefinition, waitForTaskTokenResource } from '../../sandbox/state-machines';

// asl-validator ships no types: its default export takes a definition and returns the verdict.
const validate = require('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };

type State = {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Retry?: { ErrorEquals: string[] }[];
};

const dir = join(__dirname, '..', '..', 'statemachines');
const files = readdirSync(dir).filter((f) => f.endsWith('.asl.json'));
const names = files.map((f) => f.replace('.asl.json', '') as StateMachineName);

/** Errors the Step Functions service itself raises. */
const serviceErrors = /^(States\.[A-Za-z]+|Lambda\.[A-Za-z]+)$/;

test('every error class is listed under the name it has at run time', () => {
  for (const [key, ErrorClass] of Object.entries(errorClasses)) {
    expect(new ErrorClass('x').name).toBe(key);
  }
});

describe.each(names)('%s.asl.json', (name) => {
  const raw = readFileSync(join(dir, `${name}.asl.json`), 'utf8');
  const definition = loadDefinition(name) as { StartAt: string; States: Record<string, State> };
  const states = definition.States;

  test('passes asl-validator once substituted', () => {
    const result = validate(definition);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  test('uses only substitutions that name a task function', () => {
    const used = [...raw.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    const known = taskFunctionNames.map(substitutionOf);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((s) => !known.includes(s))).toEqual([]);
  });

  test('avoids what the local engine ignores (JSONata, Arguments, Output, Assign)', () => {
    expect(raw).not.toMatch(/"(Arguments|Output|Assign|QueryLanguage)"\s*:/);
  });

  test('every ErrorEquals name is a real error class or a service error', () => {
    const names = Object.values(states).flatMap((s) =>
      [...(s.Retry ?? []), ...(s.Catch ?? [])].flatMap((r) => r.ErrorEquals),
    );
    const unknown = names.filter((n) => !serviceErrors.test(n) && !(n in errorClasses));
    expect(unknown).toEqual([]);
  });

  test('every Next, Default, Choice and Catch target exists and every state is reachable', () => {
    const targets = (s: State) =>
      [
        s.Next,
        s.Default,
        ...(s.Choices ?? []).map((c) => c.Next),
        ...(s.Catch ?? []).map((c) => c.Next),
      ].filter((t): t is string => t !== undefined);
    const missing = Object.values(states)
      .flatMap(targets)
      .filter((t) => !(t in states));
    expect(missing).toEqual([]);
    const seen = new Set<string>([definition.StartAt]);
    const queue = [definition.StartAt];
    while (queue.length) {
      for (const next of targets(states[queue.shift() as string])) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect(Object.keys(states).filter((s) => !seen.has(s))).toEqual([]);
  });

  test('every Task retries throttling and transient errors, and catches everything it does not retry', () => {
    for (const [stateName, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      const retried = (state.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect({
        stateName,
        throttled: retried.includes('ThrottledError'),
        transient: retried.includes('TransientError'),
      }).toEqual({
        stateName,
        throttled: true,
        transient: true,
      });
      // Without it the task would wait for ever in AWS; 900 s is Lambda's own upper bound. A
      // task waiting on the provisioner waits past the longest provisioning deadline allowed.
      expect({ stateName, timeout: state.TimeoutSeconds }).toEqual({
        stateName,
        timeout: state.Resource === waitForTaskTokenResource ? 9000 : 900,
      });
      // AwaitRedrive is where a failed flow fails, so that RedriveExecution restarts it: no Catch.
      const catches = state.Catch ?? [];
      expect({ stateName, catchAllLast: catches.at(-1)?.ErrorEquals }).toEqual({
        stateName,
        catchAllLast: stateName === 'AwaitRedrive' ? undefined : ['States.ALL'],
      });
    }
  });

  test('every task-token wait hands its token to a task function, and outlasts the provisioning deadline', () => {
    const deadlineMax = provisionerSettingsSchema.shape.deadlineSeconds.unwrap().maxValue ?? Infinity;
    const intervalMax = (provisionerSettingsSchema.shape.intervalMinutes.unwrap().maxValue ?? Infinity) * 60;
    for (const [stateName, state] of Object.entries(states)) {
      if (state.Resource !== waitForTaskTokenResource) continue;
      const fn = taskFunctionNames.find((n) => functionArnOf(n) === state.Parameters?.FunctionName);
      expect({ stateName, fn: fn !== undefined, token: state.Parameters?.Payload?.['taskToken.$'] }).toEqual({
        stateName,
        fn: true,
        token: '$$.Task.Token',
      });
      expect(state.TimeoutSeconds).toBeGreaterThan(deadlineMax + intervalMax);
    }
  });
});
