import {
  CloudWatchClient,
  CloudWatchServiceError,
  type GetMetricDataCommand,
} from '../../../functions/commons/cloudwatch';
import { Env } from '../../../functions/commons/env';
import { ThrottledError, UsageReadError } from '../../../functions/commons/errors';
import { S3Client } from '../../../functions/commons/s3';
import { lambdaContext } from '../../../sandbox/state-machines';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
// Loaded in this file's registry (so the mocks on its clients apply) with the cost part on;
// configuration is read at cold start. `load` gives other settings, for calls that make no call.
process.env[Env.FleetReviewSettings] = JSON.stringify({ cost: { enabled: true } });
const enabled = (require('../../../functions/read-usage-hours-page') as { handler: Handler }).handler;
let stored: Array<{ Key: string; Body?: string }>;
let sent: GetMetricDataCommand[];
let answer: () => Promise<unknown>;

function load(cost: Record<string, unknown>): Handler {
  const saved = process.env[Env.FleetReviewSettings];
  process.env[Env.FleetReviewSettings] = JSON.stringify({ cost });
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    handler = (require('../../../functions/read-usage-hours-page') as { handler: Handler }).handler;
  });
  process.env[Env.FleetReviewSettings] = saved;
  return handler as Handler;
}
const event = { reviewId: 'r1', startedAt: '2026-11-30T20:00:00.000Z', page: 0, metrics: 25 };
const run = (handler: Handler) => handler(event, lambdaContext('ReadUsageHoursPage'));
const hour = (iso: string) => new Date(iso);

beforeEach(() => {
  stored = [];
  sent = [];
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    const input = command.input as { Key: string; Body?: string };
    if (input.Body === undefined)
      return { Body: JSON.stringify([{ workspaceId: 'ws-a00000001' }, { workspaceId: 'ws-a00000002' }]) };
    stored.push(input);
    return {};
  });
  jest.spyOn(CloudWatchClient.prototype, 'send').mockImplementation(async (command) => {
    sent.push(command);
    return (await answer()) as never;
  });
});

describe('handler', () => {
  it('OneQueryPerWorkspace_FromTheMonthsStartUtc_HoursAndSessions', async () => {
    answer = async () => ({
      MetricDataResults: [
        {
          Id: 'w0',
          Timestamps: [
            hour('2026-11-02T08:00:00Z'),
            hour('2026-11-02T09:00:00Z'),
            hour('2026-11-02T10:00:00Z'),
          ],
          Values: [1, 1, 0],
        },
        { Id: 'w1', Timestamps: [hour('2026-11-02T08:00:00Z')], Values: [0] },
      ],
    });
    await expect(run(enabled)).resolves.toEqual({ metrics: 27 });
    expect(sent).toHaveLength(1);
    expect(sent[0].input.StartTime.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(sent[0].input.MetricDataQueries[1].MetricStat).toMatchObject({
      Metric: { MetricName: 'UserConnected', Dimensions: [{ Name: 'WorkspaceId', Value: 'ws-a00000002' }] },
      Period: 3600,
      Stat: 'Maximum',
    });
    expect(stored[0].Key).toBe('reviews/r1/hours/00000.json');
    expect(JSON.parse(stored[0].Body ?? '{}')).toEqual({
      'ws-a00000001': { connectedHours: 2, sessions: 1 },
      'ws-a00000002': { connectedHours: 0, sessions: 0 },
    });
  });
  it('CostOff_NoCall', async () => {
    await expect(run(load({}))).resolves.toEqual({ metrics: 25 });
    expect(sent).toHaveLength(0);
  });
  it('MoreThanOnePage_UsageReadError', async () => {
    answer = async () => ({ MetricDataResults: [], NextToken: 'more' });
    await expect(run(enabled)).rejects.toBeInstanceOf(UsageReadError);
  });
  it('Throttled_ThrottledError; AccessDenied_UsageReadError', async () => {
    answer = async () => {
      throw new CloudWatchServiceError('Throttling', 'slow down', { httpStatusCode: 400 });
    };
    await expect(run(enabled)).rejects.toBeInstanceOf(ThrottledError);
    answer = async () => {
      throw new CloudWatchServiceError('AccessDenied', 'no', { httpStatusCode: 403 });
    };
    await expect(run(enabled)).rejects.toBeInstanceOf(UsageReadError);
  });
});
