import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Env, type EnvName } from './env';
import { ConfigurationError } from './errors';
import { describeIssues } from './issues';

/** One kind of WorkSpace a joiner can get. */
export const profileSchema = z.strictObject({
  bundleId: z.string().regex(/^wsb-[0-9a-z]{8,63}$/, 'must be a WorkSpaces bundle id (wsb-...)'),
  runningMode: z.enum(['AUTO_STOP', 'ALWAYS_ON', 'MANUAL']),
  /** Minutes of inactivity before an AUTO_STOP WorkSpace stops; a multiple of 60. */
  autoStopTimeoutMinutes: z
    .number()
    .int()
    .min(60)
    .max(36000)
    .refine((m) => m % 60 === 0, 'must be a multiple of 60')
    .optional(),
  /**
   * The operating system of the profile's bundle, as DescribeWorkspaces names it
   * (`WorkspaceProperties.OperatingSystemName`). A mover to a profile with another one needs
   * MigrateWorkspace; unset, the profile is taken to share the WorkSpace's system.
   */
  operatingSystem: z
    .string()
    .regex(/^[A-Z0-9_]+$/, 'must be an OperatingSystemName such as WINDOWS_SERVER_2022')
    .optional(),
  computeType: z.enum([
    'VALUE',
    'STANDARD',
    'PERFORMANCE',
    'POWER',
    'POWERPRO',
    'GRAPHICS',
    'GRAPHICSPRO',
    'GRAPHICS_G4DN',
    'GRAPHICSPRO_G4DN',
    'GENERALPURPOSE_4XLARGE',
    'GENERALPURPOSE_8XLARGE',
  ]),
  rootVolumeSizeGib: z.number().int().min(80).max(2000),
  userVolumeSizeGib: z.number().int().min(10).max(2000),
  /** KMS key ARN; when set, root and user volumes are encrypted with it. */
  volumeEncryptionKey: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'must be a KMS key or alias ARN')
    .optional(),
  tags: z.record(z.string().min(1).max(127), z.string().max(255)).default({}),
});
export type Profile = z.output<typeof profileSchema>;

/** Which profile a joiner gets: explicit `profile` first, then by department, then the default. */
export const profilesConfigSchema = z
  .strictObject({
    defaultProfile: z.string().min(1),
    byDepartment: z.record(z.string(), z.string()).default({}),
    profiles: z.record(z.string().regex(/^[a-z0-9-]+$/, 'profile names are lower-case kebab'), profileSchema),
  })
  .superRefine((config, ctx) => {
    const known = new Set(Object.keys(config.profiles));
    if (!known.has(config.defaultProfile)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultProfile'],
        message: `no profile named "${config.defaultProfile}"`,
      });
    }
    for (const [department, name] of Object.entries(config.byDepartment)) {
      if (!known.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['byDepartment', department],
          message: `no profile named "${name}"`,
        });
      }
    }
  });
export type ProfilesConfig = z.output<typeof profilesConfigSchema>;

/**
 * When the leaver flow looks again at WorkSpaces it is terminating: a first look after
 * `recheckSeconds`, then every `stepSeconds`, each jittered so a cohort does not poll in lockstep.
 * (New WorkSpaces are watched by the provisioner, see {@link provisionerSettingsSchema}.)
 */
export const pollScheduleSchema = z
  .strictObject({
    stepSeconds: z.number().int().min(10).max(3600).default(120),
    /** Share of each wait added or removed at random, 0 to 0.5. */
    jitter: z.number().min(0).max(0.5).default(0.2),
    deadlineSeconds: z.number().int().min(60).max(86400).default(5400),
    /** Wait before the first look. */
    recheckSeconds: z.number().int().min(0).max(3600).default(60),
  })
  .refine((s) => s.recheckSeconds < s.deadlineSeconds, {
    path: ['deadlineSeconds'],
    message: 'must be later than recheckSeconds',
  });
export type PollSchedule = z.output<typeof pollScheduleSchema>;

/**
 * The provisioner: one scheduled function that creates joiners' WorkSpaces 25 to a call and
 * watches them 25 to a DescribeWorkspaces call, so a cohort shares the account's small
 * WorkSpaces API budget (about 2 calls a second) instead of each joiner spending its own.
 */
export const provisionerSettingsSchema = z.strictObject({
  /** Minutes between rounds (the schedule's rate). A round's delay is the longest a joiner waits for it. */
  intervalMinutes: z.number().int().min(1).max(15).default(1),
  /** WorkSpaces calls per second the provisioner allows itself, below the account's ~2. */
  callsPerSecond: z.number().min(0.1).max(10).default(1.5),
  /** Seconds after creation before a new WorkSpace is first looked at (provisioning takes ~20 min). */
  firstLookSeconds: z.number().int().min(0).max(7200).default(600),
  /**
   * Seconds a WorkSpace may take to settle (AVAILABLE, ERROR, ...) before the joiner fails.
   * With a round's interval, below the joiner's 9000 s task timeout, which fires only if the
   * provisioner stops running.
   */
  deadlineSeconds: z.number().int().min(300).max(7000).default(5400),
  /**
   * Hours the provisioner keeps a light watch on a WorkSpace that missed its deadline: when it
   * becomes AVAILABLE in that time, its joiner is redriven and finishes its onboarding.
   */
  lateWatchHours: z.number().min(0).max(336).default(24),
});
export type ProvisionerSettings = z.output<typeof provisionerSettingsSchema>;

/** Limits of the HR webhook. */
export const webhookLimitsSchema = z.strictObject({
  /** Larger bodies get 413; EventBridge takes at most 256 KiB per entry. */
  maxBodyBytes: z.number().int().min(1024).max(262_144).default(262_144),
  /** How far a request's timestamp may be from now, either way, in seconds. */
  replayWindowSeconds: z.number().int().min(30).max(3600).default(300),
});
export type WebhookLimits = z.output<typeof webhookLimitsSchema>;

/**
 * How a leaver's WorkSpace is removed: access is cut at once, the WorkSpace is kept (stopped)
 * through a grace period in which a rehire or an operator can stop the removal, operators are
 * warned before it ends, and only then is it terminated. `dryRun` reads everything and reports
 * what it would change, changing nothing.
 */
export const leaverSettingsSchema = z
  .strictObject({
    /** Days between cutting access and terminating the WorkSpace; fractions allowed. */
    gracePeriodDays: z.number().min(0).max(365).default(7),
    /** Hours before the removal at which operators are warned; fractions allowed. */
    warningLeadHours: z.number().min(0).max(8760).default(24),
    dryRun: z.boolean().default(false),
  })
  .refine((s) => s.warningLeadHours <= s.gracePeriodDays * 24, {
    path: ['warningLeadHours'],
    message: 'must not be longer than the grace period',
  });
export type LeaverSettings = z.output<typeof leaverSettingsSchema>;

/**
 * The fleet review: how it reads the fleet (its share of the WorkSpaces API budget), which of its
 * actions are on (all off by default: it only reports), how many of each one run may start, and
 * when it refuses to remove anyone because the roster looks wrong.
 */
/** One bundle's prices: the monthly (ALWAYS_ON) fee, and the hourly (AUTO_STOP) base fee and rate. */
export const bundlePriceSchema = z.strictObject({
  /** A name for people: `Standard (Windows, 80/50 GiB)`. */
  name: z.string().min(1).optional(),
  monthly: z.number().positive(),
  hourlyBase: z.number().min(0),
  hourly: z.number().positive(),
  /** Hours a month from which monthly billing pays; default: the break-even, rounded up. */
  thresholdHours: z.number().min(0).max(744).optional(),
});
export type BundlePrice = z.output<typeof bundlePriceSchema>;

/** The review's cost part: usage, billing-mode recommendations and unused desktops (README, "Cost"). */
export const costSettingsSchema = z.strictObject({
  /** Read connection status and hours of use; off: the review reads nothing more. */
  enabled: z.boolean().default(false),
  /** Apply the billing-mode recommendations (ModifyWorkspaceProperties); off: only reported. */
  applyBillingMode: z.boolean().default(false),
  /** Warn the people of unused desktops, then start their removal through the leaver; off: only reported. */
  removeUnused: z.boolean().default(false),
  /** Never connected, and created (or adopted) at least this many days ago: unused. */
  neverUsedDays: z.number().int().min(1).max(365).default(30),
  /** Last connection at least this many days ago: unused. */
  idleDays: z.number().int().min(1).max(365).default(60),
  /** Days between the warning and the removal day's removal: a removal day closer than this waits for the next. */
  warningDays: z.number().int().min(1).max(60).default(7),
  /** Day of the month (UTC) on which removals start; `last` is the month's last day. */
  removalDay: z.union([z.literal('last'), z.number().int().min(1).max(28)]).default('last'),
  /** Hours an ALWAYS_ON WorkSpace would run after each session if it were AUTO_STOP, when no timeout is known. */
  defaultAutoStopHours: z.number().int().min(1).max(600).default(1),
  /** Prices by bundle id, and by compute type for the bundles not listed; replace the shipped table's. */
  prices: z
    .strictObject({
      byBundle: z.record(z.string(), bundlePriceSchema).default({}),
      byComputeType: z.record(z.string(), bundlePriceSchema).default({}),
    })
    .prefault({}),
  /** The most billing changes one run applies, and the most removals it starts. */
  caps: z
    .strictObject({
      billingMode: z.number().int().min(0).max(500).default(100),
      removeUnused: z.number().int().min(0).max(200).default(20),
    })
    .prefault({}),
});
export type CostSettings = z.output<typeof costSettingsSchema>;

export const fleetReviewSettingsSchema = z.strictObject({
  /** WorkSpaces calls per second the review allows itself; with the provisioner's 1.5, below the account's ~2. */
  callsPerSecond: z.number().min(0.25).max(2).default(0.4),
  /** Each kind of action, off unless switched on. */
  actions: z
    .strictObject({
      /** untagged: put the project's tags on a WorkSpace whose user name is a roster person's. */
      adopt: z.boolean().default(false),
      /** orphaned: start the leaver (grace period, protection tag and dry run apply). */
      removeOrphaned: z.boolean().default(false),
      /** missing: start the joiner for a roster person with no WorkSpace. */
      provisionMissing: z.boolean().default(false),
    })
    .prefault({}),
  /** The most of each action one run starts; the rest waits for the next run. */
  caps: z
    .strictObject({
      // The maxima keep the actions the plan hands the state machine under its 256 KB payload.
      adopt: z.number().int().min(0).max(1000).default(100),
      removeOrphaned: z.number().int().min(0).max(200).default(20),
      provisionMissing: z.number().int().min(0).max(200).default(50),
    })
    .prefault({}),
  /** No leaver is started when more than this share of the fleet would be orphaned: the roster looks wrong. */
  maxOrphanedShare: z.number().min(0).max(1).default(0.1),
  /** ERROR, UNHEALTHY or SUSPENDED for this long (seen so by consecutive reviews) is stuck. */
  stuckAfterHours: z.number().min(0).max(8760).default(24),
  /** Report what each action would do, and do nothing. */
  dryRun: z.boolean().default(false),
  /** EventBridge schedule expression of the review. */
  schedule: z.string().min(1).default('rate(1 day)'),
  /** Key of the roster object in the roster bucket (`.csv`, or `.jsonl` for JSON Lines). */
  rosterKey: z.string().min(1).default('roster/roster.csv'),
  /** Usage, billing mode and unused desktops: every part off by default. */
  cost: costSettingsSchema.prefault({}),
});
export type FleetReviewSettings = z.output<typeof fleetReviewSettingsSchema>;

/**
 * The mover. `allowMigration`: a profile change that ModifyWorkspaceProperties cannot make (another
 * operating system) is done with MigrateWorkspace, which gives the person a new WorkSpace id and
 * keeps only the user volume's last snapshot; off, it is reported to the operators instead.
 * `dryRun`: every read happens, every change is reported, none is made.
 */
export const moverSettingsSchema = z.strictObject({
  allowMigration: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});
export type MoverSettings = z.output<typeof moverSettingsSchema>;

export const directoryModeSchema = z.enum(['managed-ad', 'existing']);
export type DirectoryMode = z.output<typeof directoryModeSchema>;

/** Reads a required environment variable, failing at cold start with its name. */
export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '')
    throw new ConfigurationError(`Environment variable ${name} is not set`);
  return value;
}

/** Reads a JSON environment variable through `schema`, or the schema's defaults when unset. */
export function readJsonEnv<S extends z.ZodType>(
  name: EnvName,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const raw = env[name];
  return parseJson(raw === undefined || raw === '' ? '{}' : raw, schema, `Environment variable ${name}`);
}

/** Reads the JSON file an environment variable names, through `schema`: large configuration. */
export function readJsonFileEnv<S extends z.ZodType>(
  name: EnvName,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const path = requireEnv(name, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${path} (named by ${name}) cannot be read: ${(error as Error).message}`);
  }
  return parseJson(text, schema, `${path} (named by ${name})`);
}

function parseJson<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${what} is not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const reasons = describeIssues(result.error).join('; ');
    throw new ConfigurationError(`${what} is invalid: ${reasons}`);
  }
  return result.data;
}

export const readDirectoryId = (env = process.env) => requireEnv(Env.DirectoryId, env);
export function readDirectoryMode(env = process.env): DirectoryMode {
  const mode = requireEnv(Env.DirectoryMode, env);
  const parsed = directoryModeSchema.safeParse(mode);
  if (!parsed.success)
    throw new ConfigurationError(`${Env.DirectoryMode} must be managed-ad or existing, not "${mode}"`);
  return parsed.data;
}
