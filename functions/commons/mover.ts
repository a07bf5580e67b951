import { z } from 'zod';
import { type Profile, profileSchema } from './config';
import { Tags } from './workspaces';

/**
 * Tag keys of the mover. WorkSpaces shows no history of changes, so the times of the last ones,
 * which AWS's limits count from, are kept on the WorkSpace itself; so is the mover event in
 * charge, so an older change waiting for its moment gives way to a newer one.
 */
export const MoverTags = {
  /** The ordering time of the newest "Employee Changed" applied or waiting: an older one gives way. */
  ChangedAt: 'lifecycle-changed-at',
  ChangeEventId: 'lifecycle-change-event-id',
  /** The department the WorkSpace is for now. */
  Department: 'department',
  /** When the compute type last went up, and down (AWS: up once per 6 hours, down once per 30 days). */
  ComputeUpAt: 'lifecycle-compute-up-at',
  ComputeDownAt: 'lifecycle-compute-down-at',
  /** When each volume last grew (AWS: each once per 6 hours). */
  RootVolumeAt: 'lifecycle-root-volume-at',
  UserVolumeAt: 'lifecycle-user-volume-at',
  RunningModeAt: 'lifecycle-running-mode-at',
  /** The contract end date the leaver is scheduled for, and that leaver's execution name. */
  ContractEnd: 'lifecycle-contract-end',
  ContractLeaver: 'lifecycle-contract-leaver',
} as const;

/** Every tag the mover sets: its own, and the profile's name. */
export const moverTagKeys: readonly string[] = [...Object.values(MoverTags), Tags.Profile];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * AWS's limits on ModifyWorkspaceProperties (admin guide "Modify a WorkSpace"; user guide
 * "Change the compute type"): no change in a new WorkSpace's first 6 hours; a larger compute type
 * once per 6 hours, a smaller one once per 30 days; each volume grows at most once per 6 hours.
 */
export const ModifyLimits = {
  newWorkspaceMillis: 6 * HOUR,
  computeUpMillis: 6 * HOUR,
  computeDownMillis: 30 * DAY,
  volumeMillis: 6 * HOUR,
} as const;

/** States in which ModifyWorkspaceProperties is accepted (admin guide "Modify a WorkSpace"). */
export const modifiableStates: ReadonlySet<string> = new Set(['AVAILABLE', 'STOPPED']);

/** States MigrateWorkspace accepts its source in (admin guide "Migrate a WorkSpace"). */
export const migratableStates: ReadonlySet<string> = new Set(['AVAILABLE', 'STOPPED', 'ERROR']);

/** Compute types from smallest to largest; graphics types stand apart. */
const computeOrder = [
  'VALUE',
  'STANDARD',
  'PERFORMANCE',
  'POWER',
  'POWERPRO',
  'GENERALPURPOSE_4XLARGE',
  'GENERALPURPOSE_8XLARGE',
];
const graphicsTypes = new Set(['GRAPHICS', 'GRAPHICSPRO', 'GRAPHICS_G4DN', 'GRAPHICSPRO_G4DN']);
/** The one pair of graphics types a WorkSpace may switch between (admin guide "Modify a WorkSpace"). */
const g4dnPair = ['GRAPHICS_G4DN', 'GRAPHICSPRO_G4DN'];

/** Whether ModifyWorkspaceProperties can ever move a WorkSpace between these compute types. */
export function computeChangeAllowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (!graphicsTypes.has(from) && !graphicsTypes.has(to)) return true;
  return g4dnPair.includes(from) && g4dnPair.includes(to);
}

/** Whether `to` is a larger compute type than `from`. */
export function isLarger(from: string, to: string): boolean {
  const rank = (t: string) => (g4dnPair.includes(t) ? g4dnPair.indexOf(t) : computeOrder.indexOf(t));
  return rank(to) > rank(from);
}

/** A WorkSpace as the mover reads it from DescribeWorkspaces. */
export const moverWorkspaceSchema = z.object({
  workspaceId: z.string().min(1),
  state: z.string(),
  bundleId: z.string().optional(),
  runningMode: z.string().optional(),
  autoStopTimeoutMinutes: z.number().optional(),
  computeType: z.string().optional(),
  rootVolumeSizeGib: z.number().optional(),
  userVolumeSizeGib: z.number().optional(),
  operatingSystem: z.string().optional(),
});
export type MoverWorkspace = z.output<typeof moverWorkspaceSchema>;

/** One ModifyWorkspaceProperties call of a plan. */
export interface ModifyStep {
  change: 'runningMode' | 'compute' | 'rootVolume' | 'userVolume';
  description: string;
  properties: {
    RunningMode?: string;
    RunningModeAutoStopTimeoutInMinutes?: number;
    ComputeTypeName?: string;
    RootVolumeSizeGib?: number;
    UserVolumeSizeGib?: number;
  };
  /** The earliest moment AWS allows it, when that is later than now. */
  notBefore?: string;
  /** The tag that records when this kind of change was made. */
  stampKey: string;
  /** Whether the change reboots the WorkSpace. */
  reboots: boolean;
}

/** What a profile change comes to on one WorkSpace. */
export interface ProfileChange {
  steps: ModifyStep[];
  /** Changes that are never made, with the reason (a volume does not shrink). */
  notApplied: string[];
  /** MigrateWorkspace to this bundle instead of steps. */
  migrate?: { bundleId: string; reason: string };
  /** Why the change cannot be made at all. */
  refusal?: { Error: string; Cause: string };
}

const later = (...times: Array<number | undefined>) =>
  Math.max(...times.filter((t): t is number => t !== undefined && !Number.isNaN(t)));
const parsed = (value: string | undefined) => (value ? Date.parse(value) : undefined);

/**
 * The calls that bring `ws` to `profile`, each with the earliest moment AWS allows it. Compute
 * type and volumes never share a call, nor do the two volumes; the running mode goes first, as it
 * has no limit and moves billing at once. Pure.
 */
export function planProfileChange(
  ws: MoverWorkspace,
  tags: Record<string, string>,
  profile: Profile,
  options: { now: number; allowMigration: boolean },
): ProfileChange {
  const { now } = options;
  const change: ProfileChange = { steps: [], notApplied: [] };
  if (profile.operatingSystem && ws.operatingSystem && profile.operatingSystem !== ws.operatingSystem) {
    const reason = `the new profile runs ${profile.operatingSystem}, the WorkSpace ${ws.operatingSystem}: only MigrateWorkspace changes the operating system`;
    if (options.allowMigration) change.migrate = { bundleId: profile.bundleId, reason };
    else
      change.refusal = {
        Error: 'MigrationNotAllowed',
        Cause: `${reason}, and migration is off (automation.mover.allowMigration). Migrating gives a new WorkSpace id and keeps the user volume from its last snapshot (up to 12 hours old): allow it, or replace the WorkSpace by hand.`,
      };
    return change;
  }
  const from = ws.computeType ?? profile.computeType;
  if (!computeChangeAllowed(from, profile.computeType)) {
    change.refusal = {
      Error: 'GraphicsChangeNotAllowed',
      Cause: `The WorkSpace is ${from} and the new profile ${profile.computeType}: AWS changes no graphics compute type except between GRAPHICS_G4DN and GRAPHICSPRO_G4DN. It needs a new WorkSpace from the new bundle.`,
    };
    return change;
  }
  const created = parsed(tags[Tags.CreatedAt]);
  const firstChange = created === undefined ? undefined : created + ModifyLimits.newWorkspaceMillis;
  const step = (s: Omit<ModifyStep, 'notBefore'>, earliest: number): ModifyStep =>
    earliest > now ? { ...s, notBefore: new Date(earliest).toISOString() } : s;

  const autoStop = profile.runningMode === 'AUTO_STOP' ? (profile.autoStopTimeoutMinutes ?? 60) : undefined;
  if (
    ws.runningMode !== profile.runningMode ||
    (autoStop !== undefined && ws.autoStopTimeoutMinutes !== autoStop)
  ) {
    change.steps.push(
      step(
        {
          change: 'runningMode',
          description: `running mode ${ws.runningMode ?? 'unknown'} -> ${profile.runningMode}${autoStop ? ` (stops after ${autoStop} idle minutes)` : ''}`,
          properties: {
            RunningMode: profile.runningMode,
            ...(autoStop ? { RunningModeAutoStopTimeoutInMinutes: autoStop } : {}),
          },
          stampKey: MoverTags.RunningModeAt,
          reboots: false,
        },
        now,
      ),
    );
  }
  if (from !== profile.computeType) {
    const up = isLarger(from, profile.computeType);
    const last = parsed(tags[up ? MoverTags.ComputeUpAt : MoverTags.ComputeDownAt]);
    const gap = up ? ModifyLimits.computeUpMillis : ModifyLimits.computeDownMillis;
    change.steps.push(
      step(
        {
          change: 'compute',
          description: `compute type ${from} -> ${profile.computeType} (${up ? 'larger' : 'smaller'})`,
          properties: { ComputeTypeName: profile.computeType },
          stampKey: up ? MoverTags.ComputeUpAt : MoverTags.ComputeDownAt,
          reboots: true,
        },
        later(now, firstChange, last === undefined ? undefined : last + gap),
      ),
    );
  }
  const volumes = [
    [
      'rootVolume',
      'root',
      ws.rootVolumeSizeGib,
      profile.rootVolumeSizeGib,
      'RootVolumeSizeGib',
      MoverTags.RootVolumeAt,
    ],
    [
      'userVolume',
      'user',
      ws.userVolumeSizeGib,
      profile.userVolumeSizeGib,
      'UserVolumeSizeGib',
      MoverTags.UserVolumeAt,
    ],
  ] as const;
  for (const [kind, label, size, target, property, stampKey] of volumes) {
    if (size === undefined || size === target) continue;
    if (target < size) {
      change.notApplied.push(
        `${label} volume stays ${size} GiB: volumes only grow (the profile has ${target} GiB)`,
      );
      continue;
    }
    const last = parsed(tags[stampKey]);
    change.steps.push(
      step(
        {
          change: kind,
          description: `${label} volume ${size} -> ${target} GiB`,
          properties: { [property]: target },
          stampKey,
          reboots: true,
        },
        later(now, firstChange, last === undefined ? undefined : last + ModifyLimits.volumeMillis),
      ),
    );
  }
  // What is allowed now goes first; a deferred change does not hold back one that is not.
  change.steps.sort((a, b) => Date.parse(a.notBefore ?? '0') - Date.parse(b.notBefore ?? '0'));
  return change;
}

/** The profile a plan targets, as the mover's input carries it. */
export const targetProfileSchema = z.object({ name: z.string().min(1), profile: profileSchema });
