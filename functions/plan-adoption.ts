import { z } from 'zod';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { executionNameFor } from './commons/execution-name';
import { LeaverTags, orderedAtOf, workspaceTagsSchema } from './commons/leaver';
import { logger } from './commons/logger';
import { taskHandler } from './commons/task';
import { Tags } from './commons/workspaces';

const joinerStateMachineArn = requireEnv(Env.JoinerStateMachineArn);

const inputSchema = z.object({
  joiner: z.object({ eventId: z.string().min(1), occurredAt: z.string().nullish() }).loose(),
  /** `$$.Execution.StartTime`: the ordering time when HR gave no `occurredAt`. */
  startedAt: z.iso.datetime({ offset: true }),
  workspace: z.object({ workspaceId: z.string().min(1), state: z.string().optional() }).loose(),
  tags: workspaceTagsSchema,
});
type AdoptionInput = z.output<typeof inputSchema>;

/** What a joiner does with a WorkSpace the employee already has. */
export interface Adoption {
  /** A leaver event ordered after this joiner removes the WorkSpace: this joiner is old news. */
  superseded?: string;
  /** A pending removal ordered before this joiner: cancel it, start the WorkSpace, re-enable the user. */
  reactivate: boolean;
  /**
   * A joiner before this one already sent the welcome email: no second one, and no new password.
   * Set by the flow once it has read the previous joiner's status (SUCCEEDED).
   */
  welcomed: boolean;
  /** The joiner event that created or last claimed the WorkSpace: still running, it finishes the onboarding. */
  previousJoinerArn?: string;
  start: boolean;
  /** The tags that make this joiner the one in charge of the WorkSpace. */
  claimTags: Record<string, string>;
  passwordPurpose: 'joining' | 'rehire';
}

/** The execution of the joiner started for an HR event: named from the event id, like every flow. */
const joinerExecutionArn = (eventId: string) =>
  `${joinerStateMachineArn.replace(':stateMachine:', ':execution:')}:${executionNameFor(eventId)}`;

/**
 * A joiner for someone who already has a WorkSpace (HR sent the joiner again, corrected; or the
 * person is back before their removal) converges on one WorkSpace, one welcome and one password:
 * the latest event by its ordering time wins. Pure: no AWS call.
 */
export function planAdoption(input: AdoptionInput): Adoption {
  const { eventId } = input.joiner;
  const orderedAt = orderedAtOf(input.joiner.occurredAt ?? undefined, input.startedAt);
  const tags = input.tags.tags;
  const removalEvent = tags[LeaverTags.RemovalEventId];
  const removalOrderedAt = tags[LeaverTags.RemovalOrderedAt];
  if (removalEvent !== undefined && Date.parse(removalOrderedAt ?? '') > Date.parse(orderedAt)) {
    return {
      superseded: `leaver event ${removalEvent} of ${removalOrderedAt} is newer than this joiner (${orderedAt})`,
      reactivate: false,
      welcomed: false,
      start: false,
      claimTags: {},
      passwordPurpose: 'joining',
    };
  }
  const reactivate = removalEvent !== undefined;
  const previous = tags[Tags.EventId];
  const takesOver = previous !== undefined && previous !== eventId;
  return {
    reactivate,
    welcomed: false,
    ...(takesOver ? { previousJoinerArn: joinerExecutionArn(previous) } : {}),
    start: input.workspace.state === 'STOPPED' || input.workspace.state === 'STOPPING',
    claimTags: {
      [Tags.EventId]: eventId,
      [Tags.JoinedAt]: orderedAt,
      ...(reactivate ? { [LeaverTags.RehiredAt]: orderedAt, [LeaverTags.RehireEventId]: eventId } : {}),
    },
    passwordPurpose: reactivate ? 'rehire' : 'joining',
  };
}

export const handler = taskHandler(inputSchema, async (input) => {
  const adoption = planAdoption(input);
  logger.info('Existing WorkSpace adopted', { eventId: input.joiner.eventId, ...adoption });
  return adoption;
});
