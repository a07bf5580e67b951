/**
 * Names of the environment variables the task functions read. `infra/` sets them from the
 * same constants, so a rename cannot leave one side behind.
 */
export const Env = {
  DirectoryId: 'DIRECTORY_ID',
  /** `managed-ad` (users are created through Directory Service Data) or `existing`. */
  DirectoryMode: 'DIRECTORY_MODE',
  /**
   * Path of a JSON file: {@link ProfilesConfig}. A file, not a value: profiles and departments grow
   * past Lambda's 4 KB environment limit. Deployed as a layer of the one function that reads it.
   */
  ProfilesFile: 'WORKSPACE_PROFILES_FILE',
  /** KMS key ARN for the volumes of profiles that name none (the foundation's key); optional. */
  DefaultVolumeKeyArn: 'DEFAULT_VOLUME_KEY_ARN',
  /** Seconds before the start date at which provisioning begins. */
  ProvisioningLeadSeconds: 'PROVISIONING_LEAD_SECONDS',
  /** JSON: {@link PollScheduleConfig}. */
  PollSchedule: 'POLL_SCHEDULE',
  /** DynamoDB table of joiner executions waiting on the provisioner. */
  ProvisioningTable: 'PROVISIONING_TABLE',
  /** JSON: {@link ProvisionerSettings}. */
  ProvisionerSettings: 'PROVISIONER_SETTINGS',
  /** `arn:<partition>:workspaces:<region>:<account>:workspace/`: the provisioner reads tags by ARN. */
  WorkspaceArnPrefix: 'WORKSPACE_ARN_PREFIX',
  /** DynamoDB table: one item per employee, the joiner, rehire and leaver executions ordered for them. */
  LifecycleTable: 'LIFECYCLE_TABLE',
  SenderAddress: 'SENDER_ADDRESS',
  /** `true` to set a random initial password and mail it to the manager (`managed-ad` only). */
  InitialPassword: 'INITIAL_PASSWORD',
  EventBusName: 'EVENT_BUS_NAME',
  AlertTopicArn: 'ALERT_TOPIC_ARN',
  /** JSON: state machine ARN by flow name (`joiner`, `leaver`, `rehire`), for the dispatcher. */
  StateMachineArns: 'STATE_MACHINE_ARNS',
  /** Secrets Manager secret holding the HR webhook's HMAC key. */
  WebhookSecretArn: 'WEBHOOK_SECRET_ARN',
  /** JSON: {@link WebhookLimits}. */
  WebhookLimits: 'WEBHOOK_LIMITS',
  /** JSON: {@link LeaverSettings} (grace period, warning lead, dry run). */
  LeaverSettings: 'LEAVER_SETTINGS',
  /** ARN of the joiner state machine, whose running executions a leaver stops. */
  JoinerStateMachineArn: 'JOINER_STATE_MACHINE_ARN',
  /** JSON: {@link MoverSettings} (migration allowed, dry run). */
  MoverSettings: 'MOVER_SETTINGS',
  /** ARN of the leaver state machine, which the mover starts for a contract end date. */
  LeaverStateMachineArn: 'LEAVER_STATE_MACHINE_ARN',
  /** Directory holding the email templates; defaults to the templates bundled with the function. */
  TemplatesDir: 'TEMPLATES_DIR',
  /** S3 bucket of the fleet review: the roster, the pages it reads, its reports and history. */
  ReviewBucket: 'FLEET_REVIEW_BUCKET',
  /** JSON: {@link FleetReviewSettings}. */
  FleetReviewSettings: 'FLEET_REVIEW_SETTINGS',
} as const;

export type EnvName = (typeof Env)[keyof typeof Env];
