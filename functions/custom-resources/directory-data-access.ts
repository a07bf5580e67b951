import {
  DescribeDirectoryDataAccessCommand,
  DirectoryServiceClient,
  DisableDirectoryDataAccessCommand,
  EnableDirectoryDataAccessCommand,
} from '@aws-sdk/client-directory-service';
import type {
  CdkCustomResourceEvent,
  CdkCustomResourceIsCompleteEvent,
  CdkCustomResourceIsCompleteResponse,
  CdkCustomResourceResponse,
} from 'aws-lambda';
import { z } from 'zod';
import { isErrorNamed } from '../commons/aws-errors';
import { logger } from '../commons/logger';
import { directoryIdSchema, isDirectoryId, parseProperties } from './custom-resource';

/**
 * Custom resource `Custom::DirectoryDataAccess`: turns on Directory Service Data access for an
 * AWS Managed Microsoft AD, so the joiner flow can create users through the `ds-data` API.
 * CloudFormation has no native resource for this setting. Deleting the resource turns it off.
 */

// Throttling here has no ASL around it to retry, so the SDK's own retries are the only layer.
const client = new DirectoryServiceClient({ maxAttempts: 6 });

const propertiesSchema = z.object({
  DirectoryId: directoryIdSchema,
});

type Event = CdkCustomResourceEvent;

/** The directory's data access status, or `Gone` when the directory no longer exists. */
async function dataAccessStatus(directoryId: string): Promise<string> {
  try {
    const answer = await client.send(new DescribeDirectoryDataAccessCommand({ DirectoryId: directoryId }));
    return answer.DataAccessStatus ?? 'Disabled';
  } catch (error) {
    if (isErrorNamed(error, 'DirectoryDoesNotExistException', 'EntityDoesNotExistException')) return 'Gone';
    throw error;
  }
}

async function enable(directoryId: string): Promise<void> {
  const status = await dataAccessStatus(directoryId);
  if (status === 'Enabled' || status === 'Enabling') {
    logger.info('Directory data access already on', { directoryId, status });
    return;
  }
  try {
    await client.send(new EnableDirectoryDataAccessCommand({ DirectoryId: directoryId }));
    logger.info('Directory data access enabling', { directoryId });
  } catch (error) {
    if (!isErrorNamed(error, 'DirectoryInDesiredStateException')) throw error;
  }
}

async function disable(directoryId: string): Promise<void> {
  try {
    await client.send(new DisableDirectoryDataAccessCommand({ DirectoryId: directoryId }));
    logger.info('Directory data access disabling', { directoryId });
  } catch (error) {
    // Already off, or the directory is gone with it: the end state is what Delete wants.
    if (!isErrorNamed(error, 'DirectoryInDesiredStateException', 'DirectoryDoesNotExistException'))
      throw error;
    logger.info('Directory data access already off or directory gone', { directoryId });
  }
}

/** Provider framework `onEvent`: starts enabling or disabling; `isComplete` waits for it. */
export async function onEvent(event: Event): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') {
    if (isDirectoryId(event.PhysicalResourceId)) await disable(event.PhysicalResourceId);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const { DirectoryId } = parseProperties(propertiesSchema, event.ResourceProperties, 'DirectoryDataAccess');
  await enable(DirectoryId);
  // A new directory id means a new physical id: CloudFormation then deletes (disables) the old one.
  return { PhysicalResourceId: DirectoryId, Data: { DirectoryId } };
}

/** Provider framework `isComplete`: done once the status reached the state the request asked for. */
export async function isComplete(
  event: CdkCustomResourceIsCompleteEvent,
): Promise<CdkCustomResourceIsCompleteResponse> {
  const directoryId = event.PhysicalResourceId;
  if (event.RequestType === 'Delete') {
    if (!isDirectoryId(directoryId)) return { IsComplete: true };
    const status = await dataAccessStatus(directoryId);
    return { IsComplete: status === 'Disabled' || status === 'Gone' };
  }
  if (!isDirectoryId(directoryId))
    throw new Error(`DirectoryDataAccess: unexpected physical id ${directoryId}`);
  const status = await dataAccessStatus(directoryId);
  if (status === 'Failed' || status === 'Gone') {
    throw new Error(`DirectoryDataAccess: enabling data access on ${directoryId} ended in status ${status}`);
  }
  return status === 'Enabled'
    ? { IsComplete: true, Data: { DirectoryId: directoryId } }
    : { IsComplete: false };
}
