import {
  type AttributeValue,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { mapAwsError } from './commons/aws-errors';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { ConfigurationError } from './commons/errors';
import { fromItem } from './commons/provisioning';
import { putText, reviewKeys } from './commons/review-store';
import { S3Client } from './commons/s3';
import { taskHandler } from './commons/task';
import { Tags } from './commons/workspaces';

const tableName = requireEnv(Env.ProvisioningTable);
const bucket = requireEnv(Env.ReviewBucket);
const client = new DynamoDBClient(taskClientConfig);
const s3 = new S3Client();

const inputSchema = z.object({
  reviewId: z.string().min(1),
  page: z.number().int().min(0),
  /** DynamoDB's LastEvaluatedKey of the page before, as JSON. */
  nextKey: z.string().min(1).nullish(),
  queued: z.number().int().min(0).default(0),
});

/**
 * Reads one page of the provisioning queue (one DynamoDB Scan) and keeps, in the review's store,
 * the employee ids of the joiners waiting there for their WorkSpace to be created (the quota may
 * hold them for hours): such a person has a joiner running and no WorkSpace yet, so is not missing.
 */
export const handler = taskHandler(inputSchema, async ({ reviewId, page, nextKey, queued }) => {
  let response: ScanCommandOutput;
  try {
    response = await client.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: nextKey ? (JSON.parse(nextKey) as Record<string, AttributeValue>) : undefined,
      }),
    );
  } catch (error) {
    throw mapAwsError(error, 'Scan', {
      ResourceNotFoundException: ConfigurationError,
      AccessDeniedException: ConfigurationError,
    });
  }
  const waiting = (response.Items ?? []).flatMap((item) => {
    const entry = fromItem(item);
    if (entry?.kind !== 'create') return [];
    const employeeId = entry.request.Tags?.find((t) => t.Key === Tags.EmployeeId)?.Value;
    return employeeId ? [employeeId] : [];
  });
  await putText(s3, bucket, reviewKeys.queued(reviewId, page), JSON.stringify(waiting));
  return {
    page: page + 1,
    nextKey: response.LastEvaluatedKey ? JSON.stringify(response.LastEvaluatedKey) : null,
    queued: queued + waiting.length,
  };
});
