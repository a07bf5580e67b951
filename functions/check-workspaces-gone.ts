import {
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandOutput,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { pollScheduleSchema, readJsonEnv } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { nextPoll, pollStateSchema } from './commons/polling';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const schedule = readJsonEnv(Env.PollSchedule, pollScheduleSchema);
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceIds: z.array(workspaceIdSchema).min(1).max(25),
  poll: pollStateSchema,
});

/**
 * Looks whether terminated WorkSpaces are gone: no longer returned, or TERMINATED (which shows
 * only briefly before the id disappears). Plans the next look; past the deadline the state
 * machine reports the removal as unconfirmed.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceIds, poll }) => {
  let response: DescribeWorkspacesCommandOutput;
  try {
    response = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: workspaceIds }));
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const remaining = (response.Workspaces ?? [])
    .filter((w) => w.State !== 'TERMINATED')
    .map((w) => ({ workspaceId: w.WorkspaceId ?? '', state: w.State ?? 'UNKNOWN' }));
  const { deadlinePassed, ...plan } = nextPoll(schedule, poll);
  logger.info('Termination checked', { workspaceIds, remaining, attempt: plan.attempt });
  return { allGone: remaining.length === 0, remaining, deadlinePassed, poll: plan };
});
