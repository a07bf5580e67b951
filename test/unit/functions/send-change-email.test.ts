import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/send-change-email';
import { lambdaContext } from '../../../sandbox/state-machines';

const ses = mockClient(SESv2Client);
const input = {
  kind: 'reboot' as const,
  email: 'ada@example.com',
  givenName: 'Ada',
  workspaceId: 'ws-a00000001',
  changes: ['compute type STANDARD -> POWER (larger)'],
  deferred: [{ change: 'user volume 50 -> 100 GiB', until: '2026-12-02T06:00:00.000Z' }],
  dryRun: false,
};

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

describe('handler', () => {
  it('Reboot_TellsWhatChangesAndWhatWaits', async () => {
    await expect(handler(input, lambdaContext('SendChangeEmail'))).resolves.toMatchObject({
      messageId: 'm-1',
    });
    const sent = ses.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(sent.Destination?.ToAddresses).toEqual(['ada@example.com']);
    expect(sent.Content?.Simple?.Subject?.Data).toBe('Your WorkSpace will restart for your new role');
    const body = sent.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(body).toContain('- compute type STANDARD -> POWER (larger)');
    expect(body).toContain('- user volume 50 -> 100 GiB: from 2026-12-02T06:00:00.000Z');
  });

  it('DryRun_SendsNothing', async () => {
    await expect(
      handler({ ...input, kind: 'done', dryRun: true }, lambdaContext('SendChangeEmail')),
    ).resolves.toMatchObject({
      dryRun: true,
    });
    expect(ses).not.toHaveReceivedAnyCommand();
  });
});
