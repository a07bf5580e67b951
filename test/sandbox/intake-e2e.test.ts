import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureHeaders, sign } from '../../functions/commons/signature';
import { wallClockNow } from '../../sandbox/clock';
import { sandboxWebhookSecret } from '../../sandbox/intake';
import { type Sandbox, startSandbox } from '../../sandbox/sandbox';

// HR intake end to end: real HTTP to the webhook, the bus, the rules, the dispatcher, the flow.
describe('HR intake through the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      timeScale: 1200,
      seed: 3,
      outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const joiner = (n: number) => ({
    eventId: `evt-intake-${n}`,
    employeeId: `E7${String(n).padStart(3, '0')}`,
    userName: `intake.user${n}`,
    givenName: 'Intake',
    familyName: `User${n}`,
    email: `intake.user${n}@example.com`,
    department: 'Finance',
    managerEmail: 'manager@example.com',
  });
  async function post(body: string, key = sandboxWebhookSecret) {
    // The HR system's clock is the wall clock, not the sandbox's simulated one.
    const timestamp = String(Math.floor(wallClockNow() / 1000));
    const response = await fetch(sandbox.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SignatureHeaders.timestamp]: timestamp,
        [SignatureHeaders.signature]: sign(key, timestamp, body),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const joined = (n: number) => JSON.stringify({ 'detail-type': 'Employee Joined', detail: joiner(n) });
  const executionsNamed = (name: string) => sandbox.emulator.state.executions.filter((e) => e.name === name);

  test('SignedPost: becomes an execution and an AVAILABLE WorkSpace', async () => {
    expect(await post(joined(1))).toMatchObject({ status: 202, body: { eventId: 'evt-intake-1' } });
    await sandbox.emulator.settled();
    await sandbox.idle();
    expect(executionsNamed('evt-intake-1')).toEqual([expect.objectContaining({ status: 'SUCCEEDED' })]);
    expect(sandbox.emulator.state.workspaces.find((w) => w.UserName === 'intake.user1')?.State).toBe(
      'AVAILABLE',
    );
  });

  test('SamePostTwice: one execution', async () => {
    expect((await post(joined(2))).status).toBe(202);
    expect((await post(joined(2))).status).toBe(202);
    await sandbox.emulator.settled();
    await sandbox.idle();
    expect(executionsNamed('evt-intake-2')).toHaveLength(1);
    expect(sandbox.emulator.state.workspaces.filter((w) => w.UserName === 'intake.user2')).toHaveLength(1);
  });

  test('BadSignature: 401 and nothing changes', async () => {
    const eventsBefore = sandbox.emulator.state.events.length;
    const executionsBefore = sandbox.emulator.state.executions.length;
    const answer = await post(joined(3), 'a-key-the-hr-system-does-not-have');
    expect(answer).toEqual({ status: 401, body: { message: 'unauthorized: signature does not match' } });
    await sandbox.emulator.settled();
    expect(sandbox.emulator.state.events).toHaveLength(eventsBefore);
    expect(sandbox.emulator.state.executions).toHaveLength(executionsBefore);
  });

  test('InvalidEventOnTheBus: starts nothing and is dead-lettered with the reason', async () => {
    await sandbox.putHrEvent('Employee Joined', { ...joiner(4), email: 'not-an-address' });
    await sandbox.emulator.settled();
    expect(executionsNamed('evt-intake-4')).toEqual([]);
    expect(sandbox.deadLetters).toEqual([
      expect.objectContaining({ error: 'InvalidInputError', reason: expect.stringContaining('email') }),
    ]);
  });

  test('FiftyConcurrentPosts: fifty executions, none lost', async () => {
    const numbers = Array.from({ length: 50 }, (_, i) => 100 + i);
    const answers = await Promise.all(numbers.map((n) => post(joined(n))));
    expect(answers.map((a) => a.status)).toEqual(numbers.map(() => 202));
    await sandbox.emulator.settled();
    await sandbox.idle(120_000);
    const statuses = numbers.map((n) => executionsNamed(`evt-intake-${n}`).map((e) => e.status));
    expect(statuses).toEqual(numbers.map(() => ['SUCCEEDED']));
  }, 150_000);
});
