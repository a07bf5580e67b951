import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { AutomationStack } from '../../infra/automation-stack';
import { testApp } from './cdk-app';

describe('the CDK app from the example configuration', () => {
  // Skip esbuild: the templates are what is checked here.
  const app = buildApp(testApp());
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

describe('the CDK app as `npx cdk synth` builds it without AWS credentials', () => {
  // The CLI always knows a Region (us-east-1 by default) but, offline, no account: with
  // partition literals on, ARNs then mix a literal partition and Region with a token account.
  test('cdk-nag passes with the Region known and the account not', () => {
    const saved = { ...process.env };
    process.env.CDK_DEFAULT_REGION = 'us-east-1';
    delete process.env.CDK_DEFAULT_ACCOUNT;
    try {
      const app = buildApp(testApp());
      expect(() => app.synth()).not.toThrow();
    } finally {
      process.env = saved;
    }
  });
});
