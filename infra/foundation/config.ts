import { z } from 'zod';
import { describeIssues } from '../../functions/commons/issues';

/** An IPv4 CIDR block whose prefix length lies in `[min, max]`. */
function cidrWithPrefix(min: number, max: number) {
  return z
    .cidrv4({ error: 'must be an IPv4 CIDR block such as 10.20.0.0/16', abort: true })
    .refine((cidr) => {
      const prefix = Number(cidr.split('/')[1]);
      return prefix >= min && prefix <= max;
    }, `must have a prefix length between /${min} and /${max}`);
}

const fqdn = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/,
    'must be a fully qualified domain name such as corp.example.com',
  );

const availabilityZone = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an Availability Zone name');

/** NetBIOS name: at most 15 characters, none of the characters Windows forbids there. */
const netbiosName = z
  .string()
  .regex(/^[^\\/:*?"<>|.\s]{1,15}$/, 'must be 1-15 characters without spaces or \\ / : * ? " < > | .');

const microsoftAdSchema = z.strictObject({
  type: z.literal('MicrosoftAD'),
  /** Fully qualified DNS name of the directory (for example `corp.example.com`). */
  name: fqdn,
  /** NetBIOS name; Directory Service derives it from `name` when omitted. */
  shortName: netbiosName.optional(),
  edition: z.enum(['Standard', 'Enterprise']).default('Standard'),
});

const simpleAdSchema = z.strictObject({
  type: z.literal('SimpleAD'),
  name: fqdn,
  shortName: netbiosName.optional(),
  size: z.enum(['Small', 'Large']).default('Small'),
});

const selfServiceSchema = z.strictObject({
  restartWorkspace: z.boolean().default(true),
  increaseVolumeSize: z.boolean().default(false),
  changeComputeType: z.boolean().default(false),
  switchRunningMode: z.boolean().default(false),
  rebuildWorkspace: z.boolean().default(false),
});

const workspacesDirectorySchema = z.strictObject({
  /** What users may do to their own WorkSpace from the client. */
  selfService: selfServiceSchema.prefault({}),
  /**
   * Amazon WorkDocs reached end of support and the WorkSpaces API no longer takes
   * `EnableWorkDocs`; the key stays so an old configuration fails loudly instead of silently.
   */
  enableWorkDocs: z
    .literal(false, {
      error:
        'must be false: Amazon WorkDocs has reached end of support and WorkSpaces can no longer enable it',
    })
    .default(false),
  /** Give each WorkSpace a public IP. Off: the private subnets reach the internet through NAT. */
  enableInternetAccess: z.boolean().default(false),
  userEnabledAsLocalAdministrator: z.boolean().default(false),
  enableMaintenanceMode: z.boolean().default(true),
  /** Organisational unit for WorkSpace computer objects; the directory default when omitted. */
  defaultOu: z.string().min(1).optional(),
  /** `DEDICATED` only for Bring Your Own License images. */
  tenancy: z.enum(['SHARED', 'DEDICATED']).default('SHARED'),
});

const ipAccessRuleSchema = z.strictObject({
  source: cidrWithPrefix(0, 32).refine(
    (cidr) => !cidr.endsWith('/0'),
    'allows every address: leave ipAccessRules empty and set allowNoIpRules: true if that is meant',
  ),
  description: z.string().min(1).max(100),
});

/**
 * The `foundation` section of the app configuration: the VPC, directory and WorkSpaces
 * registration a greenfield account needs. Off unless `enabled` is true.
 */
export const foundationConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    vpcCidr: cidrWithPrefix(16, 20).default('10.20.0.0/16'),
    /**
     * Two Availability Zone names (for example `us-east-1b`). WorkSpaces runs only in some
     * zones of each Region; when omitted the first two zones of the Region are used.
     */
    availabilityZones: z
      .tuple([availabilityZone, availabilityZone])
      .refine(([a, b]) => a !== b, 'must name two different Availability Zones')
      .optional(),
    /** One NAT gateway is cheaper; two keep each zone's WorkSpaces online if a zone fails. */
    natGateways: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).default(1),
    /** Required when enabled: the domain name is the organisation's choice, so it has no default. */
    directory: z
      .discriminatedUnion('type', [microsoftAdSchema, simpleAdSchema], {
        error: 'must be MicrosoftAD or SimpleAD',
      })
      .optional(),
    workspacesDirectory: workspacesDirectorySchema.prefault({}),
    /** Create the `workspaces_DefaultRole` IAM role; set false when the account already has it. */
    createWorkspacesDefaultRole: z.boolean().default(true),
    /** Keep the volume key when the stack is deleted: volumes and snapshots may still need it. */
    retainVolumeKey: z.boolean().default(true),
    /** CIDR ranges WorkSpaces clients may connect from (IP access control group). */
    ipAccessRules: z
      .array(ipAccessRuleSchema)
      .max(10, 'may hold at most 10 rules (WorkSpaces quota)')
      .default([]),
    /** Accept connections from any address: required to leave `ipAccessRules` empty. */
    allowNoIpRules: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (!config.enabled) return;
    if (!config.directory) {
      ctx.addIssue({
        code: 'custom',
        path: ['directory'],
        message: "is required when enabled: give at least { type: 'MicrosoftAD', name: 'corp.example.com' }",
      });
    }
    if (config.ipAccessRules.length === 0 && !config.allowNoIpRules) {
      ctx.addIssue({
        code: 'custom',
        path: ['ipAccessRules'],
        message:
          'is empty: list the CIDR ranges WorkSpaces clients connect from, or set allowNoIpRules: true to accept any address',
      });
    }
  });

/** The validated `foundation` section, defaults applied. */
export type FoundationConfig = z.output<typeof foundationConfigSchema>;

/** The `foundation` section as written in a configuration file. */
export type FoundationConfigInput = z.input<typeof foundationConfigSchema>;

/**
 * Validates the `foundation` section on its own, throwing an error whose lines each name the
 * key (`foundation.directory.name`) and the problem.
 */
export function parseFoundationConfig(input: unknown, prefix = 'foundation'): FoundationConfig {
  const result = foundationConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = describeIssues(result.error, prefix ? [prefix] : []);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
