import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { provisioningTableName, type Sandbox, startSandbox } from '../../sandbox/sandbox';
import { until } from './until';

// End to end through the sandbox: a joiner waiting in the provisioning queue, stopped before
// the provisioner's round, gets no WorkSpace. Rounds 15 simulated minutes apart (7.5 s real)
// leave a wide window between queueing and the next round.
const timeScale = 120;

const joiner = {
  eventId: 'evt-prov-stop-1',
  employeeId: 'E8801',
  userName: 'rescinded.offer',
  givenName: 'Rescinded',
  familyName: 'Offer',
  email: 'rescinded.offer@example.com',
  department: 'Finance',
  managerEmail: 'manager@example.com',
};

describe('provisioner end to end', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      timeScale,
      seed: 5,
      outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')),
      provisioner: { intervalMinutes: 15 },
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const queued = () => sandbox.emulator.state.tables[provisioningTableName] ?? [];

  test('StoppedWhileQueued: the next round drops the creation and makes no WorkSpace', async () => {
    const arn = await sandbox.start('joiner', joiner);
    await until('the creation to be queued', () => queued().length === 1, 20_000);
    const roundsBefore = sandbox.provisionerRuns.rounds;

    await sandbox.sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'OfferRescinded', cause: 'a leaver came first' }),
    );
    await until('the next round to clear the queue', () => queued().length === 0, 20_000);

    expect(sandbox.provisionerRuns.rounds).toBeGreaterThan(roundsBefore);
    expect((await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe(
      'ABORTED',
    );
    expect(sandbox.emulator.state.workspaces.filter((w) => w.UserName === joiner.userName)).toEqual([]);
    expect(sandbox.emulator.state.apiCalls['workspaces.CreateWorkspaces'] ?? 0).toBe(0);
  }, 30_000);
});
