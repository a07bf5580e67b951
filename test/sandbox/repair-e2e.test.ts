import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeExecutionCommand, RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import type { Sandbox } from '../../sandbox/sandbox';
import { alerts, joiner, live, queued, sandboxWith, status } from '../helpers/sandbox-faults';
import { until } from './until';

// Partial failures through the sandbox's documented interfaces: real SDK clients over HTTP to
// the emulator, compressed time, bounded real-time waits.
const run = promisify(execFile);
const root = join(__dirname, '..', '..');

describe('repairing failures end to end', () => {
  let s: Sandbox;
  beforeAll(async () => {
    // A five-minute provisioning deadline, WorkSpaces ready in two minutes unless a test says otherwise.
    s = await sandboxWith({
      provisioner: { deadlineSeconds: 300, firstLookSeconds: 0 },
      faults: { provisioning: { meanSeconds: 120, sdSeconds: 0, minSeconds: 120 } },
    });
  });
  afterAll(async () => {
    await s.stop();
  });
  afterEach(() => {
    s.emulator.setFaults({
      emailFailure: 0,
      provisioning: { meanSeconds: 120, sdSeconds: 0, minSeconds: 120 },
    });
  });

  test('RedriveFailedJoinerAfterFaultRemoved_CompletesWithNoDuplicateWorkspaceUserOrPassword', async () => {
    s.emulator.setFaults({ emailFailure: 1 });
    const person = joiner(1, 'redrive');
    const arn = await s.start('joiner', person);
    await s.idle(30_000);
    expect(await status(s, arn)).toBe('FAILED');
    const user = () => s.emulator.state.users.find((u) => u.samAccountName === person.userName);
    // The password email was refused: the user is not left enabled with a password nobody has.
    expect(user()?.enabled).toBe(false);

    s.emulator.setFaults({ emailFailure: 0 });
    const { stdout } = await run(
      'npx',
      ['tsx', 'sandbox/ctl.ts', 'redrive', arn.split(':').pop() ?? '', '--url', s.emulator.url],
      { cwd: root },
    );
    expect(stdout).toContain('Redriven');
    await until('the redriven joiner to finish', async () => (await status(s, arn)) === 'SUCCEEDED', 30_000);

    expect(live(s).filter((w) => w.UserName === person.userName)).toHaveLength(1);
    expect(s.emulator.state.users.filter((u) => u.samAccountName === person.userName)).toHaveLength(1);
    expect(user()?.enabled).toBe(true);
    const emails = s.emulator.state.emails;
    expect(emails.filter((e) => e.to.includes(person.managerEmail))).toHaveLength(1);
    expect(emails.filter((e) => e.to.includes(person.email))).toHaveLength(1);
  }, 60_000);

  test('DeadlinePassedThenAvailableLater_OnboardingCompletedAndOneAlert', async () => {
    // Twenty minutes to provision, against a five-minute deadline.
    s.emulator.setFaults({ provisioning: { meanSeconds: 1200, sdSeconds: 0, minSeconds: 1200 } });
    const person = joiner(1, 'late');
    const before = alerts(s).length;
    const arn = await s.start('joiner', person);
    await until(
      'the joiner to fail at the deadline',
      async () => (await status(s, arn)) === 'FAILED',
      20_000,
    );
    const failed = await s.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(failed.error).toBe('ProvisioningDeadlineError');
    // The provisioner keeps a late watch on it (written just after it answered the joiner).
    await until('a late watch', () => queued(s).some((e) => e.kind === 'late'), 5_000);

    await until(
      'the late WorkSpace to finish its onboarding',
      async () => (await status(s, arn)) === 'SUCCEEDED',
      30_000,
    );

    expect(s.emulator.state.emails.filter((e) => e.to.includes(person.email))).toHaveLength(1);
    expect(alerts(s).slice(before)).toEqual([
      'workspaces-lifecycle: 1 WorkSpaces missed the provisioning deadline',
      'workspaces-lifecycle: 1 late WorkSpaces are AVAILABLE: onboarding resumed',
    ]);
  }, 60_000);

  test('ResendWelcomeEmail_RegistrationCodeAgainNoNewPassword', async () => {
    const person = joiner(1, 'resend');
    const arn = await s.start('joiner', person);
    await s.idle(30_000);
    expect(await status(s, arn)).toBe('SUCCEEDED');
    const before = s.emulator.state.emails.length;

    const { stdout } = await run(
      'npx',
      ['tsx', 'sandbox/ctl.ts', 'resend-welcome', person.userName, '--url', s.emulator.url],
      { cwd: root },
    );

    expect(stdout).toContain('no password was changed');
    const sent = s.emulator.state.emails.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toEqual([person.email]);
    expect(sent[0].text).toContain(s.registrationCode);
  }, 60_000);

  test('RedriveRefused_ForASucceededExecution', async () => {
    const arn = await s.start('joiner', joiner(2, 'done'));
    await s.idle(30_000);
    await expect(s.sfn.send(new RedriveExecutionCommand({ executionArn: arn }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
  }, 60_000);
});
