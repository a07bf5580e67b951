import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { CloudWatchClient, GetMetricDataCommand } from './commons/cloudwatch';
import { fleetReviewSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { monthStart, type Usage, usageFromMetric } from './commons/cost';
import { Env } from './commons/env';
import { ReviewStoreError, UsageReadError } from './commons/errors';
import type { FleetWorkspace } from './commons/fleet';
import { getText, putText, reviewKeys } from './commons/review-store';
import { S3Client } from './commons/s3';
import { taskHandler } from './commons/task';

const bucket = requireEnv(Env.ReviewBucket);
const settings = readJsonEnv(Env.FleetReviewSettings, fleetReviewSettingsSchema);
const cloudwatch = new CloudWatchClient();
const s3 = new S3Client();

const inputSchema = z.object({
  reviewId: z.string().min(1),
  startedAt: z.string().min(1),
  page: z.number().int().min(0),
  metrics: z.number().int().min(0).default(0),
});

/**
 * Reads the hours of use this month of one fleet page's WorkSpaces: one CloudWatch GetMetricData
 * call with a query per WorkSpace (`AWS/WorkSpaces` `UserConnected`, Maximum per hour, from 00:00 UTC
 * on the 1st to the review's start). 25 WorkSpaces of at most 744 hours are 18,600 data points,
 * under the call's 100,800, so one call answers the page whole. CloudWatch is billed per metric
 * requested, not from the WorkSpaces budget. With the cost part off it reads nothing.
 */
export const handler = taskHandler(inputSchema, async ({ reviewId, startedAt, page, metrics }) => {
  if (!settings.cost.enabled) return { metrics };
  const text = await getText(s3, bucket, reviewKeys.page(reviewId, page));
  if (text === undefined)
    throw new ReviewStoreError(`Page ${page} of review ${reviewId} is missing from the store`);
  const ids = (JSON.parse(text) as FleetWorkspace[]).map((w) => w.workspaceId);
  const hours: Record<string, Pick<Usage, 'connectedHours' | 'sessions'>> = {};
  const end = new Date(startedAt);
  const start = monthStart(end);
  if (ids.length > 0 && end > start) {
    let out: Awaited<ReturnType<CloudWatchClient['send']>>;
    try {
      out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: ids.map((id, i) => ({
            Id: `w${i}`,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/WorkSpaces',
                MetricName: 'UserConnected',
                Dimensions: [{ Name: 'WorkspaceId', Value: id }],
              },
              Period: 3600,
              Stat: 'Maximum',
            },
          })),
          StartTime: start,
          EndTime: end,
          ScanBy: 'TimestampAscending',
        }),
      );
    } catch (error) {
      throw mapAwsError(error, 'GetMetricData', {
        InvalidParameterValue: UsageReadError,
        AccessDenied: UsageReadError,
      });
    }
    if (out.NextToken)
      throw new UsageReadError(`GetMetricData for page ${page} answered in more than one page`);
    for (const result of out.MetricDataResults) {
      const id = ids[Number(result.Id.slice(1))];
      if (id) hours[id] = usageFromMetric(result.Timestamps, result.Values);
    }
  }
  await putText(s3, bucket, reviewKeys.hours(reviewId, page), JSON.stringify(hours));
  return { metrics: metrics + ids.length };
});
