import { TerminateWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { pollScheduleSchema, readJsonEnv } from './commons/config';
import { workspaceIdSchema } from './commons/contracts';
import { Env } from './commons/env';
import { applyChange } from './commons/leaver';
import { logger } from './commons/logger';
import { recheckPoll } from './commons/polling';
import { taskHandler } from './commons/task';
import { failedRequestError, workspacesError } from './commons/workspaces';

const schedule = readJsonEnv(Env.PollSchedule, pollScheduleSchema);
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({
  workspaceIds: z.array(workspaceIdSchema).min(1).max(25),
  dryRun: z.boolean(),
});

/**
 * Terminates the leaver's WorkSpaces once the grace period is over and nothing changed. This
 * destroys the user volume and cannot be undone: the state machine calls it only after the
 * last re-check. A WorkSpace already gone counts as terminated.
 */
export const handler = taskHandler(inputSchema, async ({ workspaceIds, dryRun }) => {
  const report = await applyChange(
    dryRun,
    `terminate ${workspaceIds.join(', ')}`,
    { workspaceIds },
    async () => {
      let failed: { WorkspaceId?: string; ErrorCode?: string; ErrorMessage?: string }[];
      try {
        const response = await client.send(
          new TerminateWorkspacesCommand({
            TerminateWorkspaceRequests: workspaceIds.map((WorkspaceId) => ({ WorkspaceId })),
          }),
        );
        failed = response.FailedRequests ?? [];
      } catch (error) {
        throw workspacesError(error, 'TerminateWorkspaces');
      }
      const alreadyGone = failed.filter((f) => f.ErrorCode?.startsWith('ResourceNotFound'));
      const refused = failed.find((f) => !alreadyGone.includes(f));
      if (refused)
        throw failedRequestError(`TerminateWorkspaces ${refused.WorkspaceId ?? ''}`.trim(), refused);
      const alreadyGoneIds = alreadyGone.map((f) => f.WorkspaceId ?? '');
      if (alreadyGoneIds.length > 0) logger.info('WorkSpaces already gone', { alreadyGoneIds });
      return { alreadyGoneIds };
    },
  );
  return { workspaceIds, ...report, poll: recheckPoll(schedule) };
});
