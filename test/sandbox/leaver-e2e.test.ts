import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateTagsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { type Sandbox, startSandbox } from '../../sandbox/sandbox';
import { until } from './until';

// End to end through the sandbox: real SDK clients, real HTTP on loopback, the real ASL.
const timeScale = 1200;

const employee = (n: number, department = 'Finance') => ({
  eventId: `evt-lv-join-${n}`,
  employeeId: `E${7000 + n}`,
  userName: `leaver.user${n}`,
  givenName: 'Leaver',
  familyName: `User${n}`,
  email: `leaver.user${n}@example.com`,
  department,
  managerEmail: 'manager@example.com',
});

describe('leaver and rehire end to end', () => {
  // One sandbox per file, as the task functions build their clients once per process.
  let sandbox: Sandbox;
  beforeAll(async () => {
    // A grace period of about half an hour, warned six minutes before, so the whole removal
    // takes under two real seconds at this time scale.
    sandbox = await startSandbox({
      timeScale,
      seed: 11,
      outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')),
      leaver: { gracePeriodDays: 0.02, warningLeadHours: 0.1 },
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const workspacesOf = (userName: string) =>
    sandbox.emulator.state.workspaces.filter((w) => w.UserName === userName);
  const userOf = (userName: string) =>
    sandbox.emulator.state.users.find((u) => u.samAccountName === userName);
  const eventsFor = (userName: string) =>
    sandbox.emulator.state.events
      .filter((e) => (e.detail as { userName?: string }).userName === userName)
      .map((e) => e['detail-type']);
  const statusOf = async (executionArn: string) =>
    (await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  async function provision(n: number, department?: string) {
    const joiner = employee(n, department);
    const arn = await sandbox.start('joiner', joiner);
    await sandbox.idle();
    expect(await statusOf(arn)).toBe('SUCCEEDED');
    const [workspace] = workspacesOf(joiner.userName);
    expect(workspace.State).toBe('AVAILABLE');
    return { joiner, workspaceId: workspace.WorkspaceId };
  }
  const inGracePeriod = (eventId: string) => () =>
    ['WaitUntilWarning', 'WaitUntilRemoval'].includes(sandbox.progress.get(eventId)?.state ?? '');

  test('Leaver: the WorkSpace is stopped at once, kept through the grace period, then removed with the user', async () => {
    const { joiner, workspaceId } = await provision(1, 'Engineering');
    const leaver = {
      eventId: 'evt-lv-leave-1',
      employeeId: joiner.employeeId,
      userName: joiner.userName,
      lastWorkingDay: new Date().toISOString().slice(0, 10),
      immediate: true,
    };
    const arn = await sandbox.start('leaver', leaver);

    await until('the grace period', inGracePeriod(leaver.eventId));
    await until('the WorkSpace to stop', () => workspacesOf(joiner.userName)[0]?.State === 'STOPPED');
    const [stopped] = workspacesOf(joiner.userName);
    expect(stopped.WorkspaceId).toBe(workspaceId);
    // The power profile is ALWAYS_ON, which cannot be stopped: switched first.
    expect(stopped.WorkspaceProperties.RunningMode).toBe('AUTO_STOP');
    expect(stopped.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'lifecycle-removal-event-id', Value: 'evt-lv-leave-1' },
        { Key: 'lifecycle-remove-after', Value: expect.any(String) },
      ]),
    );
    expect(userOf(joiner.userName)?.enabled).toBe(false);
    expect(await statusOf(arn)).toBe('RUNNING');

    await sandbox.idle();
    expect(await statusOf(arn)).toBe('SUCCEEDED');
    // TERMINATED shows only briefly before the id disappears.
    expect(workspacesOf(joiner.userName).every((w) => w.State === 'TERMINATED')).toBe(true);
    expect(userOf(joiner.userName)).toBeUndefined();
    expect(eventsFor(joiner.userName)).toEqual(['WorkSpace Ready', 'Access Revoked', 'WorkSpace Removed']);
    const warning = sandbox.emulator.state.messages.find((m) => m.message.includes(workspaceId));
    expect(warning?.message).toContain('lifecycle-protect=true');
  });

  test('ProtectedAfterTheWarning_TagIndexTenMinutesBehind_RemovalCancelled: the read before a termination is DescribeTags', async () => {
    const { joiner, workspaceId } = await provision(3);
    // The tag index shows tags as they were 10 minutes ago: the removal tags, put at the cut, by the
    // warning (22.8 minutes in); the protection, put after the warning, not by the removal (28.8).
    sandbox.emulator.setFaults({ tagIndexLagSeconds: 600 });
    const indexReads = () => sandbox.emulator.state.apiCalls['tagging.GetResources'] ?? 0;
    const readsBefore = indexReads();
    const leaver = {
      eventId: 'evt-lv-leave-3',
      employeeId: joiner.employeeId,
      userName: joiner.userName,
      lastWorkingDay: new Date().toISOString().slice(0, 10),
      immediate: true,
    };
    const arn = await sandbox.start('leaver', leaver);
    await until('the warning', () => sandbox.progress.get(leaver.eventId)?.state === 'WaitUntilRemoval');
    const operator = new WorkSpacesClient({
      endpoint: sandbox.emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await operator.send(
      new CreateTagsCommand({ ResourceId: workspaceId, Tags: [{ Key: 'lifecycle-protect', Value: 'true' }] }),
    );
    operator.destroy();

    await sandbox.idle();
    sandbox.emulator.setFaults({ tagIndexLagSeconds: 0 });
    expect(await statusOf(arn)).toBe('SUCCEEDED');
    // The cut and the warning read their tags from the index; the read before the termination,
    // DescribeTags, saw the protection the index did not show yet.
    expect(indexReads()).toBeGreaterThan(readsBefore);
    expect(eventsFor(joiner.userName)).toEqual(['WorkSpace Ready', 'Access Revoked', 'Removal Cancelled']);
    const cancelled = sandbox.emulator.state.events.find(
      (e) =>
        e['detail-type'] === 'Removal Cancelled' &&
        (e.detail as { eventId?: string }).eventId === leaver.eventId,
    );
    expect(JSON.stringify(cancelled?.detail)).toContain('protected by an operator');
    expect(sandbox.emulator.state.messages.some((m) => m.message.includes(workspaceId))).toBe(true);
    expect(workspacesOf(joiner.userName)[0]).toMatchObject({ WorkspaceId: workspaceId, State: 'STOPPED' });
  });

  test('Rehire: inside the grace period the same WorkSpace comes back, started, and the user is enabled', async () => {
    const { joiner, workspaceId } = await provision(2);
    const leaver = {
      eventId: 'evt-lv-leave-2',
      employeeId: joiner.employeeId,
      userName: joiner.userName,
      lastWorkingDay: '2020-01-31',
    };
    const leaverArn = await sandbox.start('leaver', leaver);
    await until('the grace period', inGracePeriod(leaver.eventId));
    await until('the WorkSpace to stop', () => workspacesOf(joiner.userName)[0]?.State === 'STOPPED');
    expect(userOf(joiner.userName)?.enabled).toBe(false);

    const rehire = {
      eventId: 'evt-lv-rehire-2',
      employeeId: joiner.employeeId,
      userName: joiner.userName,
      managerEmail: 'manager@example.com',
    };
    const rehireArn = await sandbox.start('rehire', rehire);
    await sandbox.idle();

    expect(await statusOf(rehireArn)).toBe('SUCCEEDED');
    expect(await statusOf(leaverArn)).toBe('SUCCEEDED');
    const [workspace] = workspacesOf(joiner.userName);
    expect(workspace).toMatchObject({ WorkspaceId: workspaceId, State: 'AVAILABLE' });
    expect(workspace.Tags.map((t) => t.Key)).not.toContain('lifecycle-removal-event-id');
    expect(userOf(joiner.userName)?.enabled).toBe(true);
    // The rehire's "WorkSpace Ready" and the leaver's "Removal Cancelled" come from two flows
    // running at once: either may be published first.
    const events = eventsFor(joiner.userName);
    expect(events.slice(0, 2)).toEqual(['WorkSpace Ready', 'Access Revoked']);
    expect(events.slice(2).sort()).toEqual(['Removal Cancelled', 'WorkSpace Ready']);
  });
});
