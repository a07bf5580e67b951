import { join } from 'node:path';
import { type Clock, DEFAULT_FAULTS, type Faults, type FaultsPatch, mergeFaults } from './config';
import type { EmulatorContext } from './context';
import { Directories, type DirectoryConfig, type DirectoryUser } from './directory';
import { directoryService } from './ds';
import { DirectoryServiceData } from './ds-data';
import { DynamoDb, type DynamoDbItem } from './dynamodb';
import { type EventBridgeEvent, type EventDelivery, type EventHook, eventBridge } from './eventbridge';
import {
  ApiMetrics,
  handleJsonRpc,
  type JournalEntry,
  type JsonRpcService,
  jsonRpcError,
  queryError,
  restJsonError,
} from './protocol';
import { Random } from './random';
import { S3, s3Error } from './s3';
import { secretsManager } from './secretsmanager';
import { listen, type ServiceRoute } from './server';
import { type SentEmail, SesV2 } from './sesv2';
import { type PublishedMessage, Sns, snsNamespace } from './sns';
import { type ExecutionRecord, type RunExecution, StepFunctions, type TaskTokenHook } from './stepfunctions';
import { tagging } from './tagging';
import { cloudWatch, type UsageProfile } from './usage';
import {
  DEFAULT_WORKSPACE_TIMINGS,
  type WorkspaceHistory,
  type WorkspaceState,
  Workspaces,
  type WorkspaceTimings,
  type WorkspaceView,
} from './workspaces';

export type { Clock, Faults, FaultsPatch, ProvisioningDistribution, RateLimit } from './config';
export { DEFAULT_FAULTS } from './config';
export type { DirectoryConfig, DirectoryUser } from './directory';
export type { DynamoDbItem } from './dynamodb';
export { matchesEventPattern } from './event-pattern';
export type { EventBridgeEvent, EventDelivery, EventHook } from './eventbridge';
export type { JournalEntry } from './protocol';
export type { SentEmail } from './sesv2';
export type { PublishedMessage } from './sns';
export type {
  ExecutionRecord,
  ExecutionRequest,
  ExecutionStatus,
  RunExecution,
  TaskTokenHook,
  TaskTokenRequest,
} from './stepfunctions';
export type { UsageProfile } from './usage';
export type { WorkspaceHistory, WorkspaceState, WorkspaceTimings, WorkspaceView } from './workspaces';
export { DEFAULT_WORKSPACE_TIMINGS } from './workspaces';

/** How to start the emulator. Every field is optional. */
export interface EmulatorOptions {
  /** Simulated time; `Date.now()` by default (which the sandbox's installed clock compresses). */
  clock?: Clock;
  /** Seed of the one random source behind provisioning times, faults and ids. Default 1. */
  seed?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  accountId?: string;
  /** Where SendEmail writes .eml files; default `.sandbox/outbox` under the working directory. */
  outboxDir?: string;
  directories?: DirectoryConfig[];
  /** Known bundle ids; when absent any id shaped like `wsb-xxxxxxxxx` is accepted. */
  bundles?: string[];
  /** The operating system (OperatingSystemName) of each bundle, for DescribeWorkspaces and MigrateWorkspace. */
  bundleOperatingSystems?: Record<string, string>;
  faults?: FaultsPatch;
  timings?: Partial<WorkspaceTimings>;
  runExecution?: RunExecution;
  onEvent?: EventHook;
  onTaskToken?: TaskTokenHook;
  /** Secrets Manager secrets by name (sandbox values only, never real ones). */
  secrets?: Record<string, string>;
  /** DynamoDB tables: table name -> name of its partition key (type S, no sort key). They start empty. */
  tables?: Record<string, string>;
  /** S3 buckets by name, each with a folder its objects are also written to (or undefined). */
  buckets?: Record<string, string | undefined>;
}

/** An event as stored by the emulator: the delivered event plus the bus it was put on. */
export type StoredEvent = EventBridgeEvent & EventDelivery;

/** Read access to what the emulated services hold; each read reflects the current simulated time. */
export interface EmulatorState {
  readonly workspaces: WorkspaceView[];
  readonly users: DirectoryUser[];
  readonly executions: ExecutionRecord[];
  readonly emails: readonly SentEmail[];
  readonly events: readonly StoredEvent[];
  readonly messages: readonly PublishedMessage[];
  /** Copies of each DynamoDB table's items by table name, in Scan order. */
  readonly tables: Readonly<Record<string, DynamoDbItem[]>>;
  /** Calls per `service.Operation`, for example `workspaces.DescribeWorkspaces`. */
  readonly apiCalls: Readonly<Record<string, number>>;
  /** ThrottlingException answers per `service.Operation`. */
  readonly throttled: Readonly<Record<string, number>>;
  /** Every WorkSpace ever created, gone ones included, with the states it passed through. */
  readonly workspaceHistory: WorkspaceHistory[];
  /** Changes with their simulated time: `ds-data.DisableUser` per user. */
  readonly journal: readonly JournalEntry[];
  readonly faults: Faults;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`: use as `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  url: string;
  port: number;
  state: EmulatorState;
  stop(): Promise<void>;
  /** Makes a state machine known to StartExecution; the name defaults to the arn's last part. */
  registerStateMachine(arn: string, name?: string): void;
  setFaults(patch: FaultsPatch): void;
  /** Enables a directory user, as an administrator would outside the API. */
  enableUser(directoryId: string, samAccountName: string): void;
  /** Resolves when event hooks and running executions have finished. */
  settled(): Promise<void>;
  /** The emulated S3 buckets: the sandbox puts the roster there and reads the report back. */
  s3: S3;
  /**
   * Seeds an existing estate: a WorkSpace made outside this project (no tags unless given) and,
   * when `user` is given, its enabled directory user. Returns the WorkSpace id.
   */
  seedWorkspace(seed: EstateSeed): string;
  /** From `at` (simulated epoch ms; default now) on, the WorkSpace's person uses it as `profile`; the past stays. */
  setUsage(workspaceId: string, profile: UsageProfile, at?: number): void;
}

/** One WorkSpace of an existing estate, and its directory user. */
export interface EstateSeed {
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode?: 'AUTO_STOP' | 'ALWAYS_ON' | 'MANUAL';
  computeType?: string;
  tags?: Array<{ Key: string; Value: string }>;
  state?: WorkspaceState;
  user?: { givenName?: string; surname?: string; emailAddress?: string };
  /** How its person uses it, since always: `never` by default. */
  usage?: UsageProfile;
}

/** Starts the emulator on loopback and resolves once it accepts requests. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  let faults = mergeFaults(DEFAULT_FAULTS, options.faults);
  const rng = new Random(options.seed ?? 1);
  const metrics = new ApiMetrics();
  const ctx: EmulatorContext = {
    clock: options.clock ?? { now: () => Date.now() },
    rng,
    faults: () => faults,
    metrics,
    directories: new Directories(options.directories ?? [], rng),
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
  };
  const workspaces = new Workspaces(
    ctx,
    options.bundles,
    { ...DEFAULT_WORKSPACE_TIMINGS, ...options.timings },
    options.bundleOperatingSystems,
  );
  const dsData = new DirectoryServiceData(ctx);
  const ses = new SesV2(ctx, options.outboxDir ?? join(process.cwd(), '.sandbox', 'outbox'));
  const sns = new Sns(ctx);
  const sfn = new StepFunctions(ctx, options.runExecution, options.onTaskToken);
  const dynamodb = new DynamoDb(ctx, options.tables ?? {});
  const s3 = new S3(ctx, options.buckets ?? {});
  const events: StoredEvent[] = [];
  const deliveries = new Set<Promise<void>>();
  const deliver = (event: EventBridgeEvent, delivery: EventDelivery) => {
    const hook = options.onEvent;
    if (!hook) return;
    const promise = Promise.resolve()
      .then(() => hook(event, delivery))
      .catch((error: unknown) => console.error(`emulator: onEvent failed for event ${event.id}`, error))
      .finally(() => deliveries.delete(promise));
    deliveries.add(promise);
  };

  const state: EmulatorState = {
    get workspaces() {
      return workspaces.views();
    },
    get users() {
      return ctx.directories.all().map((u) => ({ ...u }));
    },
    get executions() {
      return sfn.records();
    },
    emails: ses.sent,
    events,
    messages: sns.published,
    get tables() {
      return dynamodb.snapshot();
    },
    apiCalls: metrics.calls,
    throttled: metrics.throttled,
    get workspaceHistory() {
      return workspaces.history();
    },
    journal: metrics.journal,
    get faults() {
      return faults;
    },
  };

  const json = (service: JsonRpcService): ServiceRoute => ({
    handle: (request) => handleJsonRpc(service, request, metrics),
    fail: (error) => jsonRpcError(error, service.version),
  });
  const { server, port } = await listen(
    {
      services: {
        workspaces: json(workspaces.service()),
        ds: json(directoryService(ctx)),
        secretsmanager: json(secretsManager(ctx, options.secrets ?? {})),
        events: json(eventBridge(ctx, events, deliver)),
        states: json(sfn.service()),
        dynamodb: json(dynamodb.service()),
        'ds-data': { handle: (r) => dsData.handle(r), fail: (e) => restJsonError(e, 'Message') },
        ses: { handle: (r) => ses.handle(r), fail: (e) => restJsonError(e, 'message') },
        sns: { handle: (r) => sns.handle(r), fail: (e) => queryError(e, snsNamespace) },
        s3: { handle: (r) => s3.handle(r), fail: s3Error },
        monitoring: json(cloudWatch(ctx, workspaces.usage, (id) => workspaces.createdAtOf(id))),
        tagging: json(tagging(ctx, workspaces)),
      },
      admin: (path) => adminView(state, path),
    },
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    state,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    registerStateMachine: (arn, name) => sfn.register(arn, name),
    setFaults: (patch) => {
      faults = mergeFaults(faults, patch);
    },
    enableUser: (directoryId, samAccountName) => {
      const user = ctx.directories.find(directoryId, samAccountName);
      if (!user) throw new Error(`no user ${samAccountName} in ${directoryId}`);
      user.enabled = true;
    },
    s3,
    seedWorkspace: (seed) => {
      if (seed.user && !ctx.directories.find(seed.directoryId, seed.userName)) {
        const user = ctx.directories.add(
          seed.directoryId,
          seed.userName,
          seed.user,
          ctx.clock.now() - 86_400_000,
        );
        user.enabled = true;
      }
      const id = workspaces.seed(
        {
          DirectoryId: seed.directoryId,
          UserName: seed.userName,
          BundleId: seed.bundleId,
          WorkspaceProperties: {
            RunningMode: seed.runningMode ?? 'AUTO_STOP',
            ...(seed.computeType ? { ComputeTypeName: seed.computeType } : {}),
          },
          Tags: seed.tags ?? [],
        },
        seed.state,
      );
      if (seed.usage) workspaces.usage.set(id, seed.usage);
      return id;
    },
    setUsage: (workspaceId, profile, at) => workspaces.usage.set(workspaceId, profile, at ?? ctx.clock.now()),
    settled: async () => {
      // Executions may put events and events may start executions: wait until both are quiet.
      while (deliveries.size > 0 || sfn.busy) {
        await Promise.all([...deliveries]);
        await sfn.settled();
      }
    },
  };
}

/** The admin API: `/_sandbox/<collection>`, and `/_sandbox` listing the collections. */
function adminView(state: EmulatorState, path: string): unknown {
  const collections: Record<string, () => unknown> = {
    workspaces: () => state.workspaces,
    users: () => state.users,
    executions: () => state.executions,
    emails: () => state.emails,
    events: () => state.events,
    messages: () => state.messages,
    tables: () => state.tables,
    metrics: () => ({ apiCalls: state.apiCalls, throttled: state.throttled }),
    faults: () => state.faults,
  };
  if (path === '/_sandbox') return { collections: Object.keys(collections).map((c) => `/_sandbox/${c}`) };
  const name = path.slice('/_sandbox/'.length);
  return path.startsWith('/_sandbox/') && Object.hasOwn(collections, name) ? collections[name]() : undefined;
}
