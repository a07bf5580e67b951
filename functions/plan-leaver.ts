import { z } from 'zod';
import { employeeIdSchema } from './commons/contracts';
import {
  EmployeeTag,
  goneStates,
  isProtected,
  LeaverTags,
  stoppableStates,
  transitionalStates,
  workspaceSummarySchema,
  workspaceTagsSchema,
} from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';
import { Tags } from './commons/workspaces';

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: employeeIdSchema,
  /** This event's ordering time: a rehire or joiner tagged later than it voids it. */
  orderedAt: z.iso.datetime({ offset: true }),
  /** When this event would remove the WorkSpaces. */
  removeAt: z.iso.datetime({ offset: true }),
  workspaces: z.array(workspaceSummarySchema),
  tags: z.array(workspaceTagsSchema),
  truncated: z.boolean(),
  /** A "WorkSpace Unused" event: only this WorkSpace, and the person's directory user stays. */
  unused: z
    .object({ workspaceId: z.string().min(1) })
    .loose()
    .nullish(),
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
  /** Not stoppable yet (PENDING, STARTING, ...): stopped as soon as it can be. */
  awaitStop: boolean;
  /** Why it is not stopped, when it is not. */
  stopNote?: string;
  protected: boolean;
  /**
   * Tag it with this event's removal. Not when another leaver event already scheduled its removal
   * for the same time or earlier: the two merge into that one removal.
   */
  tagForRemoval: boolean;
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
  /**
   * Some WorkSpace is being stopped, or cannot be stopped yet: the flow looks again until every
   * one is stopped, or until `stopBy`.
   */
  awaitStop: boolean;
  stopBy?: string;
  /** No WorkSpace of this employee's: cut the directory user's access and end, with no grace period. */
  nothingToRemove: boolean;
  /** Every WorkSpace's removal is already another leaver event's, no later than ours: that one removes them. */
  mergedInto?: string;
}

/**
 * How long a leaver waits for a WorkSpace to become stoppable: longer than provisioning (about 20
 * minutes, 90 at the provisioner's deadline) and a reboot or rebuild take.
 */
const stopWaitMillis = 2 * 3_600_000;

/**
 * Decides which of the user's WorkSpaces are the leaver's: only those whose `employee-id` tag
 * is the leaver's own. Everything else is skipped, with the reason. Pure: no AWS call.
 */
export function planLeaver(input: PlanInput, now = Date.now()): LeaverPlan {
  const tagsOf = new Map(input.tags.map((t) => [t.workspaceId, t]));
  const orderedAt = Date.parse(input.orderedAt);
  const removeAt = Date.parse(input.removeAt);
  const plan: LeaverPlan = {
    cancel: false,
    cancelReasons: [],
    workspaces: [],
    workspaceIds: [],
    skipped: [],
    keepUser: false,
    awaitStop: false,
    nothingToRemove: false,
  };
  const mergedWith = new Set<string>();
  const keepUserFor = (reason: string) => {
    plan.keepUser = true;
    plan.keepUserReason ??= reason;
  };
  if (input.unused) keepUserFor('an unused WorkSpace is removed; its person stays');
  for (const ws of input.workspaces) {
    const { workspaceId, state } = ws;
    if (input.unused && workspaceId !== input.unused.workspaceId) {
      plan.skipped.push({ workspaceId, reason: 'not the unused WorkSpace this event removes' });
      continue;
    }
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
    if (rehiredAt > orderedAt) {
      plan.cancel = true;
      plan.cancelReasons.push(
        `${workspaceId}: rehired at ${tags[LeaverTags.RehiredAt]} (event ${tags[LeaverTags.RehireEventId] ?? 'unknown'}), after this leaver event`,
      );
    } else if (Date.parse(tags[Tags.JoinedAt] ?? '') > orderedAt) {
      plan.cancel = true;
      plan.cancelReasons.push(
        `${workspaceId}: joined at ${tags[Tags.JoinedAt]} (event ${tags[Tags.EventId] ?? 'unknown'}), after this leaver event`,
      );
    }
    const setAutoStop =
      ws.runningMode === 'ALWAYS_ON' && ['AVAILABLE', 'IMPAIRED', 'UNHEALTHY'].includes(state);
    const stop = stoppableStates.has(state) && (ws.runningMode !== 'ALWAYS_ON' || setAutoStop);
    const awaitStop = transitionalStates.has(state);
    const stopNote = stop
      ? undefined
      : state === 'STOPPED' || state === 'STOPPING'
        ? `already ${state}`
        : awaitStop
          ? `${state}: stopped as soon as it can be`
          : `not stopped: a WorkSpace in state ${state} (${ws.runningMode ?? 'unknown mode'}) holds no session and cannot be stopped`;
    const scheduledBy = tags[LeaverTags.RemovalEventId];
    const scheduledAt = Date.parse(tags[LeaverTags.RemoveAfter] ?? '');
    const alreadyScheduled =
      scheduledBy !== undefined && scheduledBy !== input.eventId && scheduledAt <= removeAt;
    if (alreadyScheduled) mergedWith.add(scheduledBy);
    plan.awaitStop ||= awaitStop || stop;
    plan.workspaces.push({
      workspaceId,
      state,
      runningMode: ws.runningMode,
      setAutoStop,
      stop,
      awaitStop,
      ...(stopNote ? { stopNote } : {}),
      protected: isProtected(tags),
      tagForRemoval: !alreadyScheduled,
    });
    plan.workspaceIds.push(workspaceId);
  }
  if (input.truncated)
    keepUserFor('the user has more WorkSpaces than one page; only the first were looked at');
  plan.nothingToRemove = !plan.cancel && plan.workspaces.length === 0;
  if (plan.awaitStop) plan.stopBy = new Date(now + stopWaitMillis).toISOString();
  if (plan.workspaces.length > 0 && plan.workspaces.every((w) => !w.tagForRemoval)) {
    plan.mergedInto = [...mergedWith].sort().join(', ');
  }
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
    awaitStop: plan.awaitStop,
    nothingToRemove: plan.nothingToRemove,
    mergedInto: plan.mergedInto,
  });
  return plan;
});
