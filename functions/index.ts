/**
 * Every task function, by the one name its file, its CDK construct, its ASL substitution
 * (`${<Name>FunctionArn}`) and its Lambda come from: `WatchWorkspace` is
 * `functions/watch-workspace.ts`.
 */
export const taskFunctionNames = [
  'ValidateJoiner',
  'EnsureDirectoryUser',
  'QueueWorkspaceCreation',
  'FindWorkspace',
  'WatchWorkspace',
  'RecoverWorkspace',
  'GetRegistrationCode',
  'SetInitialPassword',
  'SendWelcomeEmail',
  'PublishLifecycleEvent',
  'NotifyOperators',
  // Leaver and rehire flows
  'ValidateLeaver',
  'ListRunningJoiners',
  'DescribeJoinerExecution',
  'StopJoinerExecution',
  'FindLeaverWorkspaces',
  'ReadWorkspaceTags',
  'PlanLeaver',
  'DisableDirectoryUser',
  'TagWorkspace',
  'SetAutoStop',
  'StopWorkspace',
  'WarnPendingRemoval',
  'ReadDirectoryUser',
  'DecideRemoval',
  'TerminateWorkspaces',
  'CheckWorkspacesGone',
  'DeleteDirectoryUser',
  'ValidateRehire',
  'PlanRehire',
  'ClearRemovalTags',
  'StartWorkspace',
] as const;
export type TaskFunctionName = (typeof taskFunctionNames)[number];

/** `WatchWorkspace` -> `watch-workspace`. */
export function fileNameOf(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `WatchWorkspace` -> `WatchWorkspaceFunctionArn`, the ASL substitution key. */
export function substitutionOf(name: string): string {
  return `${name}FunctionArn`;
}

/** State machines by name: `joiner` is `statemachines/joiner.asl.json`. */
export const stateMachineNames = ['joiner', 'leaver', 'rehire'] as const;
export type StateMachineName = (typeof stateMachineNames)[number];
