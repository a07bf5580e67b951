import { Duration } from 'aws-cdk-lib';
import { type Dashboard, GraphWidget, MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { MetricName, MetricsNamespace } from '../functions/commons/metrics';

const service = { service: 'workspaces-lifecycle' };
const metric = (metricName: string, statistic: string = Stats.SUM, label?: string) =>
  new Metric({
    namespace: MetricsNamespace,
    metricName,
    dimensionsMap: service,
    statistic,
    label,
    period: Duration.minutes(5),
  });

/**
 * The business metrics the functions write in embedded metric format (`functions/commons/metrics.ts`),
 * added below the alarms and execution graphs of the automation's dashboard.
 */
export function addBusinessWidgets(dashboard: Dashboard): void {
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Joiners: WorkSpaces ready and recoveries',
      left: [metric(MetricName.WorkspacesReady), metric(MetricName.Recoveries)],
      width: 8,
    }),
    new GraphWidget({
      title: 'Time from HR event to welcome email (seconds)',
      left: [
        metric(MetricName.TimeToWelcomeEmail, Stats.p(50), 'p50'),
        metric(MetricName.TimeToWelcomeEmail, Stats.p(95), 'p95'),
      ],
      width: 8,
    }),
    new GraphWidget({
      title: 'Leavers: access cut, removals, cancellations',
      left: [
        metric(MetricName.AccessCut),
        metric(MetricName.WorkspacesRemoved),
        metric(MetricName.RemovalsCancelled),
      ],
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Failed flows by event and error name',
      left: [
        new MathExpression({
          expression: `SEARCH('{${MetricsNamespace},Event,ErrorName,service} MetricName="${MetricName.FlowFailures}"', 'Sum', 300)`,
          label: '',
          period: Duration.minutes(5),
        }),
      ],
      width: 12,
    }),
    new GraphWidget({
      title: 'Provisioner rounds',
      left: [
        metric(MetricName.ProvisionerRoundSeconds, Stats.MAXIMUM, 'round seconds (max)'),
        metric(MetricName.ProvisionerWorkspacesCalls, Stats.SUM, 'WorkSpaces calls'),
      ],
      right: [
        metric(MetricName.WorkspacesCreated, Stats.SUM, 'created'),
        metric(MetricName.ProvisionerThrottled, Stats.SUM, 'throttled'),
      ],
      width: 12,
    }),
  );
}
