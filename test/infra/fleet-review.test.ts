import { Match, Template } from 'aws-cdk-lib/assertions';
import { config as example } from '../../config/example.config';
import { AutomationStack } from '../../infra/automation-stack';
import { type AppConfigInput, parseConfig } from '../../infra/config';
import { testApp } from './cdk-app';

function synth(patch: Record<string, unknown> = {}) {
  const input: AppConfigInput = {
    ...example,
    automation: { ...example.automation, ...patch } as AppConfigInput['automation'],
  };
  const app = testApp();
  const stack = new AutomationStack(app, 'Test', {
    config: parseConfig(input).automation,
    directoryId: 'd-906700c0de',
    directoryMode: 'managed-ad',
    env: { account: '123456789012', region: 'us-east-1' },
  });
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
function statementsOf(name: keyof AutomationStack['functions']): Statement[] {
  const roleId = stack.getLogicalId(stack.functions[name].fn.role?.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe('fleet review infrastructure', () => {
  test('the roster bucket is encrypted, versioned, never public, TLS only, and logs its access', () => {
    const bucketId = stack.getLogicalId(stack.reviewBucket.node.defaultChild as never);
    const bucket = template.toJSON().Resources[bucketId].Properties;
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'fleet-review/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the review runs on a schedule, daily by default, and the schedule is configurable', () => {
    const machine = stack.getLogicalId(stack.stateMachines.review.node.defaultChild as never);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { Ref: machine } })],
    });
    synth({ fleetReview: { schedule: 'cron(0 6 ? * MON-FRI *)' } }).template.hasResourceProperties(
      'AWS::Events::Rule',
      {
        ScheduleExpression: 'cron(0 6 ? * MON-FRI *)',
      },
    );
  });

  test('every action is off unless configured, and the settings reach the functions that read them', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FLEET_REVIEW_SETTINGS: Match.stringLikeRegexp(
            '"actions":\\{"adopt":false,"removeOrphaned":false,"provisionMissing":false\\}',
          ),
        }),
      },
    });
    expect(() => synth({ fleetReview: { caps: { adopt: 5000 } } })).toThrow(/fleetReview\.caps\.adopt/);
  });

  test('AdoptWorkspace may set only the three adoption tag keys', () => {
    const tagging = statementsOf('AdoptWorkspace').filter((s) =>
      [s.Action].flat().includes('workspaces:CreateTags'),
    );
    expect(tagging).toEqual([
      {
        Effect: 'Allow',
        Action: 'workspaces:CreateTags',
        Resource: '*',
        Condition: {
          'ForAllValues:StringEquals': {
            'aws:TagKeys': ['employee-id', 'managed-by', 'lifecycle-adopted-at'],
          },
        },
      },
    ]);
  });

  test('the review tasks reach only the review bucket, and the page reader gets its paced timeout', () => {
    const onBucket = statementsOf('PlanFleetReview').find((s) => [s.Action].flat().includes('s3:GetObject'));
    expect(JSON.stringify(onBucket?.Resource)).toContain(
      stack.getLogicalId(stack.reviewBucket.node.defaultChild as never),
    );
    expect(JSON.stringify(onBucket?.Resource)).toContain('/*');
    const readerId = stack.getLogicalId(stack.functions.ReadFleetPage.fn.node.defaultChild as never);
    expect(template.toJSON().Resources[readerId].Properties.Timeout).toBe(120);
  });

  test('the dispatcher may start the HR flows, not the review', () => {
    const startsOf = (roleId: string) =>
      JSON.stringify(
        Object.values(
          template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
        )
          .flatMap(
            (p) =>
              (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
                .Statement,
          )
          .filter((s) => [s.Action].flat().includes('states:StartExecution')),
      );
    const review = stack.getLogicalId(stack.stateMachines.review.node.defaultChild as never);
    const dispatcher = startsOf(
      stack.getLogicalId(stack.intake.dispatcher.fn.role?.node.defaultChild as never),
    );
    expect(dispatcher).toContain(stack.getLogicalId(stack.stateMachines.leaver.node.defaultChild as never));
    expect(dispatcher).not.toContain(review);
  });
});
