import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { type Sandbox, startSandbox } from '../../sandbox/sandbox';
import { until } from './until';

// End to end through the sandbox in compressed time: one real second is half an hour, so AWS's
// six hours for a new WorkSpace pass in twelve real seconds (and a task's 900 s timeout is half
// a real second, which a busy machine still meets).
const timeScale = 1800;
jest.setTimeout(90_000);

const employee = (n: number, department: string) => ({
  eventId: `evt-mv-join-${n}`,
  employeeId: `E${8000 + n}`,
  userName: `mover.user${n}`,
  givenName: 'Mover',
  familyName: `User${n}`,
  email: `mover.user${n}@example.com`,
  department,
  managerEmail: 'manager@example.com',
});
const change = (n: number, eventId: string, changes: Record<string, unknown>) => ({
  eventId,
  employeeId: `E${8000 + n}`,
  userName: `mover.user${n}`,
  ...changes,
});
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('mover end to end', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale, seed: 13, outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')) });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const workspaceOf = (userName: string) =>
    sandbox.emulator.state.workspaces.find((w) => w.UserName === userName && w.State !== 'TERMINATED');
  const tagsOf = (userName: string) =>
    Object.fromEntries((workspaceOf(userName)?.Tags ?? []).map((t) => [t.Key, t.Value]));
  const statusOf = async (executionArn: string) =>
    (await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  const eventsFor = (userName: string) =>
    sandbox.emulator.state.events.filter((e) => (e.detail as { userName?: string }).userName === userName);
  async function provision(n: number, department: string) {
    const arn = await sandbox.start('joiner', employee(n, department));
    await until('the joiner', async () => (await statusOf(arn)) === 'SUCCEEDED', 60_000);
    expect(workspaceOf(`mover.user${n}`)?.State).toBe('AVAILABLE');
  }

  test('Upgrade of a new WorkSpace: the running mode at once, compute and volumes after its sixth hour, each in its own call; tags follow; emails and WorkSpace Changed', async () => {
    await provision(1, 'Finance');
    const arn = await sandbox.start('mover', change(1, 'evt-mv-1', { department: 'Engineering' }));

    await until(
      'the running mode',
      () => workspaceOf('mover.user1')?.WorkspaceProperties.RunningMode === 'ALWAYS_ON',
    );
    expect(workspaceOf('mover.user1')?.WorkspaceProperties.ComputeTypeName).toBe('STANDARD');
    await until('the mover', async () => (await statusOf(arn)) === 'SUCCEEDED', 80_000);

    const ws = workspaceOf('mover.user1');
    expect(ws?.WorkspaceProperties).toMatchObject({
      ComputeTypeName: 'POWER',
      RootVolumeSizeGib: 175,
      UserVolumeSizeGib: 100,
      RunningMode: 'ALWAYS_ON',
    });
    expect(tagsOf('mover.user1')).toMatchObject({
      'workspace-profile': 'power',
      department: 'Engineering',
      'employee-id': 'E8001',
    });
    const changed = eventsFor('mover.user1').find((e) => e['detail-type'] === 'WorkSpace Changed');
    expect(changed?.detail).toMatchObject({ deferred: [{}, {}, {}] });
    const subjects = sandbox.emulator.state.emails
      .filter((m) => m.to.includes('mover.user1@example.com'))
      .map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'Your WorkSpace will restart for your new role',
        'Your WorkSpace is ready after your change of role',
      ]),
    );
  });

  test('Downgrade deferred, then superseded by a newer change: the WorkSpace is never downgraded', async () => {
    await provision(2, 'Engineering');
    const first = await sandbox.start('mover', change(2, 'evt-mv-2a', { department: 'Call Centre' }));
    await until(
      'the downgrade to wait',
      () => sandbox.progress.get('evt-mv-2a')?.state === 'WaitUntilAllowed',
    );
    const second = await sandbox.start('mover', change(2, 'evt-mv-2b', { department: 'Engineering' }));

    await until(
      'both movers',
      async () => (await statusOf(first)) !== 'RUNNING' && (await statusOf(second)) !== 'RUNNING',
      60_000,
    );
    expect(await statusOf(first)).toBe('SUCCEEDED');
    expect(await statusOf(second)).toBe('SUCCEEDED');
    expect(workspaceOf('mover.user2')?.WorkspaceProperties.ComputeTypeName).toBe('POWER');
    expect(tagsOf('mover.user2')).toMatchObject({
      'lifecycle-change-event-id': 'evt-mv-2b',
      'workspace-profile': 'power',
    });
  });

  test('Contract end date: scheduling starts a leaver waiting for that day, moving it replaces the leaver, clearing it cancels it', async () => {
    await provision(3, 'Finance');
    const set = await sandbox.start('mover', change(3, 'evt-mv-3a', { contractEndDate: inDays(20) }));
    await until('the first mover', async () => (await statusOf(set)) === 'SUCCEEDED');
    const leaverArn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:leaver:${name}`;
    await until(
      'the leaver to wait',
      () => sandbox.progress.get('contract-end-evt-mv-3a')?.state === 'WaitUntilLastDayEnds',
    );

    const moved = await sandbox.start('mover', change(3, 'evt-mv-3b', { contractEndDate: inDays(40) }));
    await until('the second mover', async () => (await statusOf(moved)) === 'SUCCEEDED');
    expect(await statusOf(leaverArn('contract-end-evt-mv-3a'))).toBe('ABORTED');
    expect(await statusOf(leaverArn('contract-end-evt-mv-3b'))).toBe('RUNNING');

    const cleared = await sandbox.start('mover', change(3, 'evt-mv-3c', { contractEndDate: null }));
    await until('the third mover', async () => (await statusOf(cleared)) === 'SUCCEEDED');
    expect(await statusOf(leaverArn('contract-end-evt-mv-3b'))).toBe('ABORTED');
    expect(workspaceOf('mover.user3')?.State).toBe('AVAILABLE');
  });

  test('Name change: the directory user gets the new family name and email', async () => {
    await provision(4, 'Finance');
    const arn = await sandbox.start(
      'mover',
      change(4, 'evt-mv-4', { familyName: 'Renamed', email: 'renamed@example.com' }),
    );
    await until('the mover', async () => (await statusOf(arn)) === 'SUCCEEDED');
    expect(sandbox.emulator.state.users.find((u) => u.samAccountName === 'mover.user4')).toMatchObject({
      surname: 'Renamed',
      emailAddress: 'renamed@example.com',
    });
  });
});
