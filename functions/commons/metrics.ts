import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

/** The CloudWatch namespace of the business metrics; `infra/` draws the dashboard from the same names. */
export const MetricsNamespace = 'WorkspacesLifecycle';

/** Business metrics, in embedded metric format (one log line per invocation that has any). */
export const MetricName = {
  /** A joiner's or rehire's WorkSpace handed over ("WorkSpace Ready"). */
  WorkspacesReady: 'WorkspacesReady',
  /** Seconds from the joiner's execution start (the HR event's arrival) to the welcome email. */
  TimeToWelcomeEmail: 'TimeToWelcomeEmail',
  /** A WorkSpace in ERROR rebuilt, or UNHEALTHY rebooted. */
  Recoveries: 'Recoveries',
  /** A flow that failed, by `Event` ("Onboarding Failed", "Offboarding Failed") and `ErrorName`. */
  FlowFailures: 'FlowFailures',
  /** A leaver's access cut ("Access Revoked"). */
  AccessCut: 'AccessCut',
  /** A leaver's WorkSpaces terminated ("WorkSpace Removed"). */
  WorkspacesRemoved: 'WorkspacesRemoved',
  RemovalsCancelled: 'RemovalsCancelled',
  /** The provisioner: one round's duration, and the WorkSpaces calls it made. */
  ProvisionerRoundSeconds: 'ProvisionerRoundSeconds',
  ProvisionerWorkspacesCalls: 'ProvisionerWorkspacesCalls',
  ProvisionerThrottled: 'ProvisionerThrottled',
  WorkspacesCreated: 'WorkspacesCreated',
} as const;

/** The one Metrics instance of a function. */
export const metrics = new Metrics({ namespace: MetricsNamespace, serviceName: 'workspaces-lifecycle' });

/**
 * Writes the metrics an invocation recorded, whether it succeeded or failed. Unlike Powertools'
 * `logMetrics`, it stays quiet when there are none: most tasks record none on most invocations.
 */
export function publishMetrics(): MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
