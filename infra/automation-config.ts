import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { directoryModeSchema, pollScheduleSchema, profilesConfigSchema } from '../functions/commons/config';
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
  profiles: profilesConfigSchema,
  /** Email addresses subscribed to the operators' alert topic. */
  alertEmails: z.array(z.email()).default([]),
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
  directoryMode: 'managed-ad' | 'existing';
  eventBusName: string;
  alertTopicArn: string;
}

/** The environment every task function gets; the same map drives the sandbox and the tests. */
export function functionEnvironment(
  config: AutomationConfig,
  values: DeploymentValues,
): Record<Exclude<EnvName, typeof Env.TemplatesDir>, string> {
  return {
    [Env.DirectoryId]: values.directoryId,
    [Env.DirectoryMode]: values.directoryMode,
    [Env.Profiles]: JSON.stringify(config.profiles),
    [Env.ProvisioningLeadSeconds]: String(Math.round(config.provisioningLeadDays * 86400)),
    [Env.PollSchedule]: JSON.stringify(config.pollSchedule),
    [Env.SenderAddress]: config.senderAddress,
    [Env.InitialPassword]: String(config.initialPassword && values.directoryMode === 'managed-ad'),
    [Env.EventBusName]: values.eventBusName,
    [Env.AlertTopicArn]: values.alertTopicArn,
  };
}
