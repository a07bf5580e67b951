import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { config as example } from '../../config/example.config';
import { allFunctions, type FunctionName } from '../../functions';
import { Env } from '../../functions/commons/env';
import { AutomationStack } from '../../infra/automation-stack';
import { parseConfig } from '../../infra/config';
import { environmentLimitBytes, environmentSize, TaskFunction } from '../../infra/task-function';
import { largeEstateConfig } from '../fixtures/large-estate.config';

function synth(config = example) {
  // Skip esbuild: these tests look at the template, not the bundles.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new AutomationStack(app, 'Test', {
    config: parseConfig(config).automation,
    directoryId: 'd-906700c0de',
    directoryMode: 'managed-ad',
    env: { account: '123456789012', region: 'us-east-1' },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, never> }
>;

function functionOf(name: FunctionName) {
  const construct =
    name === 'Provisioner'
      ? stack.provisioner.function
      : name === 'DispatchHrEvent'
        ? stack.intake.dispatcher
        : name === 'HrWebhook'
          ? stack.intake.webhook
          : stack.functions[name];
  return construct.fn;
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  const id = stack.getLogicalId(functionOf(name).node.defaultChild as never);
  return (resources[id].Properties as unknown as { Environment: { Variables: Record<string, unknown> } })
    .Environment.Variables;
}

function actionsOf(name: FunctionName): string[] {
  const roleId = stack.getLogicalId(functionOf(name).role?.node.defaultChild as never);
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      (r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    );
  return [...new Set(statements.flatMap((s) => [s.Action].flat()))]
    .filter((a) => !a.startsWith('xray:'))
    .sort();
}

const names = Object.keys(allFunctions) as FunctionName[];
const unsetInThisDeployment = new Set<string>([Env.TemplatesDir, Env.DefaultVolumeKeyArn]);

describe('each function as its registry entry declares it', () => {
  test.each(names)('%s gets exactly the variables it reads', (name) => {
    const declared = allFunctions[name].reads.filter((v) => !unsetInThisDeployment.has(v));
    expect(Object.keys(environmentOf(name)).sort()).toEqual(
      [...declared, 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'].sort(),
    );
  });

  test.each(names)('%s is granted exactly the actions it declares', (name) => {
    const declared = (allFunctions[name].may ?? []).flatMap((p) =>
      // Publishing to the encrypted topic needs its key; there is no volume key without the foundation.
      p.on === 'alertTopic'
        ? [...p.actions, 'kms:Decrypt', 'kms:GenerateDataKey*']
        : p.on === 'volumeKey'
          ? []
          : p.actions,
    );
    // The dispatcher's failed events go to the dead-letter queue: Lambda's own delivery, not a call of its code.
    const delivery =
      name === 'DispatchHrEvent' ? ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] : [];
    expect(actionsOf(name)).toEqual([...new Set([...declared, ...delivery])].sort());
  });

  test('only the functions that read the profiles carry them, as a layer file rather than a variable', () => {
    const layers = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::LayerVersion');
    expect(layers).toHaveLength(1);
    const withLayer = names.filter(
      (name) =>
        functionOf(name).node.defaultChild &&
        JSON.stringify(
          resources[stack.getLogicalId(functionOf(name).node.defaultChild as never)].Properties.Layers ??
            null,
        ).includes(layers[0][0]),
    );
    expect(withLayer).toEqual([
      'ValidateJoiner',
      'PlanFleetReview',
      'ValidateMover',
      'DispatchHrEvent',
      'HrWebhook',
    ]);
    expect(environmentOf('ValidateJoiner')[Env.ProfilesFile]).toBe('/opt/workspace-profiles.json');
  });

  test("the sum of every environment stays far below Lambda's limit", () => {
    for (const name of names) {
      const size = environmentSize(environmentOf(name));
      expect({ name, fits: size < environmentLimitBytes / 2 }).toEqual({ name, fits: true });
    }
  });
});

describe('a large organisation', () => {
  test('40 profiles and 60 departments synthesize, cdk-nag included, every environment under 4 KB', () => {
    const { app, stack: large, template: largeTemplate } = synth(largeEstateConfig);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    const profiles = JSON.stringify(parseConfig(largeEstateConfig).automation.profiles);
    expect(profiles.length).toBeGreaterThan(3 * environmentLimitBytes);
    for (const fn of Object.values(large.functions)) {
      const id = large.getLogicalId(fn.fn.node.defaultChild as never);
      const env = largeTemplate.toJSON().Resources[id].Properties.Environment.Variables as Record<
        string,
        string
      >;
      expect(environmentSize(env)).toBeLessThan(environmentLimitBytes);
    }
  });

  test('a function whose environment would pass 4 KB stops synth, naming it and the fix', () => {
    const scope = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Big');
    const build = () =>
      new TaskFunction(scope, 'ValidateLeaver', {
        deployment: {
          configuration: { [Env.LeaverSettings]: 'x'.repeat(5000), [Env.DirectoryMode]: 'managed-ad' },
          logRetention: RetentionDays.ONE_DAY,
          grant: () => undefined,
          profilesLayer: stack.deployment.profilesLayer,
        },
      });
    expect(build).toThrow(/ValidateLeaver: its environment would be about 5\d{3} bytes, over Lambda's 4096/);
  });

  test('unresolved values count at an upper estimate, not at the length of their token', () => {
    expect(environmentSize({ A: stack.alertTopic.topicArn })).toBe(1 + 512);
    expect(environmentSize({ A: { 'Fn::ImportValue': 'Foundation:KeyArn' } })).toBe(1 + 512);
    expect(environmentSize({ A: 'abc' })).toBe(4);
  });
});
