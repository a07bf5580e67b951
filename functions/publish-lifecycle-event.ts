import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { LifecycleSource } from './commons/contracts';
import { Env } from './commons/env';
import { ThrottledError, TransientError } from './commons/errors';
import {
  LifecycleDetailType,
  type LifecycleDetailTypeValue,
  lifecycleDetail,
} from './commons/lifecycle-events';
import { logger } from './commons/logger';
import { MetricName, metrics } from './commons/metrics';
import { taskHandler } from './commons/task';

const busName = requireEnv(Env.EventBusName);
const client = new EventBridgeClient(taskClientConfig);

/** The business metric each lifecycle event counts; failures are counted by error name. */
const outcomeMetrics: Partial<Record<LifecycleDetailTypeValue, string>> = {
  [LifecycleDetailType.WorkspaceReady]: MetricName.WorkspacesReady,
  [LifecycleDetailType.AccessRevoked]: MetricName.AccessCut,
  [LifecycleDetailType.WorkspaceRemoved]: MetricName.WorkspacesRemoved,
  [LifecycleDetailType.RemovalCancelled]: MetricName.RemovalsCancelled,
};
const failures: LifecycleDetailTypeValue[] = [
  LifecycleDetailType.OnboardingFailed,
  LifecycleDetailType.OffboardingFailed,
  LifecycleDetailType.RehireFailed,
  LifecycleDetailType.ChangeFailed,
];

function recordOutcome(detailType: LifecycleDetailTypeValue, errorName = 'Unknown'): void {
  const outcome = outcomeMetrics[detailType];
  if (outcome) metrics.addMetric(outcome, MetricUnit.Count, 1);
  if (!failures.includes(detailType)) return;
  // Its own dimensions: a failure is counted per event and error name, apart from the totals above.
  const failure = metrics.singleMetric();
  failure.addDimensions({ Event: detailType, ErrorName: errorName });
  failure.addMetric(MetricName.FlowFailures, MetricUnit.Count, 1);
}

const inputSchema = z.object({
  detailType: z.enum(Object.values(LifecycleDetailType)),
  executionArn: z.string().optional(),
  state: z.unknown(),
});

/** Puts one lifecycle event ("WorkSpace Ready", "Onboarding Failed", ...) on the bus. */
export const handler = taskHandler(inputSchema, async ({ detailType, executionArn, state }) => {
  const detail = lifecycleDetail(state, executionArn);
  let entry: { EventId?: string; ErrorCode?: string; ErrorMessage?: string } | undefined;
  try {
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: LifecycleSource,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    entry = response.Entries?.[0];
  } catch (error) {
    throw mapAwsError(error, 'PutEvents');
  }
  if (!entry?.EventId) {
    const message = `PutEvents: ${entry?.ErrorCode ?? 'no entry'}: ${entry?.ErrorMessage ?? ''}`;
    throw entry?.ErrorCode === 'ThrottlingException'
      ? new ThrottledError(message)
      : new TransientError(message);
  }
  recordOutcome(detailType, detail.error);
  logger.info('Lifecycle event published', {
    detailType,
    eventId: detail.eventId,
    busEventId: entry.EventId,
  });
  return { busEventId: entry.EventId };
});
