/** A source of simulated time in epoch milliseconds; the sandbox passes its ScaledClock. */
export interface Clock {
  now(): number;
}

/** How long a new WorkSpace stays PENDING: a normal distribution cut off at a floor. */
export interface ProvisioningDistribution {
  meanSeconds: number;
  sdSeconds: number;
  minSeconds: number;
}

/** The shared WorkSpaces API budget, a token bucket per account and Region. */
export interface RateLimit {
  enabled: boolean;
  refillPerSecond: number;
  burst: number;
}

/** Faults and service characteristics the emulator can be told to show. Shares are 0..1. */
export interface Faults {
  /** Extra share of WorkSpaces requests answered with ThrottlingException, on top of the bucket. */
  throttleRate: number;
  /** Share of new WorkSpaces that end in ERROR instead of AVAILABLE. */
  errorShare: number;
  /** User names whose new WorkSpace ends in ERROR whatever the share (a scripted demo). */
  errorUsers: string[];
  /** Share of rebuilds of a WorkSpace in ERROR that end in ERROR again. */
  rebuildFailShare: number;
  provisioning: ProvisioningDistribution;
  /** Share of SES SendEmail calls answered with MessageRejected (a refusal of that message, for good). */
  emailFailure: number;
  /** Share of SES SendEmail calls answered with SendingPausedException (a refusal that clears). */
  emailPaused: number;
  /** A user created less than this long ago is not yet known to WorkSpaces. */
  userReplicationLagSeconds: number;
  /** Ids returned by CreateWorkspaces stay hidden from DescribeWorkspaces this long. */
  visibilityDelaySeconds: number;
  /**
   * The Resource Groups Tagging API's GetResources shows WorkSpaces' tags as they were this long
   * ago. 0 by default: how far AWS's tag index lags is not documented, so the emulator claims no
   * figure; the tests set it to show that no removal depends on the index being current.
   */
  tagIndexLagSeconds: number;
  /** Most WorkSpaces that may exist (any state but TERMINATED) at once. */
  quota: number;
  rateLimit: RateLimit;
}

/** A partial change to {@link Faults}; nested groups may be partial too. */
export type FaultsPatch = Partial<Omit<Faults, 'provisioning' | 'rateLimit'>> & {
  provisioning?: Partial<ProvisioningDistribution>;
  rateLimit?: Partial<RateLimit>;
};

/**
 * Defaults: a healthy service. Provisioning around 20 minutes (the admin guide's figure);
 * the API budget of 2 requests/second with bursts of 5 from the WorkSpaces troubleshooting guide
 * (https://docs.aws.amazon.com/workspaces/latest/adminguide/amazon-workspaces-troubleshooting.html).
 * The real default quota is 1 WorkSpace per Region until raised; the sandbox starts higher so
 * several joiners can run, and `quota: 1` reproduces a fresh account.
 */
export const DEFAULT_FAULTS: Faults = {
  throttleRate: 0,
  errorShare: 0,
  errorUsers: [],
  rebuildFailShare: 0,
  provisioning: { meanSeconds: 1200, sdSeconds: 180, minSeconds: 600 },
  emailFailure: 0,
  emailPaused: 0,
  userReplicationLagSeconds: 0,
  visibilityDelaySeconds: 10,
  tagIndexLagSeconds: 0,
  quota: 100,
  rateLimit: { enabled: true, refillPerSecond: 2, burst: 5 },
};

/** Applies a patch to a full set of faults, returning a new object. */
export function mergeFaults(base: Faults, patch: FaultsPatch = {}): Faults {
  return {
    ...base,
    ...patch,
    provisioning: { ...base.provisioning, ...patch.provisioning },
    rateLimit: { ...base.rateLimit, ...patch.rateLimit },
  };
}
