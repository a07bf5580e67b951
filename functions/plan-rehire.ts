import { z } from 'zod';
import { employeeIdSchema } from './commons/contracts';
import {
  EmployeeTag,
  goneStates,
  LeaverTags,
  workspaceSummarySchema,
  workspaceTagsSchema,
} from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const inputSchema = z.object({
  eventId: z.string().min(1),
  employeeId: employeeIdSchema,
  /** This rehire's ordering time: a leaver ordered after it is not undone. */
  orderedAt: z.iso.datetime({ offset: true }),
  workspaces: z.array(workspaceSummarySchema),
  tags: z.array(workspaceTagsSchema),
});
type PlanInput = z.output<typeof inputSchema>;

/** A rehired employee's WorkSpace and what brings it back. */
export interface RestoredWorkspace {
  workspaceId: string;
  state: string;
  /** Stopped (or stopping) by the leaver flow: start it again. */
  start: boolean;
  note?: string;
}

export interface RehirePlan {
  workspaces: RestoredWorkspace[];
  workspaceIds: string[];
  skipped: { workspaceId: string; reason: string }[];
  /** No WorkSpace of theirs is left to restore: a fresh joiner, or the operators, take over. */
  nothingToRestore: boolean;
  /** A leaver event ordered after this rehire scheduled the removal: the rehire is old news. */
  supersededBy?: string;
}

/** Picks the rehired employee's own WorkSpaces (by `employee-id` tag) and which to start. Pure: no AWS call. */
export function planRehire(input: PlanInput): RehirePlan {
  const tagsOf = new Map(input.tags.map((t) => [t.workspaceId, t]));
  const plan: RehirePlan = { workspaces: [], workspaceIds: [], skipped: [], nothingToRestore: false };
  const orderedAt = Date.parse(input.orderedAt);
  for (const { workspaceId, state } of input.workspaces) {
    const tagged = tagsOf.get(workspaceId);
    if (goneStates.has(state) || tagged?.found === false) {
      plan.skipped.push({
        workspaceId,
        reason: `already ${tagged?.found === false ? 'gone' : state}: nothing to restore`,
      });
      continue;
    }
    const owner = tagged?.tags[EmployeeTag];
    if (owner !== input.employeeId) {
      plan.skipped.push({
        workspaceId,
        reason:
          owner === undefined
            ? `no ${EmployeeTag} tag`
            : `${EmployeeTag} is ${owner}, not ${input.employeeId}`,
      });
      continue;
    }
    const tags = tagged?.tags ?? {};
    if (Date.parse(tags[LeaverTags.RemovalOrderedAt] ?? '') > orderedAt) {
      plan.supersededBy = `leaver event ${tags[LeaverTags.RemovalEventId] ?? 'unknown'} of ${tags[LeaverTags.RemovalOrderedAt]}`;
    }
    const start = state === 'STOPPED' || state === 'STOPPING';
    plan.workspaces.push({
      workspaceId,
      state,
      start,
      ...(start ? {} : { note: `${state}: not stopped, so not started` }),
    });
    plan.workspaceIds.push(workspaceId);
  }
  plan.nothingToRestore = plan.workspaces.length === 0;
  return plan;
}

export const handler = taskHandler(inputSchema, async (input) => {
  const plan = planRehire(input);
  logger.info('Rehire planned', {
    eventId: input.eventId,
    workspaceIds: plan.workspaceIds,
    skipped: plan.skipped,
    supersededBy: plan.supersededBy,
  });
  return plan;
});
