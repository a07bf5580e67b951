import { z } from 'zod';
import { employeeIdSchema } from './commons/contracts';
import {
  EmployeeTag,
  goneStates,
  isProtected,
  LeaverTags,
  stoppableStates,
  workspaceSummarySchema,
  workspaceTagsSchema,
} from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: employeeIdSchema,
  startedAt: z.iso.datetime({ offset: true }),
  workspaces: z.array(workspaceSummarySchema),
  tags: z.array(workspaceTagsSchema),
  truncated: z.boolean(),
});
type PlanInput = z.output<typeof inputSchema>;

/** A WorkSpace of the leaver's, and how its access is cut. */
export interface PlannedWorkspace {
  workspaceId: string;
  state: string;
  runningMode?: string;
  /** ALWAYS_ON cannot be stopped: switch to AUTO_STOP first. */
  setAutoStop: boolean;
  stop: boolean;
  /** Why it is not stopped, when it is not. */
  stopNote?: string;
  protected: boolean;
}

export interface LeaverPlan {
  /** A rehire came after this leaver event: cut nothing. */
  cancel: boolean;
  cancelReasons: string[];
  workspaces: PlannedWorkspace[];
  workspaceIds: string[];
  /** WorkSpaces of this user name left alone, each with the reason. */
  skipped: { workspaceId: string; reason: string }[];
  /** The directory user is kept at the end when something not ours still uses it. */
  keepUser: boolean;
  keepUserReason?: string;
}

/**
 * Decides which of the user's WorkSpaces are the leaver's: only those whose `employee-id` tag
 * is the leaver's own. Everything else is skipped, with the reason. Pure: no AWS call.
 */
export function planLeaver(input: PlanInput): LeaverPlan {
  const tagsOf = new Map(input.tags.map((t) => [t.workspaceId, t]));
  const startedAt = Date.parse(input.startedAt);
  const plan: LeaverPlan = {
    cancel: false,
    cancelReasons: [],
    workspaces: [],
    workspaceIds: [],
    skipped: [],
    keepUser: false,
  };
  const keepUserFor = (reason: string) => {
    plan.keepUser = true;
    plan.keepUserReason ??= reason;
  };
  for (const ws of input.workspaces) {
    const { workspaceId, state } = ws;
    const tagged = tagsOf.get(workspaceId);
    if (goneStates.has(state) || tagged?.found === false) {
      plan.skipped.push({ workspaceId, reason: `already ${tagged?.found === false ? 'gone' : state}` });
      continue;
    }
    const owner = tagged?.tags[EmployeeTag];
    if (owner !== input.employeeId) {
      const reason =
        owner === undefined
          ? `no ${EmployeeTag} tag: not known to be this employee's`
          : `${EmployeeTag} is ${owner}, not ${input.employeeId}`;
      plan.skipped.push({ workspaceId, reason });
      keepUserFor(`WorkSpace ${workspaceId} still uses the user (${reason})`);
      continue;
    }
    const tags = tagged?.tags ?? {};
    const rehiredAt = Date.parse(tags[LeaverTags.RehiredAt] ?? '');
    if (rehiredAt > startedAt) {
      plan.cancel = true;
      plan.cancelReasons.push(
        `${workspaceId}: rehired at ${tags[LeaverTags.RehiredAt]} (event ${tags[LeaverTags.RehireEventId] ?? 'unknown'}), after this leaver event`,
      );
    }
    const setAutoStop =
      ws.runningMode === 'ALWAYS_ON' && ['AVAILABLE', 'IMPAIRED', 'UNHEALTHY'].includes(state);
    const stop = stoppableStates.has(state) && (ws.runningMode !== 'ALWAYS_ON' || setAutoStop);
    const stopNote = stop
      ? undefined
      : state === 'STOPPED' || state === 'STOPPING'
        ? `already ${state}`
        : `not stopped: a WorkSpace in state ${state} (${ws.runningMode ?? 'unknown mode'}) holds no session and cannot be stopped`;
    plan.workspaces.push({
      workspaceId,
      state,
      runningMode: ws.runningMode,
      setAutoStop,
      stop,
      ...(stopNote ? { stopNote } : {}),
      protected: isProtected(tags),
    });
    plan.workspaceIds.push(workspaceId);
  }
  if (input.truncated)
    keepUserFor('the user has more WorkSpaces than one page; only the first were looked at');
  return plan;
}

export const handler = taskHandler(inputSchema, async (input) => {
  const plan = planLeaver(input);
  logger.info('Leaver planned', {
    eventId: input.eventId,
    employeeId: input.employeeId,
    workspaceIds: plan.workspaceIds,
    skipped: plan.skipped,
    cancel: plan.cancel,
    keepUserReason: plan.keepUserReason,
  });
  return plan;
});
