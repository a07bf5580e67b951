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
