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
    QueueWorkspaceCreation: (await import('../functions/queue-workspace-creation')).handler,
    FindWorkspace: (await import('../functions/find-workspace')).handler,
    WatchWorkspace: (await import('../functions/watch-workspace')).handler,
    RecoverWorkspace: (await import('../functions/recover-workspace')).handler,
    GetRegistrationCode: (await import('../functions/get-registration-code')).handler,
    SetInitialPassword: (await import('../functions/set-initial-password')).handler,
    SendWelcomeEmail: (await import('../functions/send-welcome-email')).handler,
    PublishLifecycleEvent: (await import('../functions/publish-lifecycle-event')).handler,
    NotifyOperators: (await import('../functions/notify-operators')).handler,
    ValidateLeaver: (await import('../functions/validate-leaver')).handler,
    ListRunningJoiners: (await import('../functions/list-running-joiners')).handler,
    DescribeJoinerExecution: (await import('../functions/describe-joiner-execution')).handler,
    StopJoinerExecution: (await import('../functions/stop-joiner-execution')).handler,
    FindLeaverWorkspaces: (await import('../functions/find-leaver-workspaces')).handler,
    ReadWorkspaceTags: (await import('../functions/read-workspace-tags')).handler,
    PlanLeaver: (await import('../functions/plan-leaver')).handler,
    DisableDirectoryUser: (await import('../functions/disable-directory-user')).handler,
    TagWorkspace: (await import('../functions/tag-workspace')).handler,
    SetAutoStop: (await import('../functions/set-auto-stop')).handler,
    StopWorkspace: (await import('../functions/stop-workspace')).handler,
    WarnPendingRemoval: (await import('../functions/warn-pending-removal')).handler,
    ReadDirectoryUser: (await import('../functions/read-directory-user')).handler,
    DecideRemoval: (await import('../functions/decide-removal')).handler,
    TerminateWorkspaces: (await import('../functions/terminate-workspaces')).handler,
    CheckWorkspacesGone: (await import('../functions/check-workspaces-gone')).handler,
    DeleteDirectoryUser: (await import('../functions/delete-directory-user')).handler,
    ValidateRehire: (await import('../functions/validate-rehire')).handler,
    PlanRehire: (await import('../functions/plan-rehire')).handler,
    ClearRemovalTags: (await import('../functions/clear-removal-tags')).handler,
    StartWorkspace: (await import('../functions/start-workspace')).handler,
  };
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
