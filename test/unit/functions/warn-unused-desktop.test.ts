import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { EmailDeferredError, EmailRejectedError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/warn-unused-desktop';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const ses = mockClient(SESv2Client);
const input = {
  workspaceId: 'ws-0a1b2c3d4',
  userName: 'jordan.lee',
  email: 'jordan.lee@example.com',
  managerEmail: 'lee@example.com',
  removalDay: '2026-11-30',
  reason: 'never connected, made 45 days ago',
};
const run = (event: object = input) => handler(event, lambdaContext('WarnUnusedDesktop'));

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
});

describe('handler', () => {
  it('PersonAndManagerInCopy_TheRemovalDayAndReason', async () => {
    await expect(run()).resolves.toEqual({ sent: true, messageId: 'msg-1' });
    const mail = ses.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(mail.Destination).toEqual({
      ToAddresses: ['jordan.lee@example.com'],
      CcAddresses: ['lee@example.com'],
    });
    expect(mail.Content?.Simple?.Subject?.Data).toBe(
      'Your Amazon WorkSpace ws-0a1b2c3d4 will be removed on 2026-11-30',
    );
    const text = String(mail.Content?.Simple?.Body?.Text?.Data);
    expect(text).toContain('never connected, made 45 days ago');
    expect(text).toContain('any connection cancels the removal');
  });
  it('OnlyTheManagerKnown_ToTheManager; NobodyKnown_NotSent', async () => {
    await run({ ...input, email: null });
    expect(ses.commandCalls(SendEmailCommand)[0].args[0].input.Destination).toEqual({
      ToAddresses: ['lee@example.com'],
    });
    ses.resetHistory();
    await expect(run({ ...input, email: null, managerEmail: null })).resolves.toEqual({
      sent: false,
      messageId: null,
    });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });
  it.each([
    ['MessageRejected', EmailRejectedError],
    ['SendingPausedException', EmailDeferredError],
  ])('SesError_%s_Becomes_%p', async (name, expected) => {
    ses.on(SendEmailCommand).rejects(serviceError(name));
    await expect(run()).rejects.toThrow(expected);
  });
});
