import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  ModifyWorkspacePropertiesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchClient, type GetMetricDataCommand } from '../../functions/commons/cloudwatch';
import { DirectoryServiceDataClient } from '../../functions/commons/directory-service-data';
import { Env } from '../../functions/commons/env';
import { reviewKeys } from '../../functions/commons/review-store';
import { rosterToCsv } from '../../functions/commons/roster';
import { S3Client, S3ServiceError } from '../../functions/commons/s3';
import { installClock, ScaledClock } from '../../sandbox/clock';
import { runInstant } from '../helpers/workflow';

// The review with only its cost part on, applying and removing; read when the handlers first load.
process.env[Env.FleetReviewSettings] = JSON.stringify({
  cost: { enabled: true, applyBillingMode: true, removeUnused: true },
});
const workspaces = mockClient(WorkSpacesClient);
const events = mockClient(EventBridgeClient);
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);
const dynamodb = mockClient(DynamoDBClient);
let objects: Map<string, string>;
let uninstall: (() => void) | undefined;

interface Ws {
  id: string;
  user: string;
  mode: 'AUTO_STOP' | 'ALWAYS_ON';
  tags: Record<string, string>;
  /** Hours connected this month, as one session a day from the 2nd. */
  hours: number;
  lastConnection?: string;
  timeout?: number;
}
let estate: Ws[];
const adopted = { 'managed-by': 'workspaces-lifecycle', 'lifecycle-adopted-at': '2026-10-01T00:00:00Z' };

/**
 * Runs a review as if it started at `at` (the execution's start is the review's time), on a clock
 * 1,000 times real time: the review's paced reads take simulated seconds, not hours.
 */
async function reviewAt(at: string, name: string) {
  uninstall?.();
  uninstall = installClock(new ScaledClock(1000, Date.parse(at)));
  return runInstant('review', {}, name);
}

beforeEach(() => {
  objects = new Map();
  for (const m of [workspaces, events, ses, sns, dynamodb]) m.reset();
  jest.restoreAllMocks();
  estate = [
    {
      id: 'ws-heavy0001',
      user: 'heavy',
      mode: 'AUTO_STOP',
      tags: { ...adopted, 'employee-id': 'E1' },
      hours: 150,
      lastConnection: '2026-11-19T08:00:00Z',
    },
    {
      id: 'ws-light0001',
      user: 'light',
      mode: 'ALWAYS_ON',
      tags: { ...adopted, 'employee-id': 'E2' },
      hours: 10,
      lastConnection: '2026-11-19T08:00:00Z',
    },
    {
      id: 'ws-never0001',
      user: 'never',
      mode: 'AUTO_STOP',
      tags: { ...adopted, 'employee-id': 'E3' },
      hours: 0,
    },
    {
      id: 'ws-tagged001',
      user: 'tagged',
      mode: 'AUTO_STOP',
      tags: { ...adopted, 'employee-id': 'E4', 'lifecycle-auto-stop-minutes': '120' },
      hours: 20,
      lastConnection: '2026-11-19T08:00:00Z',
      timeout: 60,
    },
  ];
  const people = estate.map((w, i) => ({
    employeeId: `E${i + 1}`,
    userName: w.user,
    givenName: 'G',
    familyName: 'F',
    email: `${w.user}@example.com`,
    department: i < 2 ? 'Sales' : 'Finance',
    managerEmail: 'manager@example.com',
  }));
  objects.set('roster/roster.csv', rosterToCsv(people));
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    const { Key, Body } = command.input as { Key: string; Body?: string };
    if ('method' in command && command.method === 'PUT') {
      objects.set(Key, Body ?? '');
      return {};
    }
    const body = objects.get(Key);
    if (body === undefined) throw new S3ServiceError('NoSuchKey', 'no key', { httpStatusCode: 404 });
    return { Body: body };
  });
  jest
    .spyOn(CloudWatchClient.prototype, 'send')
    .mockImplementation(async (command: GetMetricDataCommand) => ({
      MetricDataResults: command.input.MetricDataQueries.map((q) => {
        const ws = estate.find((w) => w.id === q.MetricStat.Metric.Dimensions[0].Value);
        // One session a day of `hours / days` hours: hours in a row from 08:00 on consecutive days.
        const hours = ws?.hours ?? 0;
        const timestamps = Array.from(
          { length: hours },
          (_, h) => new Date(Date.UTC(2026, 10, 2 + Math.floor(h / 10), 8 + (h % 10))),
        );
        return { Id: q.Id, Timestamps: timestamps, Values: timestamps.map(() => 1) };
      }),
    }));
  workspaces.on(DescribeWorkspacesCommand).callsFake((input: { NextToken?: string; Limit?: number }) => {
    const start = Number(input.NextToken ?? 0);
    const end = start + (input.Limit ?? 25);
    return {
      NextToken: end < estate.length ? String(end) : undefined,
      Workspaces: estate.slice(start, end).map((w) => ({
        WorkspaceId: w.id,
        DirectoryId: 'd-906700c0de',
        UserName: w.user,
        State: 'AVAILABLE',
        BundleId: 'wsb-8vbljg4r6',
        WorkspaceProperties: {
          RunningMode: w.mode,
          ComputeTypeName: 'STANDARD',
          RunningModeAutoStopTimeoutInMinutes: w.timeout,
        },
      })),
    };
  });
  workspaces.on(DescribeTagsCommand).callsFake((input: { ResourceId: string }) => ({
    TagList: Object.entries(estate.find((w) => w.id === input.ResourceId)?.tags ?? {}).map(
      ([Key, Value]) => ({
        Key,
        Value,
      }),
    ),
  }));
  workspaces.on(DescribeWorkspacesConnectionStatusCommand).callsFake((input: { WorkspaceIds: string[] }) => ({
    WorkspacesConnectionStatus: estate
      .filter((w) => input.WorkspaceIds.includes(w.id))
      .map((w) => ({
        WorkspaceId: w.id,
        ConnectionState: 'DISCONNECTED',
        LastKnownUserConnectionTimestamp: w.lastConnection ? new Date(w.lastConnection) : undefined,
      })),
  }));
  workspaces
    .on(CreateTagsCommand)
    .callsFake((input: { ResourceId: string; Tags: { Key: string; Value: string }[] }) => {
      const ws = estate.find((w) => w.id === input.ResourceId);
      for (const t of input.Tags) if (ws) ws.tags[t.Key] = t.Value;
      return {};
    });
  workspaces.on(ModifyWorkspacePropertiesCommand).callsFake(
    (input: {
      WorkspaceId: string;
      WorkspaceProperties: {
        RunningMode: 'AUTO_STOP' | 'ALWAYS_ON';
        RunningModeAutoStopTimeoutInMinutes?: number;
      };
    }) => {
      const ws = estate.find((w) => w.id === input.WorkspaceId);
      if (ws) {
        ws.mode = input.WorkspaceProperties.RunningMode;
        ws.timeout = input.WorkspaceProperties.RunningModeAutoStopTimeoutInMinutes;
      }
      return {};
    },
  );
  jest
    .spyOn(DirectoryServiceDataClient.prototype, 'send')
    .mockImplementation(async () => ({ Users: [] }) as never);
  dynamodb.on(ScanCommand).resolves({ Items: [] });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});
afterAll(() => uninstall?.());

const modified = () =>
  workspaces
    .commandCalls(ModifyWorkspacePropertiesCommand)
    .map((c) => [
      c.args[0].input.WorkspaceId,
      c.args[0].input.WorkspaceProperties?.RunningMode,
      c.args[0].input.WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes,
    ]);

describe('fleet review, cost part', () => {
  it('MidMonthThenLastDay_HourlyToMonthlyAtOnce_MonthlyToHourlyAtMonthEnd_WarningThenRemovalThroughTheLeaver', async () => {
    const first = await reviewAt('2026-11-20T09:00:00Z', 'review-nov-20');
    expect([first.status, first.error, first.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    // Hourly to monthly at once; the tagged timeout applied; monthly to hourly waits for the month's end.
    expect(modified()).toEqual([
      ['ws-heavy0001', 'ALWAYS_ON', undefined],
      ['ws-tagged001', 'AUTO_STOP', 120],
    ]);
    expect(estate[0].tags['lifecycle-running-mode-at']).toMatch(/^2026-11-20T/);
    // The never-used WorkSpace's person and manager are warned, naming the month's last day.
    const mail = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(mail).toHaveLength(1);
    expect(mail[0].Destination).toEqual({
      ToAddresses: ['never@example.com'],
      CcAddresses: ['manager@example.com'],
    });
    expect(mail[0].Content?.Simple?.Subject?.Data).toContain('2026-11-30');
    const warnedAt = estate[2].tags['lifecycle-unused-warned-at'];
    expect(warnedAt).toMatch(/^2026-11-20T/);
    expect(events).not.toHaveReceivedCommand(PutEventsCommand);
    expect(first.output).toMatchObject({ cost: { month: '2026-11' }, autoStops: 1 });
    const csv = objects.get(reviewKeys.costCsv('review-nov-20')) ?? '';
    expect(csv.split('\n')[0]).toContain('recommendedMode');
    expect(objects.get(reviewKeys.reportHtml('review-nov-20'))).toContain('id="cost-by-department"');
    // The operators' email carries the cost totals.
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('Cost 2026-11 (estimated)');

    workspaces.resetHistory();
    ses.resetHistory();
    const last = await reviewAt('2026-11-30T20:00:00Z', 'review-nov-30');
    expect(last.status).toBe('SUCCEEDED');
    // Monthly to hourly on the last day; the one changed this month is not changed back.
    expect(modified()).toEqual([['ws-light0001', 'AUTO_STOP', 60]]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    const unused = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.[0]);
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({ DetailType: 'WorkSpace Unused', Source: 'workspaces-lifecycle.hr' });
    expect(JSON.parse(unused[0]?.Detail ?? '{}')).toMatchObject({
      eventId: 'unused:ws-never0001:2026-11-30',
      workspaceId: 'ws-never0001',
      employeeId: 'E3',
      warnedAt,
    });
  });

  it('ConnectedAfterTheWarning_NoRemovalEvent', async () => {
    await reviewAt('2026-11-20T09:00:00Z', 'review-nov-20');
    estate[2].lastConnection = '2026-11-25T08:00:00Z';
    events.resetHistory();
    await reviewAt('2026-11-30T20:00:00Z', 'review-nov-30');
    expect(events).not.toHaveReceivedCommand(PutEventsCommand);
  });

  it('Review5000_200ConnectionStatusCallsAnd200GetMetricData_ForAllTheirMetrics', async () => {
    estate = Array.from({ length: 5000 }, (_, i) => ({
      id: `ws-${String(i).padStart(9, '0')}`,
      user: `user${i}`,
      mode: 'AUTO_STOP' as const,
      tags: { ...adopted, 'employee-id': `E${i}` },
      hours: 20,
      lastConnection: '2026-11-19T08:00:00Z',
    }));
    objects.set(
      'roster/roster.csv',
      rosterToCsv(
        estate.map((w, i) => ({
          employeeId: `E${i}`,
          userName: w.user,
          givenName: 'G',
          familyName: 'F',
          email: `${w.user}@example.com`,
          department: 'Sales',
          managerEmail: 'manager@example.com',
        })),
      ),
    );
    const metrics = jest.spyOn(CloudWatchClient.prototype, 'send');

    const outcome = await reviewAt('2026-11-20T09:00:00Z', 'review-5000');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces.commandCalls(DescribeWorkspacesConnectionStatusCommand)).toHaveLength(200);
    expect(metrics).toHaveBeenCalledTimes(200);
    expect(outcome.output).toMatchObject({ cost: { connectionCalls: 200, metricsRequested: 5000 } });
    // The usage loop: MoreUsagePages, ReadUsageHoursPage, ReadConnectionPage a page, beside the
    // fleet's two; the cost part changes nothing here (20 hours each: hourly is right).
    expect(outcome.transitions).toBeLessThanOrEqual(5 * 200 + 20);
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
  }, 120_000);

  it('DryRunOnDemand_ReportsAndChangesNothing', async () => {
    const outcome = await reviewAt('2026-11-30T20:00:00Z', 'review-dry');
    expect(outcome.status).toBe('SUCCEEDED');
    workspaces.resetHistory();
    const dry = await runInstant('review', { dryRun: true }, 'review-dry-2');
    expect(dry.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(workspaces).not.toHaveReceivedCommand(CreateTagsCommand);
  });
});
