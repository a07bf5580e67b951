import { DescribeWorkspacesConnectionStatusCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { CloudWatchClient, GetMetricDataCommand } from '../../../functions/commons/cloudwatch';
import { usageFromMetric } from '../../../functions/commons/cost';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, ManualClock, rejection } from './helpers';

const DIR = 'd-5555555555';
const userConnected = (id: string) => ({
  Id: 'w0',
  MetricStat: {
    Metric: {
      Namespace: 'AWS/WorkSpaces',
      MetricName: 'UserConnected',
      Dimensions: [{ Name: 'WorkspaceId', Value: id }],
    },
    Period: 3600,
    Stat: 'Maximum',
  },
});

describe('Usage emulator: connection status and CloudWatch UserConnected', () => {
  // Monday 2 November 2026, 12:00 UTC; the WorkSpaces were made a day before.
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 12, 0, 0));
  let emulator: Emulator;
  let workspaces: WorkSpacesClient;
  let cloudwatch: CloudWatchClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      directories: [{ directoryId: DIR, registrationCode: 'R5', mode: 'managed-ad' }],
    });
    workspaces = new WorkSpacesClient(clientConfig(emulator));
    cloudwatch = new CloudWatchClient(clientConfig(emulator));
    for (const usage of ['heavy', 'light', 'never'] as const)
      ids[usage] = emulator.seedWorkspace({
        directoryId: DIR,
        userName: usage,
        bundleId: 'wsb-8vbljg4r6',
        usage,
      });
  });
  afterAll(async () => {
    workspaces.destroy();
    await emulator.stop();
  });

  test('ConnectionStatus_HeavyConnectedNow_NeverHasNoTimestamp', async () => {
    const out = await workspaces.send(
      new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: Object.values(ids) }),
    );
    const byId = new Map(out.WorkspacesConnectionStatus?.map((s) => [s.WorkspaceId, s]));
    expect(byId.get(ids.heavy)).toMatchObject({ ConnectionState: 'CONNECTED' });
    expect(byId.get(ids.heavy)?.LastKnownUserConnectionTimestamp?.toISOString()).toBe(
      '2026-11-02T08:00:00.000Z',
    );
    expect(byId.get(ids.light)?.ConnectionState).toBe('DISCONNECTED');
    expect(byId.get(ids.never)?.LastKnownUserConnectionTimestamp).toBeUndefined();
  });

  test('ConnectionStatus_26Ids_Refused', async () => {
    const ids26 = Array.from({ length: 26 }, (_, i) => `ws-${String(i).padStart(9, '0')}`);
    const error = await rejection(
      workspaces.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: ids26 })),
    );
    expect(error.name).toBe('InvalidParameterValuesException');
  });

  test('GetMetricData_HoursOfTheMonthFromTheModel', async () => {
    clock.ms = Date.UTC(2026, 10, 30, 20, 0, 0);
    const start = new Date(Date.UTC(2026, 10, 1));
    const end = new Date(clock.ms);
    const answer = async (id: string) => {
      const out = await cloudwatch.send(
        new GetMetricDataCommand({ MetricDataQueries: [userConnected(id)], StartTime: start, EndTime: end }),
      );
      return usageFromMetric(out.MetricDataResults[0].Timestamps, out.MetricDataResults[0].Values);
    };
    // November 2026 has 21 weekdays: 10 hours each; 8 Tuesdays and Thursdays: 2 hours each.
    expect(await answer(ids.heavy)).toEqual({ connectedHours: 210, sessions: 21 });
    expect(await answer(ids.light)).toEqual({ connectedHours: 16, sessions: 8 });
    expect(await answer(ids.never)).toEqual({ connectedHours: 0, sessions: 0 });
    expect(emulator.state.apiCalls['monitoring.GetMetricData']).toBe(3);
  });

  test('SetUsage_TakesEffectFromNow_ThePastStays', async () => {
    clock.ms = Date.UTC(2026, 11, 1, 7, 0, 0); // Tuesday
    emulator.setUsage(ids.never, 'heavy');
    clock.ms = Date.UTC(2026, 11, 1, 9, 30, 0);
    const out = await workspaces.send(
      new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [ids.never] }),
    );
    expect(out.WorkspacesConnectionStatus?.[0].LastKnownUserConnectionTimestamp?.toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    );
  });

  test('GetMetricData_501Queries_Refused', async () => {
    const error = await rejection(
      cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: Array.from({ length: 501 }, () => userConnected(ids.heavy)),
          StartTime: new Date(clock.ms - 3_600_000),
          EndTime: new Date(clock.ms),
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValue');
  });
});
