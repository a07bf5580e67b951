import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import type { FunctionSpec } from '../functions';
import {
  type DirectoryMode,
  directoryModeSchema,
  fleetReviewSettingsSchema,
  leaverSettingsSchema,
  moverSettingsSchema,
  type ProfilesConfig,
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
  /**
   * The fleet review: schedule, roster key, its share of the WorkSpaces budget, which actions are on
   * (none by default), caps per run and when removals are refused.
   */
  fleetReview: fleetReviewSettingsSchema.prefault({}),
  /** Leavers: grace period before a WorkSpace is terminated, warning lead, dry run. */
  leaver: leaverSettingsSchema.default(leaverSettingsSchema.parse({})),
  /** Movers: whether a change of operating system may migrate the WorkSpace (off), dry run. */
  mover: moverSettingsSchema.default(moverSettingsSchema.parse({})),
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
  /** The lifecycle register's DynamoDB table. */
  lifecycleTable: string;
  /** The JSON file of the profiles, where the function that reads it finds it ({@link writeProfilesFile}). */
  profilesFile: string;
  /** The joiner state machine, which a rehire starts and a second joiner reads. */
  joinerStateMachineArn: string;
  /** The leaver state machine, which the mover starts for a contract end date. */
  leaverStateMachineArn: string;
  /** JSON: state machine ARN by flow name, for the dispatcher. */
  stateMachineArns: string;
  webhookSecretArn: string;
  /** The fleet review's bucket (roster, pages, reports). */
  reviewBucket: string;
  /** The foundation's volume key, for profiles that name none. */
  defaultVolumeKeyArn?: string;
  /** `arn:<partition>:workspaces:<region>:<account>:workspace/`. */
  workspaceArnPrefix: string;
}

/** Every configuration value a function may read, by variable; each function gets those it reads. */
export type ConfigurationValues = Partial<Record<EnvName, string>>;

/** Variables a function may read and find unset. */
const optional: readonly EnvName[] = [Env.DefaultVolumeKeyArn, Env.TemplatesDir];

/** The values of every variable of {@link Env}, from the configuration and the deployment. */
export function configurationValues(config: AutomationConfig, values: DeploymentValues): ConfigurationValues {
  const all: ConfigurationValues = {
    [Env.DirectoryId]: values.directoryId,
    [Env.DirectoryMode]: values.directoryMode,
    [Env.ProfilesFile]: values.profilesFile,
    [Env.DefaultVolumeKeyArn]: values.defaultVolumeKeyArn,
    [Env.ProvisioningLeadSeconds]: String(Math.round(config.provisioningLeadDays * 86400)),
    [Env.PollSchedule]: JSON.stringify(config.pollSchedule),
    [Env.ProvisioningTable]: values.provisioningTable,
    [Env.ProvisionerSettings]: JSON.stringify(config.provisioner),
    [Env.WorkspaceArnPrefix]: values.workspaceArnPrefix,
    [Env.LifecycleTable]: values.lifecycleTable,
    [Env.SenderAddress]: config.senderAddress,
    [Env.InitialPassword]: String(config.initialPassword && values.directoryMode === 'managed-ad'),
    [Env.EventBusName]: values.eventBusName,
    [Env.AlertTopicArn]: values.alertTopicArn,
    [Env.LeaverSettings]: JSON.stringify(config.leaver),
    [Env.JoinerStateMachineArn]: values.joinerStateMachineArn,
    [Env.LeaverStateMachineArn]: values.leaverStateMachineArn,
    [Env.MoverSettings]: JSON.stringify(config.mover),
    [Env.StateMachineArns]: values.stateMachineArns,
    [Env.WebhookSecretArn]: values.webhookSecretArn,
    [Env.WebhookLimits]: JSON.stringify(config.intake.webhook),
    [Env.ReviewBucket]: values.reviewBucket,
    [Env.FleetReviewSettings]: JSON.stringify(config.fleetReview),
  };
  // Unset stays unset: `process.env` would turn undefined into the string "undefined".
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

/** The environment of one function: exactly the variables it reads. */
export function environmentOf(spec: FunctionSpec, values: ConfigurationValues): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of spec.reads) {
    const value = values[name];
    if (value !== undefined) environment[name] = value;
    else if (!optional.includes(name)) throw new Error(`No value for ${name}, which a function reads`);
  }
  return environment;
}

/** Writes the profiles as the JSON file {@link Env.ProfilesFile} names; returns its path. */
export function writeProfilesFile(profiles: ProfilesConfig, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, profilesFileName);
  writeFileSync(file, `${JSON.stringify(profiles, null, 2)}\n`);
  return file;
}

export const profilesFileName = 'workspace-profiles.json';
