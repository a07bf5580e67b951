import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { readDirectoryId, readDirectoryMode } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import {
  DescribeUserCommand,
  type DescribeUserOutput,
  DirectoryServiceDataClient,
} from './commons/directory-service-data';
import { directoryUserError } from './commons/leaver';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const mode = readDirectoryMode();
const client = new DirectoryServiceDataClient();

const inputSchema = z.object({ userName: samAccountNameSchema });

/**
 * Reads whether a directory user exists and is enabled (`managed-ad`), with the names a
 * password email needs. In `existing` mode nothing can be read: `checked` is false.
 */
export const handler = taskHandler(inputSchema, async ({ userName }) => {
  if (mode === 'existing') {
    return { mode, checked: false, exists: false, enabled: false, givenName: userName, familyName: userName };
  }
  let user: DescribeUserOutput;
  try {
    user = await client.send(new DescribeUserCommand({ DirectoryId: directoryId, SAMAccountName: userName }));
  } catch (error) {
    if (isErrorNamed(error, 'ResourceNotFoundException'))
      return {
        mode,
        checked: true,
        exists: false,
        enabled: false,
        givenName: userName,
        familyName: userName,
      };
    throw directoryUserError(error, 'DescribeUser');
  }
  return {
    mode,
    checked: true,
    exists: true,
    enabled: user.Enabled === true,
    // A password email greets by name; a user created without names falls back to the account.
    givenName: user.GivenName || userName,
    familyName: user.Surname || userName,
    ...(user.EmailAddress ? { email: user.EmailAddress } : {}),
  };
});
