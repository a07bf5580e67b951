import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { readDirectoryId, readDirectoryMode } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { CreateUserCommand, DirectoryServiceDataClient } from './commons/directory-service-data';
import { DirectoryNotFoundError } from './commons/errors';
import { directoryUserError, userClientToken } from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const mode = readDirectoryMode();
const client = new DirectoryServiceDataClient();

const inputSchema = z.object({
  eventId: z.string().min(1),
  userName: samAccountNameSchema,
  givenName: z.string(),
  familyName: z.string(),
  email: z.email(),
});

/**
 * Ensures the joiner's directory user exists. In `managed-ad` mode it creates the user
 * through Directory Service Data, an existing user counting as success; in `existing` mode
 * (Simple AD, AD Connector) the user is managed elsewhere and nothing is called.
 */
export const handler = taskHandler(inputSchema, async (input) => {
  if (mode === 'existing') return { userName: input.userName, created: false, mode };
  try {
    await client.send(
      new CreateUserCommand({
        DirectoryId: directoryId,
        SAMAccountName: input.userName,
        GivenName: input.givenName,
        Surname: input.familyName,
        EmailAddress: input.email,
        ClientToken: userClientToken('CreateUser', input.eventId, input.userName),
      }),
    );
    logger.info('Directory user created', { userName: input.userName });
    return { userName: input.userName, created: true, mode };
  } catch (error) {
    if (isErrorNamed(error, 'ConflictException')) {
      logger.info('Directory user already exists', { userName: input.userName });
      return { userName: input.userName, created: false, mode };
    }
    // No user yet, so a missing resource is the directory itself.
    throw directoryUserError(error, 'CreateUser', { ResourceNotFoundException: DirectoryNotFoundError });
  }
});
