import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Namespace of the metrics this project publishes itself. */
export const METRICS_NAMESPACE = 'WorkspacesLifecycle';
/** Task log lines that report throttling, counted from every task log group. */
export const THROTTLE_METRIC_NAME = 'TaskThrottles';

/** Connection failures in {@link CONNECTION_FAILURE_PERIOD} that raise the alarm: a few are typos. */
export const CONNECTION_FAILURE_THRESHOLD = 5;
const CONNECTION_FAILURE_PERIOD = Duration.minutes(15);

/** Props of {@link EstateMonitoring}. */
export interface EstateMonitoringProps {
  /** Directory whose WorkSpaces connection metrics are watched. */
  readonly directoryId: string;
  /** Joiner / leaver state machines. */
  readonly stateMachines: sfn.IStateMachine[];
  /** Dead-letter queues; any message in one is an event nobody handled. */
  readonly deadLetterQueues: sqs.IQueue[];
  /** The operators' topic every alarm notifies (on ALARM and back to OK). */
  readonly alarmTopic: sns.ITopic;
  /** Log groups of the task functions, searched for throttling. */
  readonly taskLogGroups: logs.ILogGroup[];
  /**
   * Functions run on a schedule (the provisioner): joiners wait on them, so repeated errors
   * alarm before the waiting executions time out.
   */
  readonly scheduledFunctions?: lambda.IFunction[];
}

/**
 * Dashboard and alarms for the estate and the automation: executions started, succeeded,
 * failed and their duration; WorkSpaces connection attempts and failures; throttling seen by
 * the tasks; dead-letter queue depth. Alarms: connection failures, failed executions, a
 * dead-letter queue that is not empty, a scheduled function failing round after round.
 */
export class EstateMonitoring extends Construct {
  /** The estate dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** Every alarm created, wired to the alarm topic. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** Count of task log lines reporting `ThrottledError`. */
  public readonly throttleMetric: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: EstateMonitoringProps) {
    super(scope, id);
    const alarmAction = new cloudwatchActions.SnsAction(props.alarmTopic);
    const addAlarm = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...alarmProps,
      });
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
      this.alarms.push(alarm);
      return alarm;
    };

    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const executionWidgets = props.stateMachines.flatMap((machine, index) => {
      // IStateMachine carries no name at synth time; the construct id reads as well on a dashboard.
      const name = machine.node.id;
      addAlarm(`FailedExecutionsAlarm${index}`, {
        alarmDescription: `Executions of ${name} failed, timed out or were aborted.`,
        metric: new cloudwatch.MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: {
            failed: machine.metricFailed(fiveMinutes),
            timedOut: machine.metricTimedOut(fiveMinutes),
            aborted: machine.metricAborted(fiveMinutes),
          },
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      return [
        new cloudwatch.GraphWidget({
          title: `Executions: ${name}`,
          left: [
            machine.metricStarted({ ...fiveMinutes, label: 'Started' }),
            machine.metricSucceeded({ ...fiveMinutes, label: 'Succeeded' }),
            machine.metricFailed({ ...fiveMinutes, label: 'Failed' }),
          ],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: `Duration: ${name}`,
          left: [
            machine.metricTime({ statistic: cloudwatch.Stats.p(50), label: 'p50' }),
            machine.metricTime({ statistic: cloudwatch.Stats.p(90), label: 'p90' }),
            machine.metricTime({ statistic: cloudwatch.Stats.MAXIMUM, label: 'max' }),
          ],
          width: 12,
        }),
      ];
    });

    const connectionMetric = (metricName: string, label?: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WorkSpaces',
        metricName,
        dimensionsMap: { DirectoryId: props.directoryId },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
        label,
      });
    const connectionFailures = connectionMetric('ConnectionFailure', 'Failures');
    addAlarm('ConnectionFailuresAlarm', {
      alarmDescription: `At least ${CONNECTION_FAILURE_THRESHOLD} WorkSpaces connection failures in 15 minutes.`,
      // Unlabelled: a labelled metric renders as a metric-math alarm, harder to read in the console.
      metric: connectionMetric('ConnectionFailure').with({ period: CONNECTION_FAILURE_PERIOD }),
      threshold: CONNECTION_FAILURE_THRESHOLD,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    props.taskLogGroups.forEach((logGroup, index) => {
      new logs.MetricFilter(this, `ThrottleFilter${index}`, {
        logGroup,
        metricNamespace: METRICS_NAMESPACE,
        metricName: THROTTLE_METRIC_NAME,
        filterPattern: throttleFilterPattern(),
        metricValue: '1',
        defaultValue: 0,
      });
    });
    this.throttleMetric = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: THROTTLE_METRIC_NAME,
      ...fiveMinutes,
      label: 'ThrottledError log lines',
    });

    for (const [index, fn] of (props.scheduledFunctions ?? []).entries()) {
      addAlarm(`ScheduledFunctionErrorsAlarm${index}`, {
        alarmDescription: `${fn.node.path} failed in 3 or more runs in 15 minutes: waiting joiners are not being served.`,
        metric: fn.metricErrors({ period: Duration.minutes(15), statistic: cloudwatch.Stats.SUM }),
        threshold: 3,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }

    const queueWidgets = props.deadLetterQueues.map((queue, index) => {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      });
      addAlarm(`DeadLetterQueueAlarm${index}`, {
        alarmDescription: `Dead-letter queue ${queue.queueName} holds messages nobody handled.`,
        metric: depth,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      return new cloudwatch.GraphWidget({
        title: `Dead letters: ${queue.queueName}`,
        left: [depth],
        width: 8,
      });
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-estate`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
    this.dashboard.addWidgets(...executionWidgets);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'WorkSpaces connections',
        left: [connectionMetric('ConnectionAttempt', 'Attempts'), connectionFailures],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Throttling seen by the tasks',
        left: [this.throttleMetric],
        width: 12,
      }),
    );
    if (queueWidgets.length > 0) this.dashboard.addWidgets(...queueWidgets);
  }
}

/**
 * Matches a structured log line that reports throttling: the task's error name (Powertools
 * `error.name`, Lambda's `errorType`, or an `errorName` field) or a message mentioning it.
 */
export function throttleFilterPattern(): logs.IFilterPattern {
  return logs.FilterPattern.any(
    logs.FilterPattern.stringValue('$.errorName', '=', 'ThrottledError'),
    logs.FilterPattern.stringValue('$.errorType', '=', 'ThrottledError'),
    logs.FilterPattern.stringValue('$.error.name', '=', 'ThrottledError'),
    logs.FilterPattern.stringValue('$.message', '=', '*ThrottledError*'),
  );
}
