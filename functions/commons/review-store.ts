import { isErrorNamed, mapAwsError } from './aws-errors';
import { ReviewStoreError } from './errors';
import { GetObjectCommand, PutObjectCommand, type S3Client } from './s3';

/**
 * Where the fleet review keeps what does not fit in a state's 256 KB payload: each page it reads,
 * the history of states the next review compares with, and the reports. One S3 bucket in AWS, the
 * emulator's S3 in the sandbox (its objects also written under `.sandbox/s3/`).
 */
export const reviewKeys = {
  page: (reviewId: string, page: number) =>
    `reviews/${reviewId}/workspaces/${String(page).padStart(5, '0')}.json`,
  users: (reviewId: string, page: number) =>
    `reviews/${reviewId}/users/${String(page).padStart(5, '0')}.json`,
  queued: (reviewId: string, page: number) =>
    `reviews/${reviewId}/queued/${String(page).padStart(5, '0')}.json`,
  history: 'reviews/state-history.json',
  reportCsv: (reviewId: string) => `reports/${reviewId}/report.csv`,
  reportHtml: (reviewId: string) => `reports/${reviewId}/report.html`,
  latestHtml: 'reports/latest.html',
  latestCsv: 'reports/latest.csv',
} as const;

const storeErrors = { AccessDenied: ReviewStoreError, NoSuchBucket: ReviewStoreError } as const;

/** Reads a text object; undefined when the key does not exist. */
export async function getText(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
  } catch (error) {
    if (isErrorNamed(error, 'NoSuchKey')) return undefined;
    throw mapAwsError(error, `GetObject ${key}`, storeErrors);
  }
}

/** Writes a text object. */
export async function putText(
  client: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType = 'application/json',
): Promise<void> {
  try {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
    );
  } catch (error) {
    throw mapAwsError(error, `PutObject ${key}`, storeErrors);
  }
}
