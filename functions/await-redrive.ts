import { z } from 'zod';
import { retryPolicies } from '../statemachines/definitions';
import { LifecycleError, RetriesExhaustedError } from './commons/errors';
import { logger } from './commons/logger';
import { notRedrivable } from './commons/remedies';
import { taskHandler } from './commons/task';

const inputSchema = z.object({
  /** The flow's state data as it failed: its `error` is what the execution fails with. */
  state: z.looseObject({ error: z.object({ Error: z.string(), Cause: z.string().optional() }) }),
  /** `$$.Execution.RedriveCount` when the failure was recorded. */
  failedAtRedrive: z.number().int().min(0),
  /** `$$.Execution.RedriveCount` now: higher once an operator (or the provisioner) redrove. */
  redriveCount: z.number().int().min(0),
});

/** What the failure path added to the state: dropped when the flow resumes. */
const failureKeys = ['error', 'failedEvent', 'publishError', 'alert', 'alertError', 'failedAt'];
// Names the declared policies retry: thrown again here they would be retried for nothing.
const retried = new Set(retryPolicies.flatMap((p) => p.ErrorEquals));

/** The flow's error, named as the ASL names it, so the execution fails with the first error. */
class FlowError extends LifecycleError {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where a failed joiner stops, so a redrive can resume it. Step Functions' RedriveExecution
 * restarts the state an execution failed in; a Fail state would fail again, so the flow fails
 * here instead, in a Task, with its first error. Run again by a redrive (the redrive count has
 * grown), it returns the state data without the failure, and the next Choice resumes the flow at
 * the step that failed. An error no redrive can clear (bad input, another employee's WorkSpace,
 * a lost WorkSpace) fails again, saying so.
 */
export const handler = taskHandler(inputSchema, async ({ state, failedAtRedrive, redriveCount }) => {
  const { Error: name, Cause: cause = '' } = state.error;
  if (redriveCount <= failedAtRedrive) {
    if (retried.has(name)) throw new RetriesExhaustedError(`${name}: ${cause}`);
    throw new FlowError(name, cause);
  }
  if (notRedrivable.has(name)) {
    throw new FlowError(name, `A redrive cannot clear ${name}; send a new event instead. ${cause}`);
  }
  logger.info('Redriven: the flow resumes where it failed', { error: name, redriveCount });
  return Object.fromEntries(Object.entries(state).filter(([key]) => !failureKeys.includes(key)));
});
