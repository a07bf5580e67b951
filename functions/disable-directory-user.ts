import { z } from 'zod';
import { readDirectoryId, readDirectoryMode } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { DirectoryServiceDataClient, DisableUserCommand } from './commons/directory-service-data';
import { changeDirectoryUser, userClientToken } from './commons/leaver';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const mode = readDirectoryMode();
const client = new DirectoryServiceDataClient();

const inputSchema = z.object({
  eventId: z.string().min(1),
  userName: samAccountNameSchema,
  dryRun: z.boolean(),
});

/**
 * Cuts the leaver's sign-in: disables the directory user (`managed-ad`). A user already
 * disabled stays disabled, a user that does not exist has nothing to cut: both succeed.
 * In `existing` mode there is no user API, and the result says the user must be disabled where
 * the directory is managed.
 */
export const handler = taskHandler(inputSchema, async ({ eventId, userName, dryRun }) =>
  changeDirectoryUser({
    mode,
    dryRun,
    userName,
    key: 'disabled',
    change: `disable directory user ${userName}`,
    existingModeNote: `Disable ${userName} in the directory itself: Simple AD and AD Connector have no user API here.`,
    operation: 'DisableUser',
    send: () =>
      client.send(
        new DisableUserCommand({
          DirectoryId: directoryId,
          SAMAccountName: userName,
          ClientToken: userClientToken('DisableUser', eventId, userName),
        }),
      ),
  }),
);
