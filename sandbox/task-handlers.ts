import { fileNameOf, type TaskFunctionName, taskFunctionNames } from '../functions';
import type { TaskHandler } from './state-machines';

/**
 * Loads every task function's handler from `functions/<kebab-name>.ts`. Call it after the
 * environment is set: the functions read their configuration once, when their module loads, as a
 * Lambda cold start does.
 */
export async function loadTaskHandlers(): Promise<Record<TaskFunctionName, TaskHandler>> {
  const handlers = {} as Record<TaskFunctionName, TaskHandler>;
  for (const name of taskFunctionNames) {
    const { handler } = (await import(`../functions/${fileNameOf(name)}`)) as { handler?: unknown };
    if (typeof handler !== 'function') throw new Error(`functions/${fileNameOf(name)}.ts exports no handler`);
    handlers[name] = handler as TaskHandler;
  }
  return handlers;
}

/**
 * Task invocations the sandbox runs at once. On AWS each invocation has a Lambda instance, and
 * its CPU, of its own; here all share one event loop. A cohort of thousands started together
 * would put thousands of requests on that loop at once, and a call's own timeout (Directory
 * Service Data's 5 s, in real time) would then measure the whole cohort's work queued ahead of
 * it instead of the call: at 10,000 joiners, 4,056 failed, their CreateUser timing out on every
 * retry.
 */
export const sandboxTaskConcurrency = 64;

/**
 * The same handlers, of which at most `limit` invocations run at once in all; the others wait,
 * first come first served, before they start (as if Lambda were still starting instances). A
 * handler never waits for another handler (a task token is answered after its handler returns),
 * so waiting cannot deadlock.
 */
export function withConcurrencyLimit<K extends string>(
  handlers: Record<K, TaskHandler>,
  limit: number,
): Record<K, TaskHandler> {
  let running = 0;
  // A queue with a moving head: shift() on an array of 20,000 waiters copies it each time.
  let waiting: Array<() => void> = [];
  let head = 0;
  const release = () => {
    if (head < waiting.length) {
      const next = waiting[head++];
      if (head === waiting.length) {
        waiting = [];
        head = 0;
      }
      next(); // The slot passes on: `running` stays the same.
    } else running--;
  };
  const limited = {} as Record<K, TaskHandler>;
  for (const [name, handler] of Object.entries(handlers) as [K, TaskHandler][]) {
    limited[name] = async (event, context) => {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await handler(event, context);
      } finally {
        release();
      }
    };
  }
  return limited;
}

/**
 * Loads the handlers that are not state machine tasks: the HR intake's dispatcher and webhook,
 * and the scheduled provisioner.
 */
export async function loadIntakeHandlers() {
  return {
    dispatcher: (await import('../functions/dispatch-hr-event')).handler,
    webhook: (await import('../functions/hr-webhook')).handler,
    provisioner: (await import('../functions/provisioner')).handler,
  };
}
