import { z } from 'zod';
import { readDirectoryId, readDirectoryMode } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { DeleteUserCommand, DirectoryServiceDataClient } from './commons/directory-service-data';
import { applyChange, directoryUserError, isNotFound, userClientToken } from './commons/leaver';
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
export const handler = taskHandler(inputSchema, async ({ eventId, userName, dryRun }) => {
  if (mode === 'existing') {
    return {
      mode,
      dryRun,
      deleted: false,
      note: `Remove ${userName} in the directory itself if wanted: Simple AD and AD Connector have no user API here.`,
    };
  }
  const report = await applyChange(dryRun, `delete directory user ${userName}`, { userName }, async () => {
    try {
      await client.send(
        new DeleteUserCommand({
          DirectoryId: directoryId,
          SAMAccountName: userName,
          ClientToken: userClientToken('DeleteUser', eventId, userName),
        }),
      );
      return { deleted: true, found: true };
    } catch (error) {
      if (isNotFound(error)) return { deleted: false, found: false };
      throw directoryUserError(error, 'DeleteUser');
    }
  });
  return { mode, ...report };
});
