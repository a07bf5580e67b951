import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DEFAULT_FAULTS, type FaultsPatch } from '../../sandbox/emulator';
import { type Sandbox, startSandbox } from '../../sandbox/sandbox';

// End to end through the sandbox: real SDK clients, real HTTP on loopback, the real ASL.
// Twenty simulated minutes take one second at this scale.
const timeScale = 1200;

function joiner(n: number, overrides: Record<string, string> = {}) {
  return {
    eventId: `evt-e2e-${n}`,
    employeeId: `E${9000 + n}`,
    userName: `test.user${n}`,
    givenName: 'Test',
    familyName: `User${n}`,
    email: `test.user${n}@example.com`,
    department: 'Finance',
    managerEmail: 'manager@example.com',
    ...overrides,
  };
}

describe('sandbox end to end', () => {
  // One sandbox per file, as the task functions build their clients once per process; each test
  // uses its own employees and sets the faults it needs.
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale, seed: 7, outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')) });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  async function start(options: { faults?: FaultsPatch } = {}) {
    sandbox.emulator.setFaults({ ...DEFAULT_FAULTS, ...options.faults });
    return sandbox;
  }
  const workspacesOf = (userName: string) =>
    sandbox.emulator.state.workspaces.filter((w) => w.UserName === userName);
  const eventsFor = (userName: string) =>
    sandbox.emulator.state.events
      .filter((e) => (e.detail as { userName?: string }).userName === userName)
      .map((e) => e['detail-type']);

  test('HappyPath: a joiner event becomes an AVAILABLE WorkSpace and a welcome email with the registration code', async () => {
    const sb = await start();
    const arn = await sb.start('joiner', joiner(1));
    await sb.idle();
    const execution = await sb.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(execution.status).toBe('SUCCEEDED');
    const [workspace] = workspacesOf('test.user1');
    expect(workspace).toMatchObject({ UserName: 'test.user1', State: 'AVAILABLE' });
    expect(workspace.Tags).toEqual(
      expect.arrayContaining([{ Key: 'lifecycle-event-id', Value: 'evt-e2e-1' }]),
    );
    const welcome = sb.emulator.state.emails.find((e) => e.to.includes('test.user1@example.com'));
    expect(welcome?.text).toContain(sb.registrationCode);
    expect(welcome?.text).toContain('test.user1');
    const manager = sb.emulator.state.emails.find((e) => e.to.includes('manager@example.com'));
    expect(manager?.text).toMatch(/Initial password: \S{20}/);
    expect(JSON.stringify(execution)).not.toContain(manager?.text?.match(/Initial password: (\S+)/)?.[1]);
    expect(eventsFor('test.user1')).toEqual(['WorkSpace Ready']);
  });

  test('Duplicate: the same event twice starts one execution and creates one WorkSpace', async () => {
    const sb = await start();
    const first = await sb.start('joiner', joiner(2));
    const second = await sb.start('joiner', joiner(2));
    expect(second).toBe(first);
    await sb.idle();
    await expect(sb.start('joiner', joiner(2))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect(sb.emulator.state.executions.filter((e) => e.name === 'evt-e2e-2')).toHaveLength(1);
    expect(workspacesOf('test.user2')).toHaveLength(1);
  });

  test('Throttling: with 30 % of WorkSpaces calls throttled every joiner still completes', async () => {
    const sb = await start({ faults: { throttleRate: 0.3 } });
    const arns = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => sb.start('joiner', joiner(10 + n))));
    await sb.idle();
    const statuses = await Promise.all(
      arns.map(
        async (executionArn) => (await sb.sfn.send(new DescribeExecutionCommand({ executionArn }))).status,
      ),
    );
    expect(statuses).toEqual(arns.map(() => 'SUCCEEDED'));
    expect(Object.values(sb.emulator.state.throttled).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const n of [1, 2, 3, 4, 5, 6]) expect(workspacesOf(`test.user${10 + n}`)[0].State).toBe('AVAILABLE');
  });

  test('ErrorRecovered: a WorkSpace that goes to ERROR is rebuilt and the joiner completes', async () => {
    const sb = await start({ faults: { errorUsers: ['test.user20'] } });
    const arn = await sb.start('joiner', joiner(20));
    await sb.idle();
    expect((await sb.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('SUCCEEDED');
    expect(sb.emulator.state.apiCalls['workspaces.RebuildWorkspaces']).toBe(1);
    expect(workspacesOf('test.user20')[0].State).toBe('AVAILABLE');
  });

  test('ErrorReported: a WorkSpace that fails again after the rebuild is reported to operators', async () => {
    const sb = await start({ faults: { errorUsers: ['test.user21'], rebuildFailShare: 1 } });
    const arn = await sb.start('joiner', joiner(21));
    await sb.idle();
    const execution = await sb.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'WorkspaceUnrecoverable' });
    expect(sb.emulator.state.messages.filter((m) => m.message.includes('test.user21'))).toHaveLength(1);
    expect(eventsFor('test.user21')).toEqual(['Onboarding Failed']);
    expect(workspacesOf('test.user21')[0].State).toBe('ERROR');
  });
});
