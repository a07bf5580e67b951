import { DescribeWorkspacesConnectionStatusCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { CallBudget } from './commons/call-budget';
import { taskClientConfig } from './commons/clients';
import { fleetReviewSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { Env } from './commons/env';
import { ReviewStoreError } from './commons/errors';
import type { FleetWorkspace } from './commons/fleet';
import { getText, putText, reviewKeys } from './commons/review-store';
import { S3Client } from './commons/s3';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const bucket = requireEnv(Env.ReviewBucket);
const settings = readJsonEnv(Env.FleetReviewSettings, fleetReviewSettingsSchema);
const client = new WorkSpacesClient(taskClientConfig);
const s3 = new S3Client();

const inputSchema = z.object({
  reviewId: z.string().min(1),
  page: z.number().int().min(0),
  pages: z.number().int().min(0),
  calls: z.number().int().min(0).default(0),
});

/** A WorkSpace's connection as the review keeps it: absent `lastConnection` means never connected. */
export interface ConnectionRecord {
  connectionState?: string;
  lastConnection: string | null;
}

/**
 * Reads the connection status of one fleet page's WorkSpaces: one DescribeWorkspacesConnectionStatus
 * call (it takes up to 25 ids, a page's worth), paced at the review's share of the WorkSpaces budget,
 * and keeps it in the review's store. With the cost part off it reads nothing and ends the loop.
 */
export const handler = taskHandler(inputSchema, async ({ reviewId, page, pages, calls }) => {
  if (!settings.cost.enabled) return { page: pages, pages, calls, read: false };
  const text = await getText(s3, bucket, reviewKeys.page(reviewId, page));
  if (text === undefined)
    throw new ReviewStoreError(`Page ${page} of review ${reviewId} is missing from the store`);
  const ids = (JSON.parse(text) as FleetWorkspace[]).map((w) => w.workspaceId);
  const records: Record<string, ConnectionRecord> = {};
  let used = 0;
  if (ids.length > 0) {
    // One call, and the distance to the next page's call.
    const budget = new CallBudget(settings.callsPerSecond, 2);
    await budget.take();
    try {
      const out = await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: ids }));
      for (const status of out.WorkspacesConnectionStatus ?? []) {
        if (!status.WorkspaceId) continue;
        records[status.WorkspaceId] = {
          connectionState: status.ConnectionState,
          lastConnection: status.LastKnownUserConnectionTimestamp?.toISOString() ?? null,
        };
      }
    } catch (error) {
      throw workspacesError(error, 'DescribeWorkspacesConnectionStatus');
    }
    await budget.take();
    used = 1;
  }
  await putText(s3, bucket, reviewKeys.connections(reviewId, page), JSON.stringify(records));
  return { page: page + 1, pages, calls: calls + used, read: true };
});
