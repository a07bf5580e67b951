import { Match, Template } from 'aws-cdk-lib/assertions';
import { config as example } from '../../config/example.config';
import { type HrDetailType, hrEventPattern, hrEventTypes } from '../../functions/commons/contracts';
import { AutomationStack } from '../../infra/automation-stack';
import { parseConfig } from '../../infra/config';
import { testApp } from './cdk-app';

const app = testApp();
const stack = new AutomationStack(app, 'Intake', {
  config: parseConfig(example).automation,
  directoryId: 'd-906700c0de',
  directoryMode: 'managed-ad',
  env: { account: '123456789012', region: 'us-east-1' },
});
const template = Template.fromStack(stack);
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('HR intake', () => {
  test('the bus keeps an archive of HR events for replay', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('HrEvents'), 'Arn'] },
      RetentionDays: 30,
      EventPattern: { source: ['workspaces-lifecycle.hr'] },
    });
  });

  test('a rule per HR event type routes to the dispatcher with retries and the dead-letter queue', () => {
    // The HR rules; the provisioner's schedule is a rule too, with no event pattern.
    const rules = (
      Object.values(template.findResources('AWS::Events::Rule')) as {
        Properties: {
          EventPattern?: unknown;
          Targets: { Arn: unknown; RetryPolicy: unknown; DeadLetterConfig: unknown }[];
        };
      }[]
    ).filter((r) => r.Properties.EventPattern !== undefined);
    expect(rules).toHaveLength(Object.keys(hrEventTypes).length);
    const patterns = rules.map((r) => r.Properties.EventPattern);
    for (const type of Object.keys(hrEventTypes) as HrDetailType[]) {
      expect(patterns).toContainEqual(hrEventPattern(type));
    }
    for (const rule of rules) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [idOf(stack.intake.dispatcher.fn), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [idOf(stack.intake.deadLetterQueue), 'Arn'] } },
        }),
      ]);
    }
  });

  test('the dead-letter queue is encrypted, also receives failed dispatches, and raises an alarm', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [idOf(stack.intake.deadLetterQueue), 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(stack.intake.deadLetterQueue), 'QueueName'] } },
      ],
      Threshold: 1,
    });
  });

  test('the dispatcher may start the flows and nothing else', () => {
    const roleId = idOf(stack.intake.dispatcher.fn.role as never);
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    );
    const actions = policies.flatMap((p) =>
      (
        p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }
      ).Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()),
    );
    expect([...new Set(actions.filter((a) => !a.startsWith('xray:') && !a.startsWith('sqs:')))]).toEqual([
      'states:StartExecution',
    ]);
  });

  test('only the webhook may read the webhook secret', () => {
    const secretId = idOf(stack.intake.webhookSecret);
    const readers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes(`"Ref":"${secretId}"`),
    ) as { Properties: { Roles: { Ref: string }[] } }[];
    expect(readers.map((p) => p.Properties.Roles)).toEqual([
      [{ Ref: idOf(stack.intake.webhook.fn.role as never) }],
    ]);
  });

  test('the API stage is throttled and access-logged', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      MethodSettings: [
        Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20, LoggingLevel: 'ERROR' }),
      ],
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST' });
  });
});
