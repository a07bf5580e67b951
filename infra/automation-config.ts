import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import {
  type DirectoryMode,
  directoryModeSchema,
  leaverSettingsSchema,
  pollScheduleSchema,
  profilesConfigSchema,
  provisionerSettingsSchema,
  webhookLimitsSchema,
} from '../functions/commons/config';
import { Env, type EnvName } from '../functions/commons/env';

const logRetentionPeriods = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');

/** The automation's configuration: which directory, which profiles, how to poll, whom to tell. */
export const automationConfigSchema = z.strictObject({
  directory: z
    .strictObject({
      /** Taken from the foundation stack when that is deployed; required otherwise. */
      id: z
        .string()
        .regex(/^d-[0-9a-f]{10}$/, 'must be a directory id such as d-1234567890')
        .optional(),
      mode: directoryModeSchema.optional(),
    })
    .default({}),
  /** A verified SES identity. */
  senderAddress: z.email(),
  /** Mail a random initial password to the manager (`managed-ad` only; off for SAML sign-in). */
  initialPassword: z.boolean().default(false),
  /** Days before the start date at which provisioning begins. */
  provisioningLeadDays: z.number().min(0).max(60).default(2),
  pollSchedule: pollScheduleSchema.default(pollScheduleSchema.parse({})),
  /** The shared provisioner: its round interval, its share of the WorkSpaces API budget, the deadline. */
  provisioner: provisionerSettingsSchema.default(provisionerSettingsSchema.parse({})),
  profiles: profilesConfigSchema,
  /** Email addresses subscribed to the operators' alert topic. */
  alertEmails: z.array(z.email()).default([]),
  /** Leavers: grace period before a WorkSpace is terminated, warning lead, dry run. */
  leaver: leaverSettingsSchema.default(leaverSettingsSchema.parse({})),
  /** How HR events come in: the bus archive, and the webhook's API limits. */
  intake: z
    .strictObject({
      /** Days the bus archive keeps HR events for replay. */
      archiveRetentionDays: z.number().int().min(1).max(3650).default(30),
      /** Steady requests per second and burst the webhook's API stage accepts. */
      apiRateLimit: z.number().min(1).max(10_000).default(10),
      apiBurstLimit: z.number().int().min(1).max(5000).default(20),
      webhook: webhookLimitsSchema.default(webhookLimitsSchema.parse({})),
    })
    .prefault({}),
  /** Days to keep the functions' and state machines' logs: one of the periods CloudWatch Logs offers. */
  logRetentionDays: z
    .number()
    .refine((days) => logRetentionPeriods.includes(days), {
      message: `must be one of the CloudWatch Logs periods: ${logRetentionPeriods.join(', ')}`,
    })
    .default(90),
});
export type AutomationConfig = z.output<typeof automationConfigSchema>;
export type AutomationConfigInput = z.input<typeof automationConfigSchema>;

/** What the deployment supplies beside the configuration. */
export interface DeploymentValues {
  directoryId: string;
  directoryMode: DirectoryMode;
  eventBusName: string;
  alertTopicArn: string;
  /** The provisioning queue's DynamoDB table. */
  provisioningTable: string;
  /** The joiner state machine, whose running executions a leaver stops. Infra sets it on that function only. */
  joinerStateMachineArn?: string;
}

/** The environment every task function gets; the same map drives the sandbox and the tests. */
export function functionEnvironment(
  config: AutomationConfig,
  values: DeploymentValues,
): Record<
  Exclude<EnvName, typeof Env.TemplatesDir | IntakeEnvName | typeof Env.JoinerStateMachineArn>,
  string
> &
  Partial<Record<typeof Env.JoinerStateMachineArn, string>> {
  return {
    [Env.DirectoryId]: values.directoryId,
    [Env.DirectoryMode]: values.directoryMode,
    [Env.Profiles]: JSON.stringify(config.profiles),
    [Env.ProvisioningLeadSeconds]: String(Math.round(config.provisioningLeadDays * 86400)),
    [Env.PollSchedule]: JSON.stringify(config.pollSchedule),
    [Env.ProvisioningTable]: values.provisioningTable,
    [Env.ProvisionerSettings]: JSON.stringify(config.provisioner),
    [Env.SenderAddress]: config.senderAddress,
    [Env.InitialPassword]: String(config.initialPassword && values.directoryMode === 'managed-ad'),
    [Env.EventBusName]: values.eventBusName,
    [Env.AlertTopicArn]: values.alertTopicArn,
    [Env.LeaverSettings]: JSON.stringify(config.leaver),
    ...(values.joinerStateMachineArn ? { [Env.JoinerStateMachineArn]: values.joinerStateMachineArn } : {}),
  };
}

type IntakeEnvName = typeof Env.StateMachineArns | typeof Env.WebhookSecretArn | typeof Env.WebhookLimits;

/** The environment of the HR intake functions (dispatcher and webhook). */
export function intakeEnvironment(
  config: AutomationConfig,
  values: { stateMachineArns: Record<string, string>; webhookSecretArn: string; eventBusName: string },
): Record<IntakeEnvName | typeof Env.EventBusName, string> {
  return {
    [Env.StateMachineArns]: JSON.stringify(values.stateMachineArns),
    [Env.WebhookSecretArn]: values.webhookSecretArn,
    [Env.WebhookLimits]: JSON.stringify(config.intake.webhook),
    [Env.EventBusName]: values.eventBusName,
  };
}
