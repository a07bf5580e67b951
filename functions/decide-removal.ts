import { z } from 'zod';
import { employeeIdSchema } from './commons/contracts';
import {
  EmployeeTag,
  goneStates,
  isProtected,
  LeaverTags,
  workspaceSummarySchema,
  workspaceTagsSchema,
} from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: employeeIdSchema,
  /** This event's ordering time: a rehire or joiner tagged later than it voids it. */
  orderedAt: z.iso.datetime({ offset: true }),
  dryRun: z.boolean(),
  /** What the leaver planned when it cut access. */
  plan: z.object({
    workspaceIds: z.array(z.string()),
    skipped: z.array(z.object({ workspaceId: z.string() }).loose()),
  }),
  /** What is there now. */
  workspaces: z.array(workspaceSummarySchema),
  tags: z.array(workspaceTagsSchema),
  user: z.object({ checked: z.boolean(), exists: z.boolean(), enabled: z.boolean() }).loose(),
  /** A "WorkSpace Unused" event: its person stays, and a connection after the warning cancels. */
  unused: z
    .object({ workspaceId: z.string(), warnedAt: z.iso.datetime({ offset: true }) })
    .loose()
    .nullish(),
  /** The unused WorkSpace's connection status now (ReadConnectionStatus). */
  connection: z.object({ lastConnection: z.string().nullable() }).loose().nullish(),
});
type DecideInput = z.output<typeof inputSchema>;

export interface RemovalDecision {
  /** Nothing changed since access was cut: go on with the removal. */
  proceed: boolean;
  /** What changed, when something did: each is enough to cancel. */
  reasons: string[];
  /** Whether there is anything to terminate. */
  terminate: boolean;
  toTerminate: string[];
  alreadyGoneIds: string[];
  /**
   * The only change is that another leaver event now owns the removal (it came with an earlier
   * date): not a cancellation, that event removes the WorkSpaces and this one ends quietly.
   */
  mergedInto?: string;
  /** An unused WorkSpace's removal, cancelled, whose removal tags are this event's: take them off. */
  clearTags?: boolean;
}

/**
 * The re-check before anything irreversible: the WorkSpaces planned are still this employee's,
 * still carry this event's removal tag, are not protected, no new WorkSpace appeared for the
 * user, and the user is still disabled. Any change cancels the whole removal. A dry run changed
 * nothing, so it skips the checks of its own changes. Pure: no AWS call.
 */
export function decideRemoval(input: DecideInput): RemovalDecision {
  const now = new Map(input.workspaces.map((w) => [w.workspaceId, w]));
  const tagsOf = new Map(input.tags.map((t) => [t.workspaceId, t]));
  const orderedAt = Date.parse(input.orderedAt);
  const reasons: string[] = [];
  const takenOverBy = new Set<string>();
  const toTerminate: string[] = [];
  const alreadyGoneIds: string[] = [];
  for (const workspaceId of input.plan.workspaceIds) {
    const ws = now.get(workspaceId);
    const tagged = tagsOf.get(workspaceId);
    if (!ws || goneStates.has(ws.state) || tagged?.found === false) {
      alreadyGoneIds.push(workspaceId);
      continue;
    }
    const tags = tagged?.tags ?? {};
    const before = reasons.length;
    if (tags[EmployeeTag] !== input.employeeId)
      reasons.push(`${workspaceId}: ${EmployeeTag} is now ${tags[EmployeeTag] ?? 'absent'}`);
    if (isProtected(tags))
      reasons.push(`${workspaceId}: protected by an operator (${LeaverTags.Protect}=true)`);
    const rehiredAt = Date.parse(tags[LeaverTags.RehiredAt] ?? '');
    if (rehiredAt > orderedAt)
      reasons.push(
        `${workspaceId}: rehired at ${tags[LeaverTags.RehiredAt]} (event ${tags[LeaverTags.RehireEventId] ?? 'unknown'})`,
      );
    const removalEvent = tags[LeaverTags.RemovalEventId];
    if (!input.dryRun && removalEvent === undefined)
      reasons.push(`${workspaceId}: its removal tag was taken off`);
    if (reasons.length > before) continue;
    if (!input.dryRun && removalEvent !== input.eventId) takenOverBy.add(String(removalEvent));
    else toTerminate.push(workspaceId);
  }
  const known = new Set([...input.plan.workspaceIds, ...input.plan.skipped.map((s) => s.workspaceId)]);
  for (const ws of input.workspaces) {
    // The person of an unused WorkSpace stays: their other WorkSpaces are no reason to cancel.
    if (input.unused) break;
    if (!known.has(ws.workspaceId) && !goneStates.has(ws.state))
      reasons.push(`${ws.workspaceId}: a new WorkSpace for this user appeared after access was cut`);
  }
  if (!input.unused && !input.dryRun && input.user.checked && input.user.exists && input.user.enabled)
    reasons.push('the directory user was enabled again');
  const connectedAt = input.connection?.lastConnection ?? null;
  if (input.unused && connectedAt !== null && Date.parse(connectedAt) > Date.parse(input.unused.warnedAt))
    reasons.push(
      `${input.unused.workspaceId}: its person connected again at ${connectedAt}, after the warning`,
    );
  if (reasons.length === 0 && toTerminate.length === 0 && takenOverBy.size > 0) {
    // Another leaver's removal covers them all; a WorkSpace still ours is still removed here.
    const mergedInto = [...takenOverBy].sort().join(', ');
    return { proceed: false, reasons: [], terminate: false, toTerminate: [], alreadyGoneIds, mergedInto };
  }
  const proceed = reasons.length === 0;
  const clearTags =
    !proceed &&
    !input.dryRun &&
    input.unused !== undefined &&
    input.unused !== null &&
    tagsOf.get(input.unused.workspaceId)?.tags?.[LeaverTags.RemovalEventId] === input.eventId;
  return {
    proceed,
    reasons,
    terminate: proceed && toTerminate.length > 0,
    toTerminate,
    alreadyGoneIds,
    ...(clearTags ? { clearTags } : {}),
  };
}

export const handler = taskHandler(inputSchema, async (input) => {
  const decision = decideRemoval(input);
  if (decision.proceed) logger.info('Removal still wanted', { eventId: input.eventId, ...decision });
  else if (decision.mergedInto)
    logger.info('Removal merged into another leaver event', {
      eventId: input.eventId,
      mergedInto: decision.mergedInto,
    });
  else logger.warn('Removal cancelled', { eventId: input.eventId, reasons: decision.reasons });
  return decision;
});
