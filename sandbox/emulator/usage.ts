import { z } from 'zod';
import type { EmulatorContext } from './context';
import { ApiError, type JsonRpcService, validate } from './protocol';

/**
 * Who uses their WorkSpace how much, as a scenario sets it: the emulator's picture of people
 * connecting, from which it answers DescribeWorkspacesConnectionStatus and CloudWatch's
 * `UserConnected` metric. Deterministic, in UTC:
 * - `heavy`: Monday to Friday, 08:00-18:00 (about 220 hours a month: monthly billing pays);
 * - `light`: Tuesday and Thursday, 09:00-11:00 (about 18 hours a month: hourly billing pays);
 * - `never`: never connects (the default).
 * A change of profile takes effect from the hour it is made; the past stays as it was.
 */
export const usageProfiles = ['heavy', 'light', 'never'] as const;
export type UsageProfile = (typeof usageProfiles)[number];

const HOUR = 3_600_000;
const sessions: Record<UsageProfile, { days: number[]; from: number; hours: number } | undefined> = {
  heavy: { days: [1, 2, 3, 4, 5], from: 8, hours: 10 },
  light: { days: [2, 4], from: 9, hours: 2 },
  never: undefined,
};

/** The usage profile of each WorkSpace over time. */
export class UsageModel {
  private readonly changes = new Map<string, Array<{ from: number; profile: UsageProfile }>>();

  /** From `at` (simulated epoch ms) on, the WorkSpace is used as `profile`. */
  set(workspaceId: string, profile: UsageProfile, at = Number.NEGATIVE_INFINITY): void {
    const list = this.changes.get(workspaceId) ?? [];
    list.push({ from: at, profile });
    this.changes.set(workspaceId, list);
  }

  profileAt(workspaceId: string, at: number): UsageProfile {
    let profile: UsageProfile = 'never';
    for (const change of this.changes.get(workspaceId) ?? []) if (change.from <= at) profile = change.profile;
    return profile;
  }

  /** Whether a user was connected in the hour that starts at `hourStart`. */
  connectedInHour(workspaceId: string, hourStart: number): boolean {
    const session = sessions[this.profileAt(workspaceId, hourStart)];
    if (!session) return false;
    const d = new Date(hourStart);
    const hour = d.getUTCHours();
    return (
      session.days.includes(d.getUTCDay()) && hour >= session.from && hour < session.from + session.hours
    );
  }

  /**
   * The start of the last session begun at or before `now`, looking back no further than `since`
   * (the WorkSpace's creation); undefined: never connected.
   */
  lastConnection(workspaceId: string, now: number, since: number): number | undefined {
    let hour = Math.floor(now / HOUR) * HOUR;
    const floor = Math.max(since, now - 400 * 24 * HOUR);
    while (hour >= floor && !this.connectedInHour(workspaceId, hour)) hour -= HOUR;
    if (hour < floor) return undefined;
    while (hour - HOUR >= floor && this.connectedInHour(workspaceId, hour - HOUR)) hour -= HOUR;
    return hour;
  }
}

const query = z.object({
  Id: z.string().min(1),
  MetricStat: z.object({
    Metric: z.object({
      Namespace: z.string(),
      MetricName: z.string(),
      Dimensions: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
    }),
    Period: z.number().int().min(1),
    Stat: z.string(),
  }),
});
const getMetricData = z.object({
  // "as many as 500 different metrics in a single request" (API reference, GetMetricData).
  MetricDataQueries: z.array(query).min(1).max(500),
  StartTime: z.number(),
  EndTime: z.number(),
  NextToken: z.string().optional(),
  ScanBy: z.enum(['TimestampAscending', 'TimestampDescending']).optional(),
});

/** The most data points one GetMetricData answer holds (API reference, GetMetricData). */
const maxDataPoints = 100_800;

/**
 * CloudWatch (AWS JSON 1.0, target prefix `GraniteServiceVersion20100801`; API reference, "Making
 * API requests"): GetMetricData for `AWS/WorkSpaces` `UserConnected` by `WorkspaceId`, from the
 * usage model. A data point per period from the WorkSpace's creation (WorkSpaces publishes it while
 * the WorkSpace exists), 1 when a user was connected in it; other metrics answer no data points.
 * Not reproduced: periods other than whole hours, statistics other than Maximum (all answer the
 * hourly maximum), metric math, pagination (a request over 100,800 points is refused instead).
 */
export function cloudWatch(
  ctx: EmulatorContext,
  usage: UsageModel,
  createdAt: (workspaceId: string) => number | undefined,
): JsonRpcService {
  return {
    name: 'monitoring',
    version: '1.0',
    targetPrefix: 'GraniteServiceVersion20100801',
    operations: {
      GetMetricData: (input) => {
        const request = validate(getMetricData, input, 'InvalidParameterValue');
        const start = Math.ceil((request.StartTime * 1000) / HOUR) * HOUR;
        const end = Math.min(request.EndTime * 1000, ctx.clock.now());
        const hours = Math.max(0, Math.ceil((end - start) / HOUR));
        if (hours * request.MetricDataQueries.length > maxDataPoints)
          throw new ApiError('InvalidParameterValue', `More than ${maxDataPoints} data points requested.`);
        return {
          MetricDataResults: request.MetricDataQueries.map(({ Id, MetricStat }) => {
            const id = MetricStat.Metric.Dimensions.find((d) => d.Name === 'WorkspaceId')?.Value;
            const created = id === undefined ? undefined : createdAt(id);
            const timestamps: number[] = [];
            const values: number[] = [];
            if (
              id !== undefined &&
              created !== undefined &&
              MetricStat.Metric.Namespace === 'AWS/WorkSpaces' &&
              MetricStat.Metric.MetricName === 'UserConnected'
            ) {
              for (let hour = start; hour < end; hour += HOUR) {
                if (hour + HOUR <= created) continue;
                timestamps.push(hour / 1000);
                values.push(usage.connectedInHour(id, hour) ? 1 : 0);
              }
            }
            return {
              Id,
              Label: MetricStat.Metric.MetricName,
              Timestamps: timestamps,
              Values: values,
              StatusCode: 'Complete',
            };
          }),
          Messages: [],
        };
      },
    },
  };
}
