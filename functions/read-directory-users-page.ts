import { z } from 'zod';
import { readDirectoryId, readDirectoryMode, requireEnv } from './commons/config';
import {
  DirectoryServiceDataClient,
  ListUsersCommand,
  type ListUsersOutput,
} from './commons/directory-service-data';
import { Env } from './commons/env';
import type { DirectoryUserSummary } from './commons/fleet';
import { directoryUserError } from './commons/leaver';
import { putText, reviewKeys } from './commons/review-store';
import { S3Client } from './commons/s3';
import { taskHandler } from './commons/task';

const directoryId = readDirectoryId();
const mode = readDirectoryMode();
const bucket = requireEnv(Env.ReviewBucket);
const client = new DirectoryServiceDataClient();
const s3 = new S3Client();

/** The most ListUsers returns per page (API reference, ListUsers: MaxResults 1-250). */
export const usersPageSize = 250;

const inputSchema = z.object({
  reviewId: z.string().min(1),
  page: z.number().int().min(0),
  nextToken: z.string().min(1).nullish(),
  users: z.number().int().min(0).default(0),
});

/**
 * Reads one page of the configured directory's users (Directory Service Data `ListUsers`, 250 a
 * page; not a WorkSpaces call) and keeps it in the review's store, so the review can tell a
 * WorkSpace whose user is disabled. In `existing` mode (Simple AD, AD Connector) Directory Service
 * Data cannot read the directory: nothing is read, and the review goes without.
 */
export const handler = taskHandler(inputSchema, async ({ reviewId, page, nextToken, users }) => {
  if (mode === 'existing') return { page, nextToken: null, users, read: false };
  let response: ListUsersOutput;
  try {
    response = await client.send(
      new ListUsersCommand({
        DirectoryId: directoryId,
        MaxResults: usersPageSize,
        NextToken: nextToken ?? undefined,
      }),
    );
  } catch (error) {
    throw directoryUserError(error, 'ListUsers');
  }
  const read: DirectoryUserSummary[] = (response.Users ?? []).flatMap((u) =>
    u.SAMAccountName ? [{ userName: u.SAMAccountName, enabled: u.Enabled === true }] : [],
  );
  await putText(s3, bucket, reviewKeys.users(reviewId, page), JSON.stringify(read));
  return { page: page + 1, nextToken: response.NextToken ?? null, users: users + read.length, read: true };
});
