import { z } from 'zod';
import { computeChangeAllowed, isLarger, ModifyLimits } from '../../functions/commons/mover';
import type { EmulatorContext } from './context';
import { domainOf } from './directory';
import { ApiError, type JsonObject, type JsonRpcService, page, validate } from './protocol';
import { TokenBucket } from './rate-limit';
import { UsageModel } from './usage';

/** WorkSpace states, from the API reference's Workspace.State. */
export type WorkspaceState =
  | 'PENDING'
  | 'AVAILABLE'
  | 'IMPAIRED'
  | 'UNHEALTHY'
  | 'REBOOTING'
  | 'STARTING'
  | 'REBUILDING'
  | 'RESTORING'
  | 'MAINTENANCE'
  | 'ADMIN_MAINTENANCE'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'SUSPENDED'
  | 'UPDATING'
  | 'STOPPING'
  | 'STOPPED'
  | 'ERROR';

/** How long the transitions other than provisioning take, in simulated seconds. */
export interface WorkspaceTimings {
  stopSeconds: number;
  startSeconds: number;
  rebootSeconds: number;
  rebuildSeconds: number;
  terminateSeconds: number;
  /** How long TERMINATED is shown before the id disappears. */
  terminatedVisibleSeconds: number;
  /** How long a compute type or volume change keeps the WorkSpace rebooting (AWS: up to an hour). */
  modifySeconds: number;
  /** How long MigrateWorkspace takes to make the new WorkSpace AVAILABLE (AWS: up to an hour). */
  migrateSeconds: number;
}

/** Defaults for {@link WorkspaceTimings}. */
export const DEFAULT_WORKSPACE_TIMINGS: WorkspaceTimings = {
  stopSeconds: 60,
  startSeconds: 90,
  rebootSeconds: 120,
  rebuildSeconds: 900,
  terminateSeconds: 180,
  terminatedVisibleSeconds: 60,
  modifySeconds: 900,
  migrateSeconds: 1800,
};

/** A WorkSpace as the admin API and `emulator.state` show it, with its state at the time of asking. */
export interface WorkspaceView {
  WorkspaceId: string;
  DirectoryId: string;
  UserName: string;
  BundleId: string;
  State: WorkspaceState;
  /** False while DescribeWorkspaces does not return it yet. */
  visible: boolean;
  createdAt: number;
  /** When it first became AVAILABLE (simulated epoch ms), if it has. */
  availableAt?: number;
  WorkspaceProperties: Properties;
  Tags: Tag[];
}

type Phase = WorkspaceState | 'GONE';

/** A WorkSpace's past: each state it entered and when; `GONE` once the id disappeared. */
export interface WorkspaceHistory {
  WorkspaceId: string;
  UserName: string;
  createdAt: number;
  timeline: Array<{ state: Phase; at: number }>;
}
type Tag = { Key: string; Value?: string };
type Properties = z.infer<typeof properties>;

interface WorkspaceRecord {
  WorkspaceId: string;
  DirectoryId: string;
  UserName: string;
  BundleId: string;
  ComputerName: string;
  IpAddress: string;
  request: JsonObject;
  properties: Properties;
  tags: Tag[];
  /** Its tags after each change, from its creation on: what the tag index shows, as of a time. */
  tagHistory: Array<{ at: number; tags: Tag[] }>;
  createdAt: number;
  timeline: Array<{ state: Phase; at: number }>;
  /** When each limited kind of change was last made: AWS keeps this; its API does not show it. */
  lastChange: { computeUp?: number; computeDown?: number; root?: number; user?: number };
}

const V = 'InvalidParameterValuesException';
const tag = z.object({ Key: z.string().min(1).max(127), Value: z.string().max(255).optional() });
const properties = z.object({
  RunningMode: z.enum(['AUTO_STOP', 'ALWAYS_ON', 'MANUAL']).optional(),
  RunningModeAutoStopTimeoutInMinutes: z.number().int().optional(),
  RootVolumeSizeGib: z.number().int().optional(),
  UserVolumeSizeGib: z.number().int().optional(),
  ComputeTypeName: z.string().optional(),
  Protocols: z.array(z.string()).optional(),
  OperatingSystemName: z.string().optional(),
});
const workspaceRequest = z.object({
  DirectoryId: z.string().min(1),
  UserName: z.string().min(1).max(63),
  BundleId: z.string().min(1),
  VolumeEncryptionKey: z.string().optional(),
  UserVolumeEncryptionEnabled: z.boolean().optional(),
  RootVolumeEncryptionEnabled: z.boolean().optional(),
  WorkspaceProperties: properties.optional(),
  Tags: z.array(tag).optional(),
  WorkspaceName: z.string().optional(),
});
const createWorkspaces = z.object({ Workspaces: z.array(workspaceRequest).min(1).max(25) });
const describeWorkspaces = z.object({
  WorkspaceIds: z.array(z.string()).min(1).max(25).optional(),
  DirectoryId: z.string().optional(),
  UserName: z.string().min(1).max(63).optional(),
  BundleId: z.string().optional(),
  WorkspaceName: z.string().optional(),
  Limit: z.number().int().min(1).max(25).optional(),
  NextToken: z.string().optional(),
});
const idList = (max: number) =>
  z
    .array(z.object({ WorkspaceId: z.string().min(1) }))
    .min(1)
    .max(max);
const connectionStatus = z.object({
  WorkspaceIds: z.array(z.string()).min(1).max(25).optional(),
  NextToken: z.string().optional(),
});
const describeDirectories = z.object({
  DirectoryIds: z.array(z.string()).min(1).max(25).optional(),
  Limit: z.number().int().min(1).max(25).optional(),
  NextToken: z.string().optional(),
});
const modifyProperties = z.object({ WorkspaceId: z.string().min(1), WorkspaceProperties: properties });
const createTags = z.object({ ResourceId: z.string().min(1), Tags: z.array(tag).min(1) });
const deleteTags = z.object({ ResourceId: z.string().min(1), TagKeys: z.array(z.string()).min(1) });
const describeTags = z.object({ ResourceId: z.string().min(1) });
const migrateWorkspace = z.object({
  SourceWorkspaceId: z.string().regex(/^ws-[0-9a-z]{8,63}$/),
  BundleId: z.string().regex(/^wsb-[0-9a-z]{8,63}$/),
});

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyz';
const MAX_TAGS = 50;
const badToken = () => new ApiError(V, 'The NextToken is not valid.');

type Failure = { ErrorCode: string; ErrorMessage: string };
/** Changes one WorkSpace in its current state, or says why it cannot. */
type StateChange = (ws: WorkspaceRecord, state: WorkspaceState) => Failure | undefined;

/** Amazon WorkSpaces (awsJson1_1, `WorkspacesService`), with lazily computed state transitions. */
export class Workspaces {
  private readonly records = new Map<string, WorkspaceRecord>();
  private readonly bucket: TokenBucket;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly bundles: readonly string[] | undefined,
    private readonly timings: WorkspaceTimings,
    /** The operating system of each bundle (OperatingSystemName), where the sandbox knows it. */
    private readonly operatingSystems: Readonly<Record<string, string>> = {},
    /** Who connects when: the source of connection status and of CloudWatch's UserConnected. */
    readonly usage: UsageModel = new UsageModel(),
  ) {
    this.bucket = new TokenBucket(ctx.clock, () => ctx.faults().rateLimit);
  }

  /** The JSON-RPC service the server routes `workspaces` requests to. */
  service(): JsonRpcService {
    /** An operation on a list of WorkSpace ids under `key`, at most `max` of them. */
    const batch = (key: string, max: number, apply: StateChange) => (input: JsonObject) =>
      this.change(validate(z.object({ [key]: idList(max) }), input, V)[key], apply);
    return {
      name: 'workspaces',
      version: '1.1',
      targetPrefix: 'WorkspacesService',
      before: (operation) => this.throttle(operation),
      operations: {
        CreateWorkspaces: (input) => this.create(validate(createWorkspaces, input, V)),
        DescribeWorkspaces: (input) => this.describe(validate(describeWorkspaces, input, V)),
        DescribeWorkspaceDirectories: (input) =>
          this.describeDirectories(validate(describeDirectories, input, V)),
        TerminateWorkspaces: batch('TerminateWorkspaceRequests', 25, (ws, state) =>
          this.terminate(ws, state),
        ),
        StopWorkspaces: batch('StopWorkspaceRequests', 25, (ws, state) => this.stop(ws, state)),
        StartWorkspaces: batch('StartWorkspaceRequests', 25, (ws, state) => this.start(ws, state)),
        RebootWorkspaces: batch('RebootWorkspaceRequests', 25, (ws, state) => this.reboot(ws, state)),
        // RebuildWorkspaces takes exactly one request (API reference, RebuildWorkspaceRequests).
        RebuildWorkspaces: batch('RebuildWorkspaceRequests', 1, (ws, state) => this.rebuild(ws, state)),
        ModifyWorkspaceProperties: (input) => this.modify(validate(modifyProperties, input, V)),
        MigrateWorkspace: (input) => this.migrate(validate(migrateWorkspace, input, V)),
        CreateTags: (input) => this.createTags(validate(createTags, input, V)),
        DeleteTags: (input) => this.deleteTags(validate(deleteTags, input, V)),
        DescribeWorkspacesConnectionStatus: (input) =>
          this.connectionStatus(validate(connectionStatus, input, V)),
        DescribeTags: (input) => ({ TagList: this.tagged(validate(describeTags, input, V).ResourceId).tags }),
      },
    };
  }

  /**
   * The tags of the WorkSpaces named, for the Resource Groups Tagging API's GetResources, as they
   * were `lagMs` ago (a fault: the tag index behind the tags): a WorkSpace gone, not there yet, or
   * never tagged by then is left out (API reference, GetResources: it "does not return untagged
   * resources"; a resource in ResourceARNList that does not exist "isn't included").
   */
  tagsOf(workspaceIds: readonly string[], lagMs = 0): Array<{ workspaceId: string; tags: Tag[] }> {
    const now = this.ctx.clock.now();
    return workspaceIds.flatMap((workspaceId) => {
      const ws = this.records.get(workspaceId);
      if (!ws || this.state(ws, now) === 'GONE') return [];
      const known = ws.tagHistory.filter((h) => h.at <= now - lagMs);
      if (!known.some((h) => h.tags.length > 0)) return [];
      return [{ workspaceId, tags: (known.at(-1)?.tags ?? []).map((t) => ({ ...t })) }];
    });
  }

  /** Every WorkSpace that has not disappeared yet, with its current state. */
  views(): WorkspaceView[] {
    const now = this.ctx.clock.now();
    return this.live(now).map((ws) => ({
      WorkspaceId: ws.WorkspaceId,
      DirectoryId: ws.DirectoryId,
      UserName: ws.UserName,
      BundleId: ws.BundleId,
      State: this.state(ws, now) as WorkspaceState,
      visible: this.visible(ws, now),
      createdAt: ws.createdAt,
      availableAt: ws.timeline.find((step) => step.state === 'AVAILABLE' && step.at <= now)?.at,
      WorkspaceProperties: { ...ws.properties },
      Tags: ws.tags.map((t) => ({ ...t })),
    }));
  }

  /**
   * Every WorkSpace ever created, gone ones included, with the states it has passed through and
   * those already scheduled (simulated epoch ms): for the bench's figures, such as when a leaver's
   * WorkSpace stopped, or is gone. A leaver may end as soon as its WorkSpace shows TERMINATED,
   * before the id disappears (GONE), so the figures read the GONE already scheduled.
   */
  history(): WorkspaceHistory[] {
    return [...this.records.values()].map((ws) => ({
      WorkspaceId: ws.WorkspaceId,
      UserName: ws.UserName,
      createdAt: ws.createdAt,
      timeline: ws.timeline.map((step) => ({ ...step })),
    }));
  }

  private throttle(operation: string): void {
    const bucketAllows = this.bucket.take();
    if (bucketAllows && !this.ctx.rng.chance(this.ctx.faults().throttleRate)) return;
    this.ctx.metrics.throttle('workspaces', operation);
    throw new ApiError('ThrottlingException', 'Rate exceeded');
  }

  private create(input: z.infer<typeof createWorkspaces>): JsonObject {
    const now = this.ctx.clock.now();
    const faults = this.ctx.faults();
    const active = this.live(now).filter((ws) => this.state(ws, now) !== 'TERMINATED');
    // One WorkSpace per user: those that exist, and those accepted earlier in this call.
    const owners = new Set(active.map((ws) => ownerKey(ws.DirectoryId, ws.UserName)));
    const failed: Array<Failure & { WorkspaceRequest: JsonObject }> = [];
    const accepted: Array<z.infer<typeof workspaceRequest>> = [];
    for (const request of input.Workspaces) {
      const failure = this.checkRequest(request, owners, now);
      if (failure) failed.push({ WorkspaceRequest: request, ...failure });
      else {
        accepted.push(request);
        owners.add(ownerKey(request.DirectoryId, request.UserName));
      }
    }
    // The quota is a declared exception of CreateWorkspaces, not a FailedRequests entry:
    // https://docs.aws.amazon.com/workspaces/latest/api/API_CreateWorkspaces.html#API_CreateWorkspaces_Errors
    if (accepted.length > 0 && active.length + accepted.length > faults.quota) {
      throw new ApiError(
        'ResourceLimitExceededException',
        `Your resource limits have been exceeded (quota ${faults.quota}).`,
      );
    }
    const pending = accepted.map((request) => {
      const ws = this.add(request, now);
      return this.describeOne(ws, now);
    });
    return { FailedRequests: failed, PendingRequests: pending };
  }

  private checkRequest(
    request: z.infer<typeof workspaceRequest>,
    owners: ReadonlySet<string>,
    now: number,
  ): Failure | undefined {
    const { directories } = this.ctx;
    if (!directories.directory(request.DirectoryId)) {
      return {
        ErrorCode: 'ResourceNotFound.Directory',
        ErrorMessage: `The directory ${request.DirectoryId} is not registered.`,
      };
    }
    const bundleKnown = this.bundles
      ? this.bundles.includes(request.BundleId)
      : /^wsb-[0-9a-z]{8,63}$/.test(request.BundleId);
    if (!bundleKnown) {
      return {
        ErrorCode: 'ResourceNotFound.Bundle',
        ErrorMessage: `The bundle ${request.BundleId} could not be found.`,
      };
    }
    if (
      !directories.visibleToWorkspaces(
        request.DirectoryId,
        request.UserName,
        now,
        this.ctx.faults().userReplicationLagSeconds,
      )
    ) {
      return {
        ErrorCode: 'ResourceNotFound.User',
        ErrorMessage: 'The specified user could not be found in the directory.',
      };
    }
    if (owners.has(ownerKey(request.DirectoryId, request.UserName)))
      return {
        ErrorCode: 'ResourceExists.WorkSpace',
        ErrorMessage: 'A WorkSpace already exists for the specified user.',
      };
    return undefined;
  }

  private add(request: z.infer<typeof workspaceRequest>, now: number): WorkspaceRecord {
    const { rng } = this.ctx;
    const { provisioning, errorShare, errorUsers } = this.ctx.faults();
    const seconds = Math.max(
      provisioning.minSeconds,
      rng.normal(provisioning.meanSeconds, provisioning.sdSeconds),
    );
    const { WorkspaceProperties, Tags, ...rest } = request;
    const ws: WorkspaceRecord = {
      WorkspaceId: `ws-${rng.chars(9, ALPHANUMERIC)}`,
      DirectoryId: request.DirectoryId,
      UserName: request.UserName,
      BundleId: request.BundleId,
      ComputerName: `WSAMZN-${rng.chars(8, ALPHANUMERIC).toUpperCase()}`,
      IpAddress: `10.0.${Math.floor(rng.next() * 256)}.${1 + Math.floor(rng.next() * 254)}`,
      request: rest,
      // Terraform's provider assumes ALWAYS_ON when no running mode is given, as the API does.
      properties: {
        RunningMode: 'ALWAYS_ON',
        ...this.systemOf(request.BundleId),
        ...WorkspaceProperties,
      },
      tags: Tags ?? [],
      tagHistory: [{ at: now, tags: (Tags ?? []).map((t) => ({ ...t })) }],
      createdAt: now,
      timeline: [],
      lastChange: {},
    };
    const fails = rng.chance(errorShare) || errorUsers.includes(request.UserName);
    const endState = fails ? 'ERROR' : 'AVAILABLE';
    schedule(ws, now, [
      ['PENDING', 0],
      [endState, seconds],
    ]);
    this.records.set(ws.WorkspaceId, ws);
    return ws;
  }

  /**
   * Puts an existing WorkSpace in place, as if created long ago by hand or by older scripts:
   * visible at once, in `state` since `sinceMs` ago, with the tags given (none by default).
   */
  seed(
    request: z.input<typeof workspaceRequest>,
    state: WorkspaceState = 'AVAILABLE',
    sinceMs = 86_400_000,
  ): string {
    const now = this.ctx.clock.now();
    const ws = this.add(workspaceRequest.parse(request), now - sinceMs);
    ws.timeline = [{ state, at: now - sinceMs }];
    return ws.WorkspaceId;
  }

  private describe(input: z.infer<typeof describeWorkspaces>): JsonObject {
    const { WorkspaceIds, DirectoryId, UserName, BundleId, WorkspaceName } = input;
    // "You can filter the results by using the bundle identifier, directory identifier, or owner,
    // but you can specify only one filter at a time"; WorkspaceIds excludes the others and
    // UserName needs DirectoryId; the operation's declared error for this is
    // InvalidParameterValuesException. https://docs.aws.amazon.com/workspaces/latest/api/API_DescribeWorkspaces.html
    if (WorkspaceIds && (DirectoryId || UserName || BundleId || WorkspaceName)) {
      throw new ApiError(V, 'WorkspaceIds cannot be combined with other filters.');
    }
    if (UserName && !DirectoryId) throw new ApiError(V, 'UserName requires DirectoryId.');
    if (BundleId && DirectoryId) throw new ApiError(V, 'BundleId cannot be combined with DirectoryId.');
    const now = this.ctx.clock.now();
    const matching = this.live(now).filter(
      (ws) =>
        this.visible(ws, now) &&
        (!WorkspaceIds || WorkspaceIds.includes(ws.WorkspaceId)) &&
        (!DirectoryId || ws.DirectoryId === DirectoryId) &&
        (!UserName || ws.UserName.toLowerCase() === UserName.toLowerCase()) &&
        (!BundleId || ws.BundleId === BundleId) &&
        (!WorkspaceName || ws.request.WorkspaceName === WorkspaceName),
    );
    // The token names the last WorkSpace returned, not an offset: a WorkSpace that disappears
    // between two pages (TERMINATED, then gone) must not make the next page skip one. AWS's token
    // is opaque; a listing that skipped live WorkSpaces would make a fleet review miss them.
    const ordered = [...matching].sort((x, y) => (x.WorkspaceId < y.WorkspaceId ? -1 : 1));
    let after = '';
    if (input.NextToken !== undefined) {
      after = Buffer.from(input.NextToken, 'base64url').toString();
      if (!/^ws-[0-9a-z]+$/.test(after)) throw badToken();
    }
    const rest = ordered.filter((ws) => ws.WorkspaceId > after);
    const items = rest.slice(0, input.Limit ?? 25);
    const last = items.at(-1);
    const next =
      rest.length > items.length && last ? Buffer.from(last.WorkspaceId).toString('base64url') : undefined;
    return { Workspaces: items.map((ws) => this.describeOne(ws, now)), NextToken: next };
  }

  /**
   * DescribeWorkspacesConnectionStatus (API reference): 1-25 ids; `ConnectionState` CONNECTED,
   * DISCONNECTED, or UNKNOWN when the WorkSpace is stopped; `LastKnownUserConnectionTimestamp`
   * absent when nobody ever connected. Ids not found are left out. From the usage model.
   */
  private connectionStatus(input: z.infer<typeof connectionStatus>): JsonObject {
    const now = this.ctx.clock.now();
    const matching = this.live(now).filter(
      (ws) => this.visible(ws, now) && (!input.WorkspaceIds || input.WorkspaceIds.includes(ws.WorkspaceId)),
    );
    const { items, next } = page(matching, 25, input.NextToken, badToken);
    return {
      WorkspacesConnectionStatus: items.map((ws) => {
        const state = this.state(ws, now);
        const hour = Math.floor(now / 3_600_000) * 3_600_000;
        const last = this.usage.lastConnection(ws.WorkspaceId, now, ws.createdAt);
        return {
          WorkspaceId: ws.WorkspaceId,
          ConnectionState:
            state === 'STOPPED' || state === 'STOPPING'
              ? 'UNKNOWN'
              : state === 'AVAILABLE' && this.usage.connectedInHour(ws.WorkspaceId, hour)
                ? 'CONNECTED'
                : 'DISCONNECTED',
          ConnectionStateCheckTimestamp: now / 1000,
          ...(last === undefined ? {} : { LastKnownUserConnectionTimestamp: last / 1000 }),
        };
      }),
      NextToken: next,
    };
  }

  /** When a WorkSpace was made (simulated epoch ms), while it exists. */
  createdAtOf(workspaceId: string): number | undefined {
    const ws = this.records.get(workspaceId);
    return ws && this.state(ws, this.ctx.clock.now()) !== 'GONE' ? ws.createdAt : undefined;
  }

  private describeOne(ws: WorkspaceRecord, now: number): JsonObject {
    const state = this.state(ws, now);
    return {
      WorkspaceId: ws.WorkspaceId,
      DirectoryId: ws.DirectoryId,
      UserName: ws.UserName,
      BundleId: ws.BundleId,
      State: state,
      ...(state === 'PENDING' ? {} : { IpAddress: ws.IpAddress, ComputerName: ws.ComputerName }),
      SubnetId: 'subnet-0a1b2c3d4e5f60718',
      ...ws.request,
      WorkspaceProperties: ws.properties,
      ...(state === 'ERROR'
        ? {
            ErrorCode: 'InternalError',
            ErrorMessage: 'The WorkSpace could not be provisioned (emulated fault).',
          }
        : {}),
      ModificationStates: [],
    };
  }

  private describeDirectories(input: z.infer<typeof describeDirectories>): JsonObject {
    const selected = this.ctx.directories.configs.filter(
      (c) => !input.DirectoryIds || input.DirectoryIds.includes(c.directoryId),
    );
    const { items, next } = page(selected, input.Limit ?? 25, input.NextToken, badToken);
    return {
      Directories: items.map((c) => ({
        DirectoryId: c.directoryId,
        DirectoryName: domainOf(c),
        RegistrationCode: c.registrationCode,
        State: 'REGISTERED',
        SubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'],
        DnsIpAddresses: ['10.0.0.10', '10.0.1.10'],
      })),
      NextToken: next,
    };
  }

  /** Applies a state change to each id; failures come back in a 200 answer, as AWS does. */
  private change(requests: Array<{ WorkspaceId: string }>, apply: StateChange): JsonObject {
    const now = this.ctx.clock.now();
    const failed: Array<Failure & { WorkspaceId: string }> = [];
    for (const { WorkspaceId } of requests) {
      const ws = this.records.get(WorkspaceId);
      const state = ws ? this.state(ws, now) : 'GONE';
      const failure =
        !ws || state === 'GONE'
          ? {
              ErrorCode: 'ResourceNotFound.WorkSpace',
              ErrorMessage: `The WorkSpace ${WorkspaceId} could not be found.`,
            }
          : apply(ws, state);
      if (failure) failed.push({ WorkspaceId, ...failure });
    }
    return { FailedRequests: failed };
  }

  private terminate(ws: WorkspaceRecord, state: WorkspaceState): Failure | undefined {
    if (state === 'SUSPENDED') return invalidState(state, 'terminated');
    if (state === 'TERMINATING' || state === 'TERMINATED') return undefined;
    const t = this.timings;
    schedule(ws, this.ctx.clock.now(), [
      ['TERMINATING', 0],
      ['TERMINATED', t.terminateSeconds],
      ['GONE', t.terminateSeconds + t.terminatedVisibleSeconds],
    ]);
    return undefined;
  }

  private stop(ws: WorkspaceRecord, state: WorkspaceState): Failure | undefined {
    const mode = ws.properties.RunningMode;
    if (mode !== 'AUTO_STOP' && mode !== 'MANUAL') {
      return {
        ErrorCode: 'InvalidResourceState.RunningMode',
        ErrorMessage: `A WorkSpace in running mode ${mode} cannot be stopped.`,
      };
    }
    if (!['AVAILABLE', 'IMPAIRED', 'UNHEALTHY', 'ERROR'].includes(state))
      return invalidState(state, 'stopped');
    schedule(ws, this.ctx.clock.now(), [
      ['STOPPING', 0],
      ['STOPPED', this.timings.stopSeconds],
    ]);
    return undefined;
  }

  private start(ws: WorkspaceRecord, state: WorkspaceState): Failure | undefined {
    if (state !== 'STOPPED') return invalidState(state, 'started');
    schedule(ws, this.ctx.clock.now(), [
      ['STARTING', 0],
      ['AVAILABLE', this.timings.startSeconds],
    ]);
    return undefined;
  }

  private reboot(ws: WorkspaceRecord, state: WorkspaceState): Failure | undefined {
    if (!['AVAILABLE', 'IMPAIRED', 'UNHEALTHY'].includes(state)) return invalidState(state, 'rebooted');
    schedule(ws, this.ctx.clock.now(), [
      ['REBOOTING', 0],
      ['AVAILABLE', this.timings.rebootSeconds],
    ]);
    return undefined;
  }

  private rebuild(ws: WorkspaceRecord, state: WorkspaceState): Failure | undefined {
    if (!['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED', 'REBOOTING'].includes(state))
      return invalidState(state, 'rebuilt');
    const failsAgain = state === 'ERROR' && this.ctx.rng.chance(this.ctx.faults().rebuildFailShare);
    schedule(ws, this.ctx.clock.now(), [
      ['REBUILDING', 0],
      [failsAgain ? 'ERROR' : 'AVAILABLE', this.timings.rebuildSeconds],
    ]);
    return undefined;
  }

  /**
   * ModifyWorkspaceProperties with AWS's rules (admin guide "Modify a WorkSpace"; API reference,
   * ModifyWorkspaceProperties "Errors"): compute type and volumes only in AVAILABLE or STOPPED,
   * never in one call, nor both volumes at once; volumes only grow; graphics compute types do not
   * change (but for GRAPHICS_G4DN <-> GRAPHICSPRO_G4DN); no such change in a new WorkSpace's first
   * 6 hours; a larger compute type once per 6 hours, a smaller once per 30 days, each volume once
   * per 6 hours. AWS documents no error code for a change inside those windows: the emulator
   * answers InvalidResourceStateException. A compute or volume change reboots the WorkSpace.
   */
  private modify(input: z.infer<typeof modifyProperties>): JsonObject {
    const now = this.ctx.clock.now();
    const ws = this.tagged(input.WorkspaceId);
    const state = this.state(ws, now);
    const wanted = input.WorkspaceProperties;
    const current = ws.properties;
    const compute =
      wanted.ComputeTypeName !== undefined && wanted.ComputeTypeName !== current.ComputeTypeName;
    const root =
      wanted.RootVolumeSizeGib !== undefined && wanted.RootVolumeSizeGib !== current.RootVolumeSizeGib;
    const user =
      wanted.UserVolumeSizeGib !== undefined && wanted.UserVolumeSizeGib !== current.UserVolumeSizeGib;
    const rebooting = compute || root || user;
    // The running mode alone: the states the leaver meets (the emulator's earlier rule, kept).
    const allowed = rebooting ? ['AVAILABLE', 'STOPPED'] : ['AVAILABLE', 'STOPPED', 'IMPAIRED', 'UNHEALTHY'];
    if (!allowed.includes(state)) {
      throw new ApiError(
        'InvalidResourceStateException',
        `The WorkSpace is ${state}; its properties cannot be modified now.`,
      );
    }
    const timeout = wanted.RunningModeAutoStopTimeoutInMinutes;
    if (timeout !== undefined && (timeout <= 0 || timeout % 60 !== 0)) {
      // AutoStop time is set in 60-minute intervals (API reference, WorkspaceProperties).
      throw new ApiError(V, 'RunningModeAutoStopTimeoutInMinutes must be a multiple of 60.');
    }
    if (compute && (root || user))
      throw new ApiError(V, 'You cannot change the compute type and the volume sizes at the same time.');
    if (root && user)
      throw new ApiError(V, 'You cannot change the root and user volume sizes at the same time.');
    if (
      (root && (wanted.RootVolumeSizeGib ?? 0) < (current.RootVolumeSizeGib ?? 0)) ||
      (user && (wanted.UserVolumeSizeGib ?? 0) < (current.UserVolumeSizeGib ?? 0))
    )
      throw new ApiError(V, 'Volume sizes can only be increased.');
    const from = current.ComputeTypeName ?? 'STANDARD';
    const to = wanted.ComputeTypeName ?? from;
    if (compute && !computeChangeAllowed(from, to))
      throw new ApiError(
        'UnsupportedWorkspaceConfigurationException',
        `The compute type ${from} cannot be changed to ${to}.`,
      );
    const up = compute && isLarger(from, to);
    const last = ws.lastChange;
    const tooSoon =
      (rebooting && now < ws.createdAt + ModifyLimits.newWorkspaceMillis) ||
      (compute && up && now < (last.computeUp ?? -Infinity) + ModifyLimits.computeUpMillis) ||
      (compute && !up && now < (last.computeDown ?? -Infinity) + ModifyLimits.computeDownMillis) ||
      (root && now < (last.root ?? -Infinity) + ModifyLimits.volumeMillis) ||
      (user && now < (last.user ?? -Infinity) + ModifyLimits.volumeMillis);
    if (tooSoon)
      throw new ApiError(
        'InvalidResourceStateException',
        'This change is not allowed yet for this WorkSpace.',
      );
    ws.properties = { ...current, ...wanted };
    if (compute) last[up ? 'computeUp' : 'computeDown'] = now;
    if (root) last.root = now;
    if (user) last.user = now;
    if (rebooting) {
      schedule(ws, now, [
        [state === 'STOPPED' ? 'UPDATING' : 'REBOOTING', 0],
        [state === 'STOPPED' ? 'STOPPED' : 'AVAILABLE', this.timings.modifySeconds],
      ]);
    }
    return {};
  }

  /**
   * MigrateWorkspace (API reference; admin guide "Migrate a WorkSpace"): the source must be
   * AVAILABLE, STOPPED or ERROR; a new WorkSpace (new id, IP and computer name) is built from the
   * target bundle with the source's tags and running mode, and the source is retired.
   */
  private migrate(input: z.infer<typeof migrateWorkspace>): JsonObject {
    const now = this.ctx.clock.now();
    const source = this.records.get(input.SourceWorkspaceId);
    if (!source || this.state(source, now) === 'GONE')
      throw new ApiError(
        'ResourceNotFoundException',
        `The WorkSpace ${input.SourceWorkspaceId} could not be found.`,
      );
    const state = this.state(source, now);
    if (!['AVAILABLE', 'STOPPED', 'ERROR'].includes(state))
      throw new ApiError(
        'InvalidResourceStateException',
        `A WorkSpace in state ${state} cannot be migrated.`,
      );
    if (this.bundles && !this.bundles.includes(input.BundleId))
      throw new ApiError('ResourceNotFoundException', `The bundle ${input.BundleId} could not be found.`);
    const { rng } = this.ctx;
    const target: WorkspaceRecord = {
      ...source,
      WorkspaceId: `ws-${rng.chars(9, ALPHANUMERIC)}`,
      BundleId: input.BundleId,
      ComputerName: `WSAMZN-${rng.chars(8, ALPHANUMERIC).toUpperCase()}`,
      IpAddress: `10.0.${Math.floor(rng.next() * 256)}.${1 + Math.floor(rng.next() * 254)}`,
      request: { ...source.request, BundleId: input.BundleId },
      properties: { ...source.properties, ...this.systemOf(input.BundleId) },
      tags: source.tags.map((t) => ({ ...t })),
      tagHistory: [{ at: now, tags: source.tags.map((t) => ({ ...t })) }],
      createdAt: now,
      timeline: [],
      lastChange: {},
    };
    schedule(target, now, [
      ['PENDING', 0],
      ['AVAILABLE', this.timings.migrateSeconds],
    ]);
    this.records.set(target.WorkspaceId, target);
    schedule(source, now, [
      ['TERMINATING', 0],
      ['TERMINATED', this.timings.migrateSeconds],
      ['GONE', this.timings.migrateSeconds + this.timings.terminatedVisibleSeconds],
    ]);
    return { SourceWorkspaceId: source.WorkspaceId, TargetWorkspaceId: target.WorkspaceId };
  }

  private systemOf(bundleId: string): { OperatingSystemName?: string } {
    const system = this.operatingSystems[bundleId];
    return system ? { OperatingSystemName: system } : {};
  }

  private createTags(input: z.infer<typeof createTags>): JsonObject {
    const ws = this.tagged(input.ResourceId);
    const merged = new Map(ws.tags.map((t) => [t.Key, t]));
    for (const t of input.Tags) merged.set(t.Key, t);
    if (merged.size > MAX_TAGS)
      throw new ApiError('ResourceLimitExceededException', `A resource can have at most ${MAX_TAGS} tags.`);
    ws.tags = [...merged.values()];
    ws.tagHistory.push({ at: this.ctx.clock.now(), tags: ws.tags.map((t) => ({ ...t })) });
    return {};
  }

  private deleteTags(input: z.infer<typeof deleteTags>): JsonObject {
    const ws = this.tagged(input.ResourceId);
    ws.tags = ws.tags.filter((t) => !input.TagKeys.includes(t.Key));
    ws.tagHistory.push({ at: this.ctx.clock.now(), tags: ws.tags.map((t) => ({ ...t })) });
    return {};
  }

  private tagged(workspaceId: string): WorkspaceRecord {
    const ws = this.records.get(workspaceId);
    if (!ws || this.state(ws, this.ctx.clock.now()) === 'GONE') {
      throw new ApiError('ResourceNotFoundException', `The resource ${workspaceId} could not be found.`);
    }
    return ws;
  }

  private live(now: number): WorkspaceRecord[] {
    return [...this.records.values()].filter((ws) => this.state(ws, now) !== 'GONE');
  }

  private state(ws: WorkspaceRecord, now: number): Phase {
    let state: Phase = ws.timeline[0]?.state ?? 'PENDING';
    for (const step of ws.timeline) if (step.at <= now) state = step.state;
    return state;
  }

  private visible(ws: WorkspaceRecord, now: number): boolean {
    return now >= ws.createdAt + this.ctx.faults().visibilityDelaySeconds * 1000;
  }
}

/** Replaces what was still to come for `ws` with new steps, each `seconds` after `now`. */
function schedule(ws: WorkspaceRecord, now: number, steps: Array<[Phase, number]>): void {
  ws.timeline = ws.timeline.filter((step) => step.at <= now);
  for (const [state, seconds] of steps) ws.timeline.push({ state, at: now + seconds * 1000 });
}

/** A user's key for the one-WorkSpace-per-user rule: user names are case-insensitive. */
function ownerKey(directoryId: string, userName: string): string {
  return `${directoryId}|${userName.toLowerCase()}`;
}

function invalidState(state: WorkspaceState, verb: string): Failure {
  return {
    ErrorCode: 'InvalidResourceState.WorkSpace',
    ErrorMessage: `A WorkSpace in state ${state} cannot be ${verb}.`,
  };
}
