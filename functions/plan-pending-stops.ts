import { z } from 'zod';
import {
  LeaverTags,
  stoppableStates,
  transitionalStates,
  workspaceSummarySchema,
  workspaceTagsSchema,
} from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';

const inputSchema = z.object({
  eventId: z.string().min(1),
  /** The leaver's own WorkSpaces, as planned when access was cut. */
  workspaceIds: z.array(z.string()),
  /** Their states and tags now. */
  workspaces: z.array(workspaceSummarySchema),
  tags: z.array(workspaceTagsSchema),
  /** This leaver event's ordering time: a rehire tagged later than it keeps its WorkSpace running. */
  orderedAt: z.iso.datetime({ offset: true }),
  /** Past this, a WorkSpace still not stopped is given up on, and the flow fails and alerts. */
  stopBy: z.iso.datetime({ offset: true }),
  /** Looks taken so far, and how many of them asked a WorkSpace to stop. */
  looks: z.number().int().min(0),
  stopRequests: z.number().int().min(0),
});
type PendingInput = z.output<typeof inputSchema>;

export interface PendingStops {
  /** Stoppable now: stop them (ALWAYS_ON ones switched to AUTO_STOP first). */
  stops: { workspaceId: string; setAutoStop: boolean }[];
  /** Still PENDING, STARTING, ...: look again. */
  waiting: { workspaceId: string; state: string }[];
  /** Rehired since access was cut: left as the rehire made them. */
  rehired: string[];
  /** Look again after a while: something was asked to stop just now, or is still on its way. */
  awaitStop: boolean;
  /** Given up: still not stopped past `stopBy`, or refusing one stop after another. */
  gaveUp: boolean;
  looks: number;
  stopRequests: number;
}

/** At most this many looks, a minute apart: the two hours of `stopBy`, whatever the clock says. */
export const maxLooks = 120;
/** A WorkSpace that is stoppable and still running after this many stops will not stop. */
export const maxStopRequests = 5;

/**
 * Confirms a leaver's WorkSpaces stopped, and stops the ones that could not be stopped when access
 * was cut (still being created, starting, rebooting) as soon as they can be, rather than let them
 * run through the grace period. Pure: no AWS call.
 */
export function planPendingStops(input: PendingInput, now = Date.now()): PendingStops {
  const ours = new Set(input.workspaceIds);
  const tagsOf = new Map(input.tags.map((t) => [t.workspaceId, t.tags]));
  const orderedAt = Date.parse(input.orderedAt);
  const looks = input.looks + 1;
  const stops: PendingStops['stops'] = [];
  const waiting: PendingStops['waiting'] = [];
  const rehired: string[] = [];
  for (const { workspaceId, state, runningMode } of input.workspaces) {
    if (!ours.has(workspaceId)) continue;
    if (Date.parse(tagsOf.get(workspaceId)?.[LeaverTags.RehiredAt] ?? '') > orderedAt) {
      rehired.push(workspaceId);
      continue;
    }
    // An ALWAYS_ON WorkSpace in ERROR can be neither switched nor stopped: it holds no session.
    if (stoppableStates.has(state) && !(runningMode === 'ALWAYS_ON' && state === 'ERROR'))
      stops.push({ workspaceId, setAutoStop: runningMode === 'ALWAYS_ON' });
    else if (transitionalStates.has(state)) waiting.push({ workspaceId, state });
  }
  const stopRequests = input.stopRequests + (stops.length > 0 ? 1 : 0);
  const unfinished = stops.length > 0 || waiting.length > 0;
  const outOfTime = now > Date.parse(input.stopBy) || looks >= maxLooks || stopRequests > maxStopRequests;
  const gaveUp = unfinished && outOfTime;
  return {
    stops: gaveUp ? [] : stops,
    waiting,
    rehired,
    awaitStop: unfinished && !gaveUp,
    gaveUp,
    looks,
    stopRequests,
  };
}

export const handler = taskHandler(inputSchema, async (input) => {
  const pending = planPendingStops(input);
  if (pending.gaveUp) logger.error('WorkSpaces not stopped', { eventId: input.eventId, ...pending });
  else logger.info('Pending stops', { eventId: input.eventId, ...pending });
  return pending;
});
