import {
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandOutput,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { isErrorNamed } from './commons/aws-errors';
import { CallBudget } from './commons/call-budget';
import { taskClientConfig } from './commons/clients';
import { fleetReviewSettingsSchema, readJsonEnv, requireEnv } from './commons/config';
import { Env } from './commons/env';
import type { FleetWorkspace } from './commons/fleet';
import { putText, reviewKeys } from './commons/review-store';
import { S3Client } from './commons/s3';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const bucket = requireEnv(Env.ReviewBucket);
const settings = readJsonEnv(Env.FleetReviewSettings, fleetReviewSettingsSchema);
const client = new WorkSpacesClient(taskClientConfig);
const s3 = new S3Client();

/** The most DescribeWorkspaces returns per page. */
export const fleetPageSize = 25;

const inputSchema = z.object({
  reviewId: z.string().min(1),
  page: z.number().int().min(0),
  nextToken: z.string().min(1).nullish(),
  workspaces: z.number().int().min(0).default(0),
  calls: z.number().int().min(0).default(0),
});

/**
 * Reads one page of the fleet: one DescribeWorkspaces call (25 WorkSpaces, every directory) and
 * the tags of each (DescribeTags takes one id), paced at the review's share of the account's
 * WorkSpaces budget, and keeps the page in the review's store: the whole fleet would not fit in
 * a state's payload. A page is the unit, not a call, because a Task per DescribeTags would pass
 * Step Functions' 25,000 history events past about 4,000 WorkSpaces.
 */
export const handler = taskHandler(inputSchema, async ({ reviewId, page, nextToken, workspaces, calls }) => {
  // Allowance: the page and its tags; the pacing spaces each call 1 / callsPerSecond apart.
  const budget = new CallBudget(settings.callsPerSecond, fleetPageSize + 2);
  await budget.take();
  let response: DescribeWorkspacesCommandOutput;
  try {
    response = await client.send(
      new DescribeWorkspacesCommand({ Limit: fleetPageSize, NextToken: nextToken ?? undefined }),
    );
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const read: FleetWorkspace[] = [];
  for (const w of response.Workspaces ?? []) {
    if (!w.WorkspaceId) continue;
    await budget.take();
    let tags: Record<string, string> = {};
    try {
      const out = await client.send(new DescribeTagsCommand({ ResourceId: w.WorkspaceId }));
      tags = Object.fromEntries((out.TagList ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    } catch (error) {
      // Gone between the page and this look: not part of the fleet any more.
      if (isErrorNamed(error, 'ResourceNotFoundException')) continue;
      throw workspacesError(error, 'DescribeTags');
    }
    read.push({
      workspaceId: w.WorkspaceId,
      directoryId: w.DirectoryId ?? '',
      userName: w.UserName ?? '',
      state: w.State ?? 'UNKNOWN',
      bundleId: w.BundleId,
      computeType: w.WorkspaceProperties?.ComputeTypeName,
      runningMode: w.WorkspaceProperties?.RunningMode,
      tags,
    });
  }
  // The next page's first call keeps its distance from this page's last.
  await budget.take();
  await putText(s3, bucket, reviewKeys.page(reviewId, page), JSON.stringify(read));
  return {
    page: page + 1,
    nextToken: response.NextToken ?? null,
    workspaces: workspaces + read.length,
    calls: calls + budget.used - 1,
  };
});
