import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { pollScheduleSchema, readJsonEnv } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { ProvisioningDeadlineError } from './commons/errors';
import { logger } from './commons/logger';
import { nextPoll, pollStateSchema } from './commons/polling';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const schedule = readJsonEnv(Env.PollSchedule, pollScheduleSchema);
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ workspaceId: workspaceIdSchema, poll: pollStateSchema });

/** States in which the flow stops polling and acts. */
const settled = new Set([
  'AVAILABLE',
  'STOPPED',
  'ERROR',
  'UNHEALTHY',
  'TERMINATING',
  'TERMINATED',
  'SUSPENDED',
]);

/**
 * Looks at a WorkSpace once and plans the next look. A WorkSpace not yet visible (new ids
 * take a moment to appear) counts as PENDING. Past the deadline, a WorkSpace still not
 * settled fails the flow.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceId, poll }) => {
  let state: string;
  try {
    const response = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [workspaceId] }));
    state = response.Workspaces?.[0]?.State ?? 'PENDING';
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const next = nextPoll(schedule, poll);
  if (!settled.has(state) && next.deadlinePassed) {
    throw new ProvisioningDeadlineError(
      `${workspaceId} is still ${state} after ${next.elapsedSeconds} s (deadline ${schedule.deadlineSeconds} s)`,
    );
  }
  logger.info('WorkSpace checked', { workspaceId, state, attempt: next.attempt });
  const { deadlinePassed: _, ...plan } = next;
  return { workspaceId, state, poll: plan };
});
