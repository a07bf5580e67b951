import { DescribeWorkspaceDirectoriesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { readDirectoryId } from './commons/config';
import { DirectoryNotFoundError } from './commons/errors';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const directoryId = readDirectoryId();
const client = new WorkSpacesClient(taskClientConfig);

/** The code changes only if the directory is registered anew: an hour in memory spares the API budget. */
const cacheMillis = 60 * 60 * 1000;
let cached: { code: string; until: number } | undefined;

/** Reads the registration code a WorkSpaces client needs to reach the directory. */
export const handler = taskHandler(z.unknown(), async () => {
  if (cached && cached.until > Date.now()) return { directoryId, registrationCode: cached.code };
  let code: string | undefined;
  try {
    const response = await client.send(
      new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }),
    );
    code = response.Directories?.[0]?.RegistrationCode;
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaceDirectories');
  }
  if (!code)
    throw new DirectoryNotFoundError(
      `DescribeWorkspaceDirectories: ${directoryId} is not registered with WorkSpaces`,
    );
  cached = { code, until: Date.now() + cacheMillis };
  return { directoryId, registrationCode: code };
});

/** Forgets the cached code (tests). */
export function clearRegistrationCodeCache(): void {
  cached = undefined;
}
