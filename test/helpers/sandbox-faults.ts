import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { fromItem } from '../../functions/commons/provisioning';
import {
  provisioningTableName,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../sandbox/sandbox';

// What the partial-failure tests (quota, repair) read of a sandbox: real SDK clients over HTTP to
// the emulator, compressed time.

/** An invented joiner, numbered. */
export const joiner = (n: number, prefix = 'joiner') => ({
  eventId: `evt-${prefix}-${n}`,
  employeeId: `E${9000 + n}`,
  userName: `${prefix}.${n}`,
  givenName: 'New',
  familyName: `Hire${n}`,
  email: `${prefix}.${n}@example.com`,
  department: 'Finance',
  managerEmail: 'manager@example.com',
});

export async function sandboxWith(options: SandboxOptions): Promise<Sandbox> {
  return startSandbox({
    timeScale: 600,
    seed: 3,
    outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')),
    ...options,
  });
}

export const status = async (sandbox: Sandbox, executionArn: string) =>
  (await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
export const queued = (sandbox: Sandbox) =>
  (
    (sandbox.emulator.state.tables[provisioningTableName] ?? []) as unknown as Record<
      string,
      AttributeValue
    >[]
  ).flatMap((item) => fromItem(item) ?? []);
export const live = (sandbox: Sandbox) =>
  sandbox.emulator.state.workspaces.filter((w) => w.State !== 'TERMINATED');
export const alerts = (sandbox: Sandbox) => sandbox.emulator.state.messages.map((m) => m.subject ?? '');
