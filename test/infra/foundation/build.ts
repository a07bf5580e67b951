import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { type FoundationConfigInput, parseFoundationConfig } from '../../../infra/foundation/config';
import { FoundationStack } from '../../../infra/foundation/foundation-stack';
import { testApp } from '../cdk-app';

export { testApp };

/** Account and Region for every test stack, so nothing needs an AWS lookup. */
export const testEnv = { account: '123456789012', region: 'us-east-1' };

/** The smallest enabled configuration, with one office network. */
export const baseConfig: FoundationConfigInput = {
  enabled: true,
  directory: { type: 'MicrosoftAD', name: 'corp.example.com' },
  ipAccessRules: [{ source: '203.0.113.0/24', description: 'Head office' }],
};

/** Builds a foundation stack from a configuration section, as the app would. */
export function buildFoundation(overrides: Partial<FoundationConfigInput> = {}, withTopic = false) {
  const app = testApp();
  const config = parseFoundationConfig({ ...baseConfig, ...overrides });
  const alarmTopic = withTopic ? importedTopic(app) : undefined;
  const stack = new FoundationStack(app, 'Foundation', { config, alarmTopic, env: testEnv });
  return { app, stack, template: Template.fromStack(stack) };
}

function importedTopic(app: App) {
  const stack = new Stack(app, 'Operators', { env: testEnv });
  Validations.of(stack).acknowledge({
    id: 'CloudFormation-Validate::F0001',
    reason: 'Holds only an imported topic.',
  });
  return sns.Topic.fromTopicArn(stack, 'OpsTopic', 'arn:aws:sns:us-east-1:123456789012:operators');
}

/** Unacknowledged AWS Solutions findings under `scope`, as "rule at path" lines. */
export function nagFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}
