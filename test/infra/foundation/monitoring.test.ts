import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  EstateMonitoring,
  METRICS_NAMESPACE,
  THROTTLE_METRIC_NAME,
} from '../../../infra/foundation/monitoring';
import { nagFindings, testApp, testEnv } from './build';

function build() {
  const app = testApp();
  const stack = new Stack(app, 'Automation', { env: testEnv });
  // Imported resources: the monitoring, not its inputs, is under test (and under cdk-nag).
  const joiner = sfn.StateMachine.fromStateMachineName(stack, 'JoinerStateMachine', 'joiner');
  const leaver = sfn.StateMachine.fromStateMachineName(stack, 'LeaverStateMachine', 'leaver');
  const deadLetters = sqs.Queue.fromQueueArn(stack, 'DeadLetters', 'arn:aws:sqs:us-east-1:123456789012:dlq');
  const topic = sns.Topic.fromTopicArn(stack, 'Operators', 'arn:aws:sns:us-east-1:123456789012:operators');
  const taskLogs = new logs.LogGroup(stack, 'TaskLogs', {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const monitoring = new EstateMonitoring(stack, 'Monitoring', {
    directoryId: 'd-906700c0de',
    stateMachines: [joiner, leaver],
    deadLetterQueues: [deadLetters],
    alarmTopic: topic,
    taskLogGroups: [taskLogs, logs.LogGroup.fromLogGroupName(stack, 'OtherTaskLogs', '/aws/lambda/other')],
  });
  return { app, stack, monitoring, template: Template.fromStack(stack) };
}

describe('EstateMonitoring', () => {
  const { app, monitoring, template } = build();

  test('one failed-executions alarm per state machine, counting failed, timed out and aborted', () => {
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { Metrics: Match.arrayWith([Match.objectLike({ Expression: 'failed + timedOut + aborted' })]) },
      2,
    );
  });

  test('a connection failure alarm on the directory', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WorkSpaces',
      MetricName: 'ConnectionFailure',
      Dimensions: [{ Name: 'DirectoryId', Value: 'd-906700c0de' }],
      Period: 900,
      Threshold: 5,
    });
  });

  test('a dead-letter queue alarm fires on the first message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('every alarm notifies the operators on ALARM and OK', () => {
    expect(monitoring.alarms).toHaveLength(4);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:operators'],
      OKActions: ['arn:aws:sns:us-east-1:123456789012:operators'],
      TreatMissingData: 'notBreaching',
    });
  });

  test('each task log group feeds the throttle metric', () => {
    template.resourceCountIs('AWS::Logs::MetricFilter', 2);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('\\$\\.errorName = "ThrottledError"'),
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: METRICS_NAMESPACE,
          MetricName: THROTTLE_METRIC_NAME,
          MetricValue: '1',
        }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('\\$\\.message = "\\*ThrottledError\\*"'),
    });
  });

  test('the dashboard shows executions, duration, connections, throttles and dead letters', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of [
      'ExecutionsStarted',
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionTime',
      'ConnectionAttempt',
      'ConnectionFailure',
      THROTTLE_METRIC_NAME,
      'ApproximateNumberOfMessagesVisible',
    ]) {
      expect(body).toContain(metric);
    }
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});
