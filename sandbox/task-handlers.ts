import type { TaskFunctionName } from '../functions';
import type { TaskHandler } from './state-machines';

/**
 * Loads every task function's handler. Call it after the environment is set: the functions
 * read their configuration once, when their module loads, as a Lambda cold start does.
 */
export async function loadTaskHandlers(): Promise<Record<TaskFunctionName, TaskHandler>> {
  return {
    ValidateJoiner: (await import('../functions/validate-joiner')).handler,
    EnsureDirectoryUser: (await import('../functions/ensure-directory-user')).handler,
    CreateWorkspace: (await import('../functions/create-workspace')).handler,
    FindWorkspace: (await import('../functions/find-workspace')).handler,
    CheckWorkspace: (await import('../functions/check-workspace')).handler,
    RecoverWorkspace: (await import('../functions/recover-workspace')).handler,
    GetRegistrationCode: (await import('../functions/get-registration-code')).handler,
    SetInitialPassword: (await import('../functions/set-initial-password')).handler,
    SendWelcomeEmail: (await import('../functions/send-welcome-email')).handler,
    PublishLifecycleEvent: (await import('../functions/publish-lifecycle-event')).handler,
    NotifyOperators: (await import('../functions/notify-operators')).handler,
  };
}
