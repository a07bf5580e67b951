import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { config as example } from '../../config/example.config';
import { type StateMachineName, stateMachineNames } from '../../functions';
import { AutomationStack } from '../../infra/automation-stack';
import { parseConfig } from '../../infra/config';
import { definitionText, functionArnOf } from '../../sandbox/state-machines';
import {
  describeRetryPolicies,
  renderDefinition,
  retryPolicies,
  withRetryPolicies,
} from '../../statemachines/definitions';

// Skip esbuild: the definitions are what is checked here.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new AutomationStack(app, 'Test', {
  config: parseConfig(example).automation,
  directoryId: 'd-906700c0de',
  directoryMode: 'managed-ad',
  env: { account: '123456789012', region: 'us-east-1' },
});
const resources = Template.fromStack(stack).toJSON().Resources as Record<
  string,
  { Properties: { DefinitionString: string; DefinitionSubstitutions: Record<string, unknown> } }
>;
const deployed = (name: StateMachineName) =>
  resources[stack.getLogicalId(stack.stateMachines[name].node.defaultChild as never)].Properties;

type State = { Type: string; Retry?: unknown[]; ItemProcessor?: { States: Record<string, State> } };
const tasks = (states: Record<string, State>): [string, State][] =>
  Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, State]] : []),
    ...(state.ItemProcessor ? tasks(state.ItemProcessor.States) : []),
  ]);

describe.each(stateMachineNames)('the %s definition', (name) => {
  test('that deploys is, byte for byte, the one the sandbox and the tests run', () => {
    const { DefinitionString, DefinitionSubstitutions } = deployed(name);
    expect(typeof DefinitionString).toBe('string');
    // CDK fills the substitutions with the functions' ARNs; the sandbox with local ones.
    let local = DefinitionString;
    for (const key of Object.keys(DefinitionSubstitutions)) {
      local = local.replaceAll(`\${${key}}`, functionArnOf(key.replace(/FunctionArn$/, '')));
    }
    expect(local).toBe(definitionText(name));
    expect(DefinitionString).toBe(renderDefinition(name));
  });

  test('every Task state, at any depth, ends its Retry with exactly the declared policies', () => {
    const definition = JSON.parse(deployed(name).DefinitionString) as { States: Record<string, State> };
    const all = tasks(definition.States);
    expect(all.length).toBeGreaterThan(5);
    for (const [stateName, state] of all) {
      expect({ stateName, tail: state.Retry?.slice(-retryPolicies.length) }).toEqual({
        stateName,
        tail: retryPolicies,
      });
    }
  });
});

describe('withRetryPolicies', () => {
  test("keeps a state's own rules first, so a specific rule wins", () => {
    const own = { ErrorEquals: ['UserNotFoundError'], IntervalSeconds: 30, BackoffRate: 2, MaxAttempts: 4 };
    const result = withRetryPolicies('x.asl.json', {
      States: { A: { Type: 'Task', Retry: [own] }, B: { Type: 'Pass' } },
    });
    expect(result.States).toEqual({
      A: { Type: 'Task', Retry: [own, ...retryPolicies] },
      B: { Type: 'Pass' },
    });
  });

  test('reaches the states inside a Map', () => {
    const result = withRetryPolicies('x.asl.json', {
      States: { M: { Type: 'Map', ItemProcessor: { States: { T: { Type: 'Task' } } } } },
    });
    expect(result.States.M).toEqual({
      Type: 'Map',
      ItemProcessor: { States: { T: { Type: 'Task', Retry: retryPolicies } } },
    });
  });

  test('refuses a source that retries a declared error itself, naming the state', () => {
    const copy = { ...retryPolicies[0] };
    expect(() => withRetryPolicies('x.asl.json', { States: { A: { Type: 'Task', Retry: [copy] } } })).toThrow(
      'x.asl.json: A retries ThrottledError, Lambda.TooManyRequestsException itself',
    );
  });
});

test('the README states the retry policies as declared', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  for (const line of describeRetryPolicies()) expect(readme).toContain(line);
});
