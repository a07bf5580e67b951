import { randomInt, randomUUID } from 'node:crypto';
import { DirectoryServiceClient, ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { readDirectoryId, requireEnv } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { DirectoryServiceDataClient, DisableUserCommand } from './commons/directory-service-data';
import { loadTemplate, render, splitSubject } from './commons/email';
import { Env } from './commons/env';
import { DirectoryError, DirectoryNotFoundError, TransientError, UserNotFoundError } from './commons/errors';
import { logger } from './commons/logger';
import { sendEmail } from './commons/ses';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const sender = requireEnv(Env.SenderAddress);
const directory = new DirectoryServiceClient(taskClientConfig);
const directoryData = new DirectoryServiceDataClient();
const ses = new SESv2Client(taskClientConfig);
/** The wording follows why the password is set: a new hire, or someone rehired whose account is re-enabled. */
const templates = {
  joining: loadTemplate('initial-password.txt'),
  rehire: loadTemplate('rehire-password.txt'),
};

const inputSchema = z.object({
  userName: samAccountNameSchema,
  givenName: z.string().min(1),
  familyName: z.string().min(1),
  purpose: z.enum(['joining', 'rehire']).default('joining'),
  managerEmail: z.email(),
});

const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@^_'];

/**
 * The parts of a person's names Active Directory's complexity rules forbid in a password: the
 * account name, and every part of 3 or more characters of the names, split at the delimiters
 * AD uses (https://learn.microsoft.com/windows/security/threat-protection/security-policy-settings/password-must-meet-complexity-requirements).
 */
export function forbiddenParts(...names: string[]): string[] {
  return names.flatMap((name) => [name, ...name.split(/[,.\-_#\s]+/)]).filter((part) => part.length >= 3);
}

/**
 * A random 20-character password with every character class that contains no `forbidden`
 * part (case-insensitive), which meets Active Directory's default complexity rules.
 * Look-alike characters (O/0, l/1) are left out because a person reads it out to the new hire.
 */
export function generatePassword(length = 20, forbidden: string[] = []): string {
  const all = classes.join('');
  for (;;) {
    const chars = classes.map((set) => set[randomInt(set.length)]);
    while (chars.length < length) chars.push(all[randomInt(all.length)]);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const password = chars.join('');
    const lower = password.toLowerCase();
    if (!forbidden.some((part) => lower.includes(part.toLowerCase()))) return password;
  }
}

/**
 * Puts the user back as it was before the reset (disabled: ResetUserPassword is what enabled it),
 * so nobody can sign in with a password that was never delivered. When even that fails, the
 * error says so and names the user, because then a human must disable it.
 */
async function disableAgain(userName: string, emailError: Error): Promise<Error> {
  try {
    await directoryData.send(
      new DisableUserCommand({
        DirectoryId: directoryId,
        SAMAccountName: userName,
        ClientToken: randomUUID(),
      }),
    );
    logger.warn('Password email not sent: the user is disabled again until it is', {
      userName,
      error: emailError.name,
    });
    return emailError;
  } catch (error) {
    const cause = mapAwsError(error, 'DisableUser');
    logger.error('Password email not sent and the user could not be disabled again', {
      userName,
      error: cause.name,
    });
    return new DirectoryError(
      `${emailError.message}; then DisableUser: ${cause.message}. ${userName} is enabled with a ` +
        `password nobody received: disable it by hand, then redrive the execution.`,
      { cause: emailError },
    );
  }
}

/**
 * Sets a random initial password and mails it to the manager. The one task with several AWS calls:
 * the password must never leave this function's memory, so it is not passed between states
 * and appears in no execution history, log or event. The email can fail after the reset (which
 * enables the user); then the user is disabled again before the error is thrown, so no attempt
 * ends with an enabled user whose password nobody holds. A retry sets a new one, which is safe
 * because the previous one reached nobody.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  const password = generatePassword(20, forbiddenParts(input.userName, input.givenName, input.familyName));
  try {
    await directory.send(
      new ResetUserPasswordCommand({
        DirectoryId: directoryId,
        UserName: input.userName,
        NewPassword: password,
      }),
    );
  } catch (error) {
    throw mapAwsError(error, 'ResetUserPassword', {
      UserDoesNotExistException: UserNotFoundError,
      EntityDoesNotExistException: DirectoryNotFoundError,
      DirectoryUnavailableException: TransientError,
      InvalidPasswordException: DirectoryError,
      UnsupportedOperationException: DirectoryError,
      AccessDeniedException: DirectoryError,
    });
  }
  const { subject, body } = splitSubject(render(templates[input.purpose], { ...input, password }));
  let messageId: string;
  try {
    messageId = await sendEmail(ses, { from: sender, to: input.managerEmail, subject, text: body });
  } catch (error) {
    throw await disableAgain(input.userName, error as Error);
  }
  logger.info('Initial password set and sent to the manager', { userName: input.userName, messageId });
  return { passwordSet: true, sentTo: 'manager', messageId };
});
