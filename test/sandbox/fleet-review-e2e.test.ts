import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type SeededEstate, seedEstate } from '../../sandbox/estate';
import { reviewBucketName, type Sandbox, startSandbox } from '../../sandbox/sandbox';
import { stateMachineArnOf } from '../../sandbox/state-machines';

// An existing estate of 300 untagged WorkSpaces, 20 of whose people have left, and 15 people
// with none, brought in by one fleet review with every action on: the real ASL, handlers and
// SDK clients against the emulator, whose token bucket is the account's WorkSpaces budget.
const timeScale = 600;

describe('fleet review end to end', () => {
  let sandbox: Sandbox;
  let estate: SeededEstate;
  let storeDir: string;
  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'fleet-store-'));
    sandbox = await startSandbox({
      timeScale,
      seed: 15,
      outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')),
      storeDir,
      // The estate is 300 WorkSpaces; the emulator's default quota is 100.
      faults: { quota: 400 },
      // A grace period of 72 simulated minutes: about 7 real seconds.
      leaver: { gracePeriodDays: 0.05, warningLeadHours: 0.1 },
      fleetReview: {
        actions: { adopt: true, removeOrphaned: true, provisionMissing: true },
        caps: { adopt: 300, removeOrphaned: 20, provisionMissing: 15 },
      },
    });
    estate = seedEstate(sandbox, { size: 300, leavers: 20, missing: 15 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const workspacesCalls = () =>
    Object.entries(sandbox.emulator.state.apiCalls)
      .filter(([key]) => key.startsWith('workspaces.'))
      .reduce((sum, [, n]) => sum + n, 0);
  async function review(name: string) {
    const { executionArn } = await sandbox.sfn.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineArnOf('review'), name, input: '{}' }),
    );
    await sandbox.idle(120_000);
    const execution = await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return {
      status: execution.status,
      output: JSON.parse(execution.output ?? '{}'),
      error: `${execution.error}: ${execution.cause}`,
    };
  }

  it('AdoptsTheEstate_RemovesTheLeaversAfterGrace_ProvisionsTheMissing_InsideTheBudget', async () => {
    const before = { calls: { ...sandbox.emulator.state.apiCalls } };

    const { status, output, error } = await review('fleet-review-1');

    expect({ status, error }).toMatchObject({ status: 'SUCCEEDED' });
    expect(output).toMatchObject({
      counts: { untagged: 300, orphaned: 20, missing: 15, unknown: 0, stuck: 0, drifted: 0 },
      fleetSize: 300,
      adopted: 300,
      events: 35,
      // The reads: 12 pages of 25 and one DescribeTags per WorkSpace; the directory's users, 2 pages.
      workspacesCalls: 12 + 300,
      directoryUsers: 300,
    });
    expect(before.calls['workspaces.DescribeWorkspaces'] ?? 0).toBe(0);
    expect(sandbox.emulator.state.apiCalls['ds-data.ListUsers']).toBe(2);
    const views = sandbox.emulator.state.workspaces;
    const stayers = estate.roster.slice(20, 300).map((p) => p.userName);
    for (const userName of stayers) {
      const [ws] = views.filter((w) => w.UserName === userName);
      expect(ws?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'employee-id', Value: `EST-${userName}` },
          { Key: 'managed-by', Value: 'workspaces-lifecycle' },
        ]),
      );
    }
    // The leavers' WorkSpaces went through the leaver flow: grace period, then terminated.
    for (const userName of estate.leavers) {
      expect(views.filter((w) => w.UserName === userName && w.State !== 'TERMINATED')).toEqual([]);
      expect(sandbox.emulator.state.users.find((u) => u.samAccountName === userName)).toBeUndefined();
    }
    const removed = sandbox.emulator.state.events.filter((e) => e['detail-type'] === 'WorkSpace Removed');
    expect(removed).toHaveLength(20);
    // The missing got their joiner: a WorkSpace each, and a welcome email.
    expect(sandbox.deadLetters).toEqual([]);
    expect(
      sandbox.emulator.state.executions
        .filter((e) => e.status !== 'SUCCEEDED')
        .map((e) => [e.name, e.error, e.cause]),
    ).toEqual([]);
    for (const userName of estate.missing) {
      expect(views.find((w) => w.UserName === userName)?.State).toBe('AVAILABLE');
    }
    expect(sandbox.emulator.state.events.filter((e) => e['detail-type'] === 'WorkSpace Ready')).toHaveLength(
      15,
    );
    // Review, adoptions, leavers, joiners and the provisioner together: no call over the budget.
    expect(sandbox.emulator.state.throttled).toEqual({});
    const report = readFileSync(join(storeDir, reviewBucketName, 'reports', 'latest.html'), 'utf8');
    expect(report).toContain('id="count-untagged">300<');
  }, 120_000);

  it('SecondReview_FindsTheFleetTrueToHr_StartsNothing', async () => {
    const calls = workspacesCalls();

    const { status, output } = await review('fleet-review-2');

    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      counts: { untagged: 0, orphaned: 0, missing: 0, unknown: 0 },
      fleetSize: 295,
      adopted: 0,
      events: 0,
      workspacesCalls: 12 + 295,
      // The 20 leavers' users deleted, the 15 joiners' created.
      directoryUsers: 295,
    });
    expect(workspacesCalls() - calls).toBe(12 + 295);
  }, 60_000);
});
