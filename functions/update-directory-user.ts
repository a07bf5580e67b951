import { z } from 'zod';
import { readDirectoryId, readDirectoryMode } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { DirectoryServiceDataClient, UpdateUserCommand } from './commons/directory-service-data';
import { UserNotFoundError } from './commons/errors';
import { directoryUserError, userClientToken } from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const mode = readDirectoryMode();
const client = new DirectoryServiceDataClient();

const inputSchema = z.object({
  eventId: z.string().min(1),
  userName: samAccountNameSchema,
  // A joiner sends all three; a mover only those that changed.
  givenName: z.string().min(1).optional(),
  familyName: z.string().min(1).optional(),
  email: z.email().optional(),
  dryRun: z.boolean().default(false),
});

/**
 * Brings an existing directory user's names and email to what HR says: a joiner sent again with
 * a corrected surname reaches the directory. Setting the same values again changes nothing.
 * In `existing` mode there is no user API, and the result says what to change where.
 */
export const handler = taskHandler(
  inputSchema,
  async ({ eventId, userName, givenName, familyName, email, dryRun }) => {
    const wanted = [
      givenName && `given name ${givenName}`,
      familyName && `family name ${familyName}`,
      email && `email ${email}`,
    ].filter(Boolean);
    if (mode === 'existing') {
      return { updated: false, note: `Set ${userName}'s ${wanted.join(', ')} in the directory itself.` };
    }
    if (dryRun) {
      logger.info(`Dry run: would update ${userName}`, { userName, eventId });
      return { updated: false, dryRun, change: `would set ${userName}'s ${wanted.join(', ')}` };
    }
    try {
      await client.send(
        new UpdateUserCommand({
          DirectoryId: directoryId,
          SAMAccountName: userName,
          GivenName: givenName,
          Surname: familyName,
          EmailAddress: email,
          UpdateType: 'REPLACE',
          ClientToken: userClientToken('UpdateUser', eventId, userName),
        }),
      );
    } catch (error) {
      // Just created and not yet replicated: the state machine retries UserNotFoundError.
      throw directoryUserError(error, 'UpdateUser', { ResourceNotFoundException: UserNotFoundError });
    }
    logger.info('Directory user updated from the HR event', { userName, eventId });
    return { updated: true };
  },
);
