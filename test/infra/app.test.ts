import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { AutomationStack } from '../../infra/automation-stack';

describe('the CDK app from the example configuration', () => {
  // Skip esbuild: the templates are what is checked here.
  const app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  const stacks = app.node.children.filter(
    (c) => c instanceof AutomationStack || c.node.id === 'WorkspacesFoundation',
  );

  test('has both stacks, and cdk-nag passes on the whole app', () => {
    expect(stacks.map((s) => s.node.id).sort()).toEqual(['WorkspacesFoundation', 'WorkspacesLifecycle']);
    expect(() => app.synth()).not.toThrow();
  });

  test('the automation takes its directory and volume key from the foundation', () => {
    const automation = app.node.findChild('WorkspacesLifecycle') as AutomationStack;
    const template = Template.fromStack(automation);
    const fns = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const variable = (name: string) =>
      fns.find((f) => f.Properties.Environment?.Variables?.[name])?.Properties.Environment?.Variables?.[name];
    // A cross-stack reference, not the example's fixed id.
    expect(JSON.stringify(variable('DIRECTORY_ID'))).toContain('Fn::ImportValue');
    expect(JSON.stringify(variable('DEFAULT_VOLUME_KEY_ARN'))).toContain('Fn::ImportValue');
  });
});
