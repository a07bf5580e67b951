import { z } from 'zod';
import { readDirectoryId, readDirectoryMode } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { DeleteUserCommand, DirectoryServiceDataClient } from './commons/directory-service-data';
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
 * Deletes the leaver's directory user once their WorkSpaces are gone (`managed-ad`). A user
 * already deleted succeeds. In `existing` mode nothing is called and the result says so.
 */
export const handler = taskHandler(inputSchema, async ({ eventId, userName, dryRun }) =>
  changeDirectoryUser({
    mode,
    dryRun,
    userName,
    key: 'deleted',
    change: `delete directory user ${userName}`,
    existingModeNote: `Remove ${userName} in the directory itself if wanted: Simple AD and AD Connector have no user API here.`,
    operation: 'DeleteUser',
    send: () =>
      client.send(
        new DeleteUserCommand({
          DirectoryId: directoryId,
          SAMAccountName: userName,
          ClientToken: userClientToken('DeleteUser', eventId, userName),
        }),
      ),
  }),
);
