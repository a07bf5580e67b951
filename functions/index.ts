import { Env, type EnvName } from './commons/env';

/**
 * What an AWS permission is granted on. `infra/` turns each kind into ARNs (and a cdk-nag
 * acknowledgement where the kind is a wildcard AWS cannot narrow).
 */
export type ResourceKind =
  /** The configured directory (Directory Service and Directory Service Data). */
  | 'directory'
  /** Any WorkSpace of the account and Region: ids are known only at run time. */
  | 'workspace'
  /** A new WorkSpace in the configured directory, from the configured bundles only. */
  | 'newWorkspace'
  /** Actions that support no resource-level permission. */
  | 'anyResource'
  /** The configured SES sender address and its domain. */
  | 'senderIdentity'
  | 'hrBus'
  | 'alertTopic'
  | 'provisioningQueue'
  /** The lifecycle register: per employee, the flows ordered for them. */
  | 'lifecycleRegister'
  | 'joinerStateMachine'
  /** The joiner and leaver state machines: their tasks wait on the provisioner's answers. */
  | 'provisionedStateMachines'
  /** Executions of the joiner state machine. */
  | 'joinerExecutions'
  | 'onboardingExecutions'
  /** The leaver state machine, which the mover starts for a contract end date. */
  | 'leaverStateMachine'
  /** Executions of the leaver state machine: the mover stops the contract-end leaver it started. */
  | 'leaverExecutions'
  /** Every flow's state machine (joiner, leaver, rehire, mover). */
  | 'flowStateMachines'
  | 'webhookSecret'
  /** The foundation's volume encryption key, when there is one. */
  | 'volumeKey'
  /** The fleet review's bucket: the roster, the pages it reads, its reports and history. */
  | 'reviewBucket';

/**
 * A tag condition that narrows a WorkSpaces permission. Which condition keys each action
 * supports is in the README's "Least privilege" (from the Service Authorization Reference).
 */
export type WorkspaceCondition =
  /** Only WorkSpaces that carry an `employee-id` tag (`aws:ResourceTag`). */
  | 'employeeTagged'
  /** Only WorkSpaces this project created: `managed-by` is its own (`aws:ResourceTag`). */
  | 'managedByUs'
  /** Creating: the request's tags are the project's keys and its own `managed-by` (`aws:RequestTag`, `aws:TagKeys`). */
  | 'creationTags'
  /**
   * Tagging: only the lifecycle flows' own tag keys, the profile and department tags a mover
   * updates, and the profiles' own tag keys (`aws:TagKeys`), never `employee-id` or `managed-by`.
   */
  | 'lifecycleTagKeys'
  /** Untagging: only the scheduled-removal tag keys (`aws:TagKeys`). */
  | 'removalTagKeys'
  /** Adopting: only `employee-id`, `managed-by` and `lifecycle-adopted-at` (`aws:TagKeys`). */
  | 'adoptionTagKeys';

export interface Permission {
  actions: string[];
  on: ResourceKind;
  when?: WorkspaceCondition;
}

/** One Lambda function: the configuration it reads and the AWS calls it may make. */
export interface FunctionSpec {
  /** Environment variables read at cold start; the function gets exactly these (those that have a value). */
  reads: readonly EnvName[];
  may?: readonly Permission[];
  /** Email templates are bundled beside the function. */
  templates?: boolean;
  /** Lambda timeout, when longer than the default 30 s (a paced batch step). */
  timeoutSeconds?: number;
}

const directoryData = (action: string): Permission => ({
  actions: [`ds-data:${action}`, 'ds:AccessDSData'],
  on: 'directory',
});
const taggedChange = (action: string): Permission => ({
  actions: [`workspaces:${action}`],
  on: 'workspace',
  when: 'employeeTagged',
});
const describeWorkspaces: Permission = { actions: ['workspaces:DescribeWorkspaces'], on: 'anyResource' };
const sendEmail: Permission = { actions: ['ses:SendEmail'], on: 'senderIdentity' };
const publishAlert: Permission = { actions: ['sns:Publish'], on: 'alertTopic' };

/**
 * Every task function of the state machines, by the one name its file, its CDK construct, its
 * ASL substitution (`${<Name>FunctionArn}`) and its Lambda come from: `WatchWorkspace` is
 * `functions/watch-workspace.ts`. Its entry is all CDK needs: the environment it gets and the
 * permissions it is granted derive from it, and nothing else lists them.
 */
export const taskFunctions = {
  ValidateJoiner: {
    reads: [
      Env.ProfilesFile,
      Env.DefaultVolumeKeyArn,
      Env.ProvisioningLeadSeconds,
      Env.DirectoryMode,
      Env.InitialPassword,
    ],
  },
  EnsureDirectoryUser: { reads: [Env.DirectoryId, Env.DirectoryMode], may: [directoryData('CreateUser')] },
  QueueWorkspaceCreation: {
    reads: [Env.DirectoryId, Env.ProvisioningTable],
    may: [{ actions: ['dynamodb:PutItem'], on: 'provisioningQueue' }],
  },
  FindWorkspace: { reads: [Env.DirectoryId], may: [describeWorkspaces] },
  WatchWorkspace: {
    reads: [Env.ProvisioningTable, Env.ProvisionerSettings],
    may: [{ actions: ['dynamodb:PutItem'], on: 'provisioningQueue' }],
  },
  RecoverWorkspace: {
    reads: [],
    may: [
      {
        actions: ['workspaces:RebootWorkspaces', 'workspaces:RebuildWorkspaces'],
        on: 'workspace',
        when: 'managedByUs',
      },
    ],
  },
  GetRegistrationCode: {
    reads: [Env.DirectoryId],
    may: [{ actions: ['workspaces:DescribeWorkspaceDirectories'], on: 'anyResource' }],
  },
  SetInitialPassword: {
    reads: [Env.DirectoryId, Env.SenderAddress, Env.TemplatesDir],
    may: [{ actions: ['ds:ResetUserPassword'], on: 'directory' }, sendEmail, directoryData('DisableUser')],
    templates: true,
  },
  SendWelcomeEmail: { reads: [Env.SenderAddress, Env.TemplatesDir], may: [sendEmail], templates: true },
  PublishLifecycleEvent: { reads: [Env.EventBusName], may: [{ actions: ['events:PutEvents'], on: 'hrBus' }] },
  NotifyOperators: { reads: [Env.AlertTopicArn], may: [publishAlert] },
  AwaitRedrive: { reads: [] },
  RegisterLifecycleEvent: {
    reads: [Env.LifecycleTable],
    may: [{ actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], on: 'lifecycleRegister' }],
  },
  // Leaver and rehire flows
  ValidateLeaver: { reads: [Env.LeaverSettings, Env.DirectoryMode] },
  DescribeJoinerExecution: {
    reads: [],
    may: [{ actions: ['states:DescribeExecution'], on: 'onboardingExecutions' }],
  },
  StopJoinerExecution: {
    reads: [],
    may: [{ actions: ['states:StopExecution'], on: 'onboardingExecutions' }],
  },
  FindLeaverWorkspaces: { reads: [Env.DirectoryId], may: [describeWorkspaces] },
  // The leaver's WorkSpaces calls (looks, tag reads and tags, switches, stops, terminations,
  // termination checks): made by the provisioner.
  QueueLeaverCall: {
    reads: [Env.DirectoryId, Env.ProvisioningTable, Env.PollSchedule],
    may: [{ actions: ['dynamodb:PutItem'], on: 'provisioningQueue' }],
  },
  ReadWorkspaceTags: { reads: [], may: [{ actions: ['workspaces:DescribeTags'], on: 'anyResource' }] },
  PlanLeaver: { reads: [] },
  DisableDirectoryUser: { reads: [Env.DirectoryId, Env.DirectoryMode], may: [directoryData('DisableUser')] },
  TagWorkspace: {
    reads: [],
    may: [{ actions: ['workspaces:CreateTags'], on: 'anyResource', when: 'lifecycleTagKeys' }],
  },
  WarnPendingRemoval: {
    reads: [Env.ProvisioningTable],
    may: [{ actions: ['dynamodb:PutItem'], on: 'provisioningQueue' }],
  },
  ReadDirectoryUser: { reads: [Env.DirectoryId, Env.DirectoryMode], may: [directoryData('DescribeUser')] },
  DecideRemoval: { reads: [] },
  ReadConnectionStatus: {
    reads: [],
    may: [{ actions: ['workspaces:DescribeWorkspacesConnectionStatus'], on: 'anyResource' }],
  },
  DeleteDirectoryUser: { reads: [Env.DirectoryId, Env.DirectoryMode], may: [directoryData('DeleteUser')] },
  ValidateRehire: { reads: [Env.LeaverSettings, Env.DirectoryMode] },
  PlanRehire: { reads: [] },
  ClearRemovalTags: {
    reads: [],
    may: [{ actions: ['workspaces:DeleteTags'], on: 'anyResource', when: 'removalTagKeys' }],
  },
  StartWorkspace: { reads: [], may: [taggedChange('StartWorkspaces')] },
  PlanPendingStops: { reads: [] },
  PlanAdoption: { reads: [Env.JoinerStateMachineArn] },
  UpdateDirectoryUser: { reads: [Env.DirectoryId, Env.DirectoryMode], may: [directoryData('UpdateUser')] },
  StartJoiner: {
    reads: [Env.JoinerStateMachineArn],
    may: [{ actions: ['states:StartExecution'], on: 'joinerStateMachine' }],
  },
  // Fleet review
  ReadFleetPage: {
    reads: [Env.ReviewBucket, Env.FleetReviewSettings],
    may: [
      describeWorkspaces,
      { actions: ['workspaces:DescribeTags'], on: 'anyResource' },
      { actions: ['s3:PutObject'], on: 'reviewBucket' },
    ],
    // 27 calls paced at the slowest allowed 0.25 a second.
    timeoutSeconds: 120,
  },
  ReadDirectoryUsersPage: {
    reads: [Env.DirectoryId, Env.DirectoryMode, Env.ReviewBucket],
    may: [directoryData('ListUsers'), { actions: ['s3:PutObject'], on: 'reviewBucket' }],
  },
  ReadProvisioningQueue: {
    reads: [Env.ProvisioningTable, Env.ReviewBucket],
    may: [
      { actions: ['dynamodb:Scan'], on: 'provisioningQueue' },
      { actions: ['s3:PutObject'], on: 'reviewBucket' },
    ],
  },
  // The review's cost part (fleetReview.cost): usage of each fleet page, off unless enabled.
  ReadConnectionPage: {
    reads: [Env.ReviewBucket, Env.FleetReviewSettings],
    may: [
      { actions: ['workspaces:DescribeWorkspacesConnectionStatus'], on: 'anyResource' },
      { actions: ['s3:GetObject', 's3:PutObject'], on: 'reviewBucket' },
    ],
  },
  ReadUsageHoursPage: {
    reads: [Env.ReviewBucket, Env.FleetReviewSettings],
    may: [
      { actions: ['cloudwatch:GetMetricData'], on: 'anyResource' },
      { actions: ['s3:GetObject', 's3:PutObject'], on: 'reviewBucket' },
    ],
  },
  SetRunningMode: { reads: [], may: [taggedChange('ModifyWorkspaceProperties')] },
  WarnUnusedDesktop: { reads: [Env.SenderAddress, Env.TemplatesDir], may: [sendEmail], templates: true },
  PlanFleetReview: {
    reads: [
      Env.ReviewBucket,
      Env.FleetReviewSettings,
      Env.ProfilesFile,
      Env.DirectoryId,
      // The intake rules: a joiner the dispatcher would refuse is reported, not sent.
      Env.InitialPassword,
      Env.DirectoryMode,
    ],
    may: [{ actions: ['s3:GetObject', 's3:PutObject'], on: 'reviewBucket' }],
    timeoutSeconds: 120,
  },
  AdoptWorkspace: {
    reads: [],
    may: [{ actions: ['workspaces:CreateTags'], on: 'anyResource', when: 'adoptionTagKeys' }],
  },
  PublishFleetEvent: { reads: [Env.EventBusName], may: [{ actions: ['events:PutEvents'], on: 'hrBus' }] },
  NotifyFleetReview: { reads: [Env.AlertTopicArn], may: [publishAlert] },
  // Mover flow
  ValidateMover: { reads: [Env.ProfilesFile, Env.MoverSettings, Env.DirectoryMode, Env.LeaverSettings] },
  FindMoverWorkspaces: { reads: [Env.DirectoryId], may: [describeWorkspaces] },
  PlanMove: { reads: [] },
  IsChangeCurrent: { reads: [] },
  ModifyWorkspace: { reads: [], may: [taggedChange('ModifyWorkspaceProperties')] },
  MigrateWorkspace: { reads: [], may: [taggedChange('MigrateWorkspace')] },
  StartContractLeaver: {
    reads: [Env.LeaverStateMachineArn],
    may: [{ actions: ['states:StartExecution'], on: 'leaverStateMachine' }],
  },
  StopContractLeaver: {
    reads: [Env.LeaverStateMachineArn],
    may: [{ actions: ['states:StopExecution'], on: 'leaverExecutions' }],
  },
  SendChangeEmail: { reads: [Env.SenderAddress, Env.TemplatesDir], may: [sendEmail], templates: true },
} as const satisfies Record<string, FunctionSpec>;

export type TaskFunctionName = keyof typeof taskFunctions;
export const taskFunctionNames = Object.keys(taskFunctions) as TaskFunctionName[];

/**
 * The functions that are not state machine tasks, declared the same way: the HR intake's
 * dispatcher and webhook, and the scheduled provisioner.
 */
export const serviceFunctions = {
  DispatchHrEvent: {
    // The profiles and the password setting: events the flows would refuse are refused here.
    reads: [Env.StateMachineArns, Env.ProfilesFile, Env.InitialPassword, Env.DirectoryMode],
    may: [{ actions: ['states:StartExecution'], on: 'flowStateMachines' }],
  },
  HrWebhook: {
    reads: [
      Env.WebhookSecretArn,
      Env.EventBusName,
      Env.WebhookLimits,
      Env.ProfilesFile,
      Env.InitialPassword,
      Env.DirectoryMode,
    ],
    may: [
      { actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], on: 'webhookSecret' },
      { actions: ['events:PutEvents'], on: 'hrBus' },
    ],
  },
  Provisioner: {
    reads: [Env.ProvisioningTable, Env.ProvisionerSettings, Env.AlertTopicArn, Env.WorkspaceArnPrefix],
    may: [
      { actions: ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:PutItem'], on: 'provisioningQueue' },
      // Tags at creation are authorised by CreateWorkspaces itself; the CreateTags below is for the
      // lifecycle keys only, so it can never put employee-id or managed-by on an existing WorkSpace.
      { actions: ['workspaces:CreateWorkspaces'], on: 'newWorkspace', when: 'creationTags' },
      describeWorkspaces,
      // Leavers' calls: stops and terminations 25 per call, the switch to AUTO_STOP one each, only
      // on WorkSpaces tagged with an employee id; tag reads; the removal tags, only their three keys.
      taggedChange('StopWorkspaces'),
      taggedChange('TerminateWorkspaces'),
      taggedChange('ModifyWorkspaceProperties'),
      { actions: ['workspaces:DescribeTags'], on: 'anyResource' },
      // Tag reads that may come from the tag index, 100 WorkSpaces a call (no resource-level permission).
      { actions: ['tag:GetResources'], on: 'anyResource' },
      { actions: ['workspaces:CreateTags'], on: 'anyResource', when: 'removalTagKeys' },
      {
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        on: 'provisionedStateMachines',
      },
      // A joiner whose WorkSpace became AVAILABLE after the deadline resumes where it failed.
      { actions: ['states:RedriveExecution'], on: 'joinerExecutions' },
      publishAlert,
      { actions: ['kms:CreateGrant', 'kms:DescribeKey'], on: 'volumeKey' },
    ],
  },
} as const satisfies Record<string, FunctionSpec>;

export type ServiceFunctionName = keyof typeof serviceFunctions;
export type FunctionName = TaskFunctionName | ServiceFunctionName;

/** Every function, task or not, by name. */
export const allFunctions: Record<FunctionName, FunctionSpec> = { ...taskFunctions, ...serviceFunctions };

/** `WatchWorkspace` -> `watch-workspace`. */
export function fileNameOf(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `WatchWorkspace` -> `WatchWorkspaceFunctionArn`, the ASL substitution key. */
export function substitutionOf(name: string): string {
  return `${name}FunctionArn`;
}

/** State machines by name: `joiner` is `statemachines/joiner.asl.json`. */
export const stateMachineNames = ['joiner', 'leaver', 'rehire', 'mover', 'review'] as const;
export type StateMachineName = (typeof stateMachineNames)[number];
