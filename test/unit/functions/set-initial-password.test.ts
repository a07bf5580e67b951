import { DirectoryServiceClient, ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { DisableUserCommand } from '../../../functions/commons/directory-service-data';
import {
  DirectoryError,
  DirectoryNotFoundError,
  EmailDeferredError,
  EmailRejectedError,
  ThrottledError,
  TransientError,
  UserNotFoundError,
} from '../../../functions/commons/errors';
import { forbiddenParts, generatePassword, handler } from '../../../functions/set-initial-password';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';
import { recordLogs, serviceError } from '../support';

const ds = mockClient(DirectoryServiceClient);
const ses = mockClient(SESv2Client);
const dsData = mockDirectoryData();
const input = {
  userName: 'ada.lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  managerEmail: 'grace.hopper@example.com',
};
const run = (event: unknown = input) => handler(event, lambdaContext('SetInitialPassword'));
const passwordSent = () => String(ds.commandCalls(ResetUserPasswordCommand)[0].args[0].input.NewPassword);
const mailText = () =>
  String(ses.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data);

beforeEach(() => {
  ds.reset();
  ses.reset();
  dsData.reset();
  ds.on(ResetUserPasswordCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
});

describe('forbiddenParts', () => {
  it('AccountNameAndNameParts_OfThreeOrMoreCharacters', () => {
    expect(forbiddenParts('ada.lovelace', 'Ada', 'de Lovelace-Byron')).toEqual([
      'ada.lovelace',
      'ada',
      'lovelace',
      'Ada',
      'Ada',
      'de Lovelace-Byron',
      'Lovelace',
      'Byron',
    ]);
  });
});

describe('generatePassword', () => {
  it('ForbiddenParts_NeverAppearIgnoringCase', () => {
    // With a forbidden part that random passwords contain often, a skipped check would show.
    const forbidden = ['abc', 'A2', 'k9'];
    for (let i = 0; i < 300; i++) {
      const lower = generatePassword(20, forbidden).toLowerCase();
      expect(forbidden.some((part) => lower.includes(part.toLowerCase()))).toBe(false);
    }
  });

  it('Default_Is20Characters', () => {
    expect(generatePassword()).toHaveLength(20);
  });

  it('OtherLength_IsHonoured', () => {
    expect(generatePassword(32)).toHaveLength(32);
  });

  it('AnyPassword_HasAllFourClassesAndOnlyAllowedCharacters', () => {
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[!#%+\-=?@^_]/);
      expect(password).toMatch(/^[A-Za-z0-9!#%+\-=?@^_]+$/);
    }
  });

  it('ShortestPassword_StillHasAllFourClasses', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword(4);
      expect(password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*[2-9])(?=.*[!#%+\-=?@^_]).{4}$/);
    }
  });

  it('AnyPassword_HasNoLookAlikeCharacters', () => {
    const all = Array.from({ length: 500 }, () => generatePassword()).join('');

    expect(all).not.toMatch(/[O0Il1]/);
  });

  it('ManyPasswords_AreAllDifferentAndUseTheWholeAlphabet', () => {
    const passwords = Array.from({ length: 1000 }, () => generatePassword());

    expect(new Set(passwords).size).toBe(1000);
    // 24 upper (no I, O) + 25 lower (no l) + 8 digits (no 0, 1) + 10 symbols
    expect(new Set(passwords.join('')).size).toBe(67);
  });

  it('FirstCharacter_IsNotAlwaysOfTheSameClass', () => {
    const firsts = new Set(
      Array.from({ length: 400 }, () => {
        const c = generatePassword()[0];
        return /[A-Z]/.test(c) ? 'upper' : /[a-z]/.test(c) ? 'lower' : /[0-9]/.test(c) ? 'digit' : 'symbol';
      }),
    );

    expect(firsts.size).toBe(4);
  });
});

describe('handler', () => {
  it('AnyJoiner_ResetsThePasswordAndMailsItToTheManager', async () => {
    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ passwordSet: true, sentTo: 'manager', messageId: 'msg-1' });
    expect(ds).toHaveReceivedCommandTimes(ResetUserPasswordCommand, 1);
    expect(ds).toHaveReceivedCommandWith(ResetUserPasswordCommand, {
      DirectoryId: 'd-906700c0de',
      UserName: 'ada.lovelace',
    });
    const password = passwordSent();
    expect(password).toMatch(/^[A-Za-z0-9!#%+\-=?@^_]{20}$/);
    const mail = ses.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(mail.FromEmailAddress).toBe('it-desk@example.com');
    expect(mail.Destination).toEqual({ ToAddresses: ['grace.hopper@example.com'] });
    expect(mail.Content?.Simple?.Subject?.Data).toBe('Initial password for Ada Lovelace');
    expect(mailText()).toContain(`Initial password: ${password}`);
    expect(mailText()).toContain('User name: ada.lovelace');
    expect(mail.Content?.Simple?.Body).not.toHaveProperty('Html');
  });

  it('AnyJoiner_ThePasswordIsNeitherReturnedNorLogged', async () => {
    // Prepare
    const logs = recordLogs();

    // Act
    let result: unknown;
    try {
      result = await run();
    } finally {
      logs.stop();
    }

    // Assess
    const password = passwordSent();
    expect(JSON.stringify(result)).not.toContain(password);
    expect(logs.text()).toContain('Initial password set and sent to the manager');
    expect(logs.text()).not.toContain(password);
  });

  it('EachInvocation_SetsAFreshPassword', async () => {
    await run();
    await run();

    const [first, second] = ds.commandCalls(ResetUserPasswordCommand).map((c) => c.args[0].input.NewPassword);
    expect(first).not.toBe(second);
  });

  it('MailRefused_TheErrorDoesNotCarryThePassword', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('MessageRejected', 400, 'Email address is not verified.'));

    const thrown = await run().catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(EmailRejectedError);
    expect(String((thrown as Error).message)).not.toContain(passwordSent());
  });

  it.each([
    ['MessageRejected', EmailRejectedError],
    ['SendingPausedException', EmailDeferredError],
    ['TooManyRequestsException', ThrottledError],
    ['ServiceUnavailable', TransientError],
  ])('MailRefused_%s_UserDisabledAgainAndErrorIs_%p', async (name, expected) => {
    // Prepare: the reset enabled the user; the password email then fails.
    ses.on(SendEmailCommand).rejects(serviceError(name, name === 'ServiceUnavailable' ? 503 : 400, 'no'));

    // Act
    const thrown = await run().catch((e: unknown) => e);

    // Assess: nobody is left able to sign in with a password nobody received.
    expect(thrown).toBeInstanceOf(expected);
    expect(dsData.calls(DisableUserCommand)).toEqual([
      expect.objectContaining({ SAMAccountName: 'ada.lovelace' }),
    ]);
  });

  it('MailRefusedAndDisableFails_DirectoryErrorNamesTheUserToDisable', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('MessageRejected', 400, 'bad address'));
    dsData.on(DisableUserCommand).rejects(serviceError('AccessDeniedException', 403, 'denied'));

    const thrown = await run().catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(DirectoryError);
    expect(String((thrown as Error).message)).toContain(
      'ada.lovelace is enabled with a password nobody received',
    );
    expect(String((thrown as Error).message)).not.toContain(passwordSent());
  });

  it('MailSent_UserIsNotDisabled', async () => {
    await run();

    expect(dsData.calls(DisableUserCommand)).toEqual([]);
  });

  it.each([
    ['UserDoesNotExistException', UserNotFoundError],
    ['EntityDoesNotExistException', DirectoryNotFoundError],
    ['DirectoryUnavailableException', TransientError],
    ['InvalidPasswordException', DirectoryError],
    ['UnsupportedOperationException', DirectoryError],
    ['AccessDeniedException', DirectoryError],
    ['ThrottlingException', ThrottledError],
  ])('ResetRefused_%s_Becomes_%p_AndNoMailIsSent', async (name, expected) => {
    // Prepare
    ds.on(ResetUserPasswordCommand).rejects(serviceError(name, 400, 'refused'));

    // Act
    const thrown = await run().catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(expected);
    expect(thrown).toMatchObject({ name: expected.name, message: `ResetUserPassword: ${name}: refused` });
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('ResetServerError_BecomesTransientError', async () => {
    ds.on(ResetUserPasswordCommand).rejects(serviceError('ServiceException', 500));

    await expect(run()).rejects.toThrow(TransientError);
  });

  it('NoManagerEmail_ThrowsInvalidInputErrorWithoutACall', async () => {
    const { managerEmail: _, ...withoutManager } = input;

    await expect(run(withoutManager)).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('managerEmail: '),
    });
    expect(ds).not.toHaveReceivedAnyCommand();
  });
});
