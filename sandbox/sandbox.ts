import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as realDelay } from 'node:timers/promises';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type StateMachineName, stateMachineNames } from '../functions';
import {
  type FleetReviewSettings,
  fleetReviewSettingsSchema,
  type LeaverSettings,
  leaverSettingsSchema,
  type MoverSettings,
  moverSettingsSchema,
  type PollSchedule,
  type ProvisionerSettings,
  provisionerSettingsSchema,
} from '../functions/commons/config';
import { HrBusName, type HrDetailType, HrSource } from '../functions/commons/contracts';
import { executionNameFor } from '../functions/commons/execution-name';
import { queueKeyName } from '../functions/commons/provisioning';
import { configurationValues, writeProfilesFile } from '../infra/automation-config';
import { type AppConfig, loadConfig } from '../infra/config';
import { installClock, ScaledClock } from './clock';
import {
  type Emulator,
  type EventHook,
  type ExecutionRequest,
  type FaultsPatch,
  startEmulator,
} from './emulator';
import { resolveEsmOnlyPackages } from './esm-only-packages';
import {
  type DeadLetter,
  hrRuleRouter,
  sandboxWebhookSecret,
  startWebhookServer,
  webhookSecretName,
} from './intake';
import { runExecution } from './run-execution';
import { lambdaContext, localRegion, stateMachineArnOf } from './state-machines';
import {
  loadIntakeHandlers,
  loadTaskHandlers,
  sandboxTaskConcurrency,
  withConcurrencyLimit,
} from './task-handlers';
import { TaskTokens } from './task-tokens';

/** Parts of the fleet review's settings, down to single actions and caps. */
export type FleetReviewPatch = Partial<Omit<FleetReviewSettings, 'actions' | 'caps' | 'cost'>> & {
  actions?: Partial<FleetReviewSettings['actions']>;
  caps?: Partial<FleetReviewSettings['caps']>;
  /** Checked by the settings' own schema when the sandbox starts. */
  cost?: Record<string, unknown>;
};

export interface SandboxOptions {
  /** Simulated seconds per real second. Default 600: 20 minutes of provisioning take 2 s. */
  timeScale?: number;
  seed?: number;
  /** 0 picks a free port. */
  port?: number;
  faults?: FaultsPatch;
  outboxDir?: string;
  /** Port of the HR webhook (POST /events); 0 picks a free one. */
  webhookPort?: number;
  /** Called when the dispatcher gives up on an HR event. */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Called as an execution enters each state. */
  onState?: (executionName: string, stateName: string) => void;
  /** Replaces parts of the configured poll schedule in the functions' environment (the bench sweeps it). */
  pollSchedule?: Partial<PollSchedule>;
  /** Replaces parts of the leaver settings (a demo wants a grace period of minutes, not days). */
  leaver?: Partial<LeaverSettings>;
  /** Replaces parts of the mover settings (migration allowed, dry run). */
  mover?: Partial<MoverSettings>;
  /** Replaces parts of the provisioner settings. */
  provisioner?: Partial<ProvisionerSettings>;
  /** Replaces parts of the fleet review's settings (a demo switches its actions on). */
  fleetReview?: FleetReviewPatch;
  /** Folder the emulated S3 also writes its objects to (the review's reports); none by default. */
  storeDir?: string;
  /**
   * Simulated epoch milliseconds at the start; the real time by default (the bench starts late in a
   * day; the cost demo on a month's first Monday).
   */
  clockStart?: number;
}

/** What the scheduled provisioner has done in this sandbox. */
export interface ProvisionerRuns {
  /** Rounds run: each is one Lambda invocation. */
  rounds: number;
  /** Rounds skipped because the previous one was still running (reserved concurrency 1). */
  skipped: number;
  /** Rounds that threw. */
  failed: number;
  /** Simulated milliseconds spent in rounds, for the Lambda duration cost. */
  busyMs: number;
  /** Each finished round's simulated milliseconds, in order (the bench's round durations). */
  durationsMs: number[];
  /** The rounds' WorkSpaces calls for leavers, by kind, summed (`RoundReport.leaverCalls`). */
  leaverCalls: Record<string, number>;
}

/** What the sandbox knows of one execution beyond the emulator's record. */
export interface ExecutionProgress {
  name: string;
  stateMachine: StateMachineName;
  state: string;
  transitions: number;
  taskInvocations: number;
}

export interface Sandbox {
  emulator: Emulator;
  clock: ScaledClock;
  config: AppConfig;
  directoryId: string;
  registrationCode: string;
  progress: Map<string, ExecutionProgress>;
  provisionerRuns: ProvisionerRuns;
  /** The leaver, provisioner, mover and fleet review settings the functions run with. */
  settings: {
    leaver: LeaverSettings;
    provisioner: ProvisionerSettings;
    mover: MoverSettings;
    fleetReview: FleetReviewSettings;
  };
  /** The fleet review's S3 bucket in the emulator: the roster goes in at `settings.fleetReview.rosterKey`. */
  reviewBucket: string;
  sfn: SFNClient;
  /** The HR webhook: `POST` signed HR events here. */
  webhookUrl: string;
  /** HR events the dispatcher could not handle, with the reason (the dead-letter queue). */
  deadLetters: DeadLetter[];
  /** Puts an HR event on the HR bus, as a producer would; resolves to the bus event id. */
  putHrEvent(detailType: HrDetailType, detail: unknown): Promise<string>;
  /** Starts a flow the way the console or the dispatcher would: named from the event id. */
  start(stateMachine: StateMachineName, input: { eventId: string }): Promise<string>;
  /** Resolves once no execution is running, or rejects after `realMillis`. */
  idle(realMillis?: number): Promise<void>;
  stop(): Promise<void>;
}

export const sandboxDirectoryId = 'd-906700c0de';
export const sandboxRegistrationCode = 'SLiad+KX3PQ7';
export const sandboxCredentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
export const provisioningTableName = 'workspaces-lifecycle-provisioning';
export const lifecycleTableName = 'workspaces-lifecycle-register';
export const reviewBucketName = 'workspaces-lifecycle-fleet-review';

/**
 * Starts the whole system on this machine: the AWS API emulator on loopback, the task
 * functions with their real SDK clients pointed at it, and the state machines from
 * `statemachines/` run by aws-local-stepfunctions when the emulator's StartExecution is called.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = loadConfig('example');
  const { automation } = config;
  const directoryMode = automation.directory.mode ?? 'managed-ad';
  const clock = new ScaledClock(options.timeScale ?? 600, options.clockStart);
  const uninstallClock = installClock(clock);
  const progress = new Map<string, ExecutionProgress>();
  const taskTokens = new TaskTokens();
  let handlers: Awaited<ReturnType<typeof loadTaskHandlers>> | undefined;

  const run = async (request: ExecutionRequest) => {
    const stateMachine = stateMachineNames.find((n) => stateMachineArnOf(n) === request.stateMachineArn);
    if (!stateMachine || !handlers) throw new Error(`No local definition for ${request.stateMachineArn}`);
    const entry: ExecutionProgress = {
      taskInvocations: 0,
      name: request.name,
      stateMachine,
      state: 'Starting',
      transitions: 0,
    };
    progress.set(request.name, entry);
    const outcome = await runExecution(stateMachine, request.input, {
      handlers,
      executionArn: request.executionArn,
      executionName: request.name,
      signal: request.signal,
      taskTokens,
      redrive: request.redrive,
      startTime: new Date(request.startDate).toISOString(),
      onState: (state) => {
        entry.state = state;
        options.onState?.(request.name, state);
      },
    }).finally(() => taskTokens.forget(request.executionArn));
    entry.transitions = outcome.transitions;
    entry.taskInvocations = outcome.taskInvocations;
    entry.state = outcome.status;
    if (outcome.status === 'SUCCEEDED') return outcome.output;
    throw Object.assign(new Error(outcome.cause ?? ''), {
      name: outcome.error ?? 'ExecutionAborted',
      failedState: outcome.failedState,
    });
  };

  const deadLetters: DeadLetter[] = [];
  let route: EventHook | undefined;
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      clock,
      seed: options.seed,
      port: options.port,
      outboxDir: options.outboxDir,
      directories: [
        { directoryId: sandboxDirectoryId, registrationCode: sandboxRegistrationCode, mode: directoryMode },
      ],
      bundles: Object.values(automation.profiles.profiles).map((p) => p.bundleId),
      bundleOperatingSystems: Object.fromEntries(
        Object.values(automation.profiles.profiles).flatMap((p) =>
          p.operatingSystem ? [[p.bundleId, p.operatingSystem]] : [],
        ),
      ),
      faults: options.faults,
      runExecution: run,
      onTaskToken: (request) => taskTokens.settle(request),
      tables: { [provisioningTableName]: queueKeyName, [lifecycleTableName]: 'employeeId' },
      buckets: {
        [reviewBucketName]: options.storeDir ? join(options.storeDir, reviewBucketName) : undefined,
      },
      secrets: { [webhookSecretName]: sandboxWebhookSecret },
      onEvent: (event, delivery) => route?.(event, delivery),
    });
  } catch (error) {
    uninstallClock();
    throw error;
  }

  const provisionerSettings = provisionerSettingsSchema.parse({
    ...automation.provisioner,
    ...options.provisioner,
  });
  const leaverSettings = leaverSettingsSchema.parse({ ...automation.leaver, ...options.leaver });
  const fleetReview = fleetReviewSettingsSchema.parse({
    ...automation.fleetReview,
    ...options.fleetReview,
    actions: { ...automation.fleetReview.actions, ...options.fleetReview?.actions },
    caps: { ...automation.fleetReview.caps, ...options.fleetReview?.caps },
    cost: { ...automation.fleetReview.cost, ...options.fleetReview?.cost },
  });
  const moverSettings = moverSettingsSchema.parse({ ...automation.mover, ...options.mover });
  // The functions read their configuration once, at load, as at a Lambda cold start. They share
  // one process here, so it holds every function's variables.
  Object.assign(
    process.env,
    configurationValues(
      {
        ...automation,
        pollSchedule: { ...automation.pollSchedule, ...options.pollSchedule },
        leaver: leaverSettings,
        mover: moverSettings,
        provisioner: provisionerSettings,
        fleetReview,
      },
      {
        directoryId: sandboxDirectoryId,
        directoryMode,
        eventBusName: HrBusName,
        alertTopicArn: `arn:aws:sns:${localRegion}:123456789012:workspaces-lifecycle-alerts`,
        provisioningTable: provisioningTableName,
        lifecycleTable: lifecycleTableName,
        profilesFile: writeProfilesFile(
          automation.profiles,
          join(tmpdir(), `workspaces-sandbox-${process.pid}`),
        ),
        joinerStateMachineArn: stateMachineArnOf('joiner'),
        leaverStateMachineArn: stateMachineArnOf('leaver'),
        stateMachineArns: JSON.stringify(
          Object.fromEntries(stateMachineNames.map((n) => [n, stateMachineArnOf(n)])),
        ),
        webhookSecretArn: webhookSecretName,
        reviewBucket: reviewBucketName,
        // The emulator's default account.
        workspaceArnPrefix: `arn:aws:workspaces:${localRegion}:123456789012:workspace/`,
      },
    ),
    {
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: sandboxCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: sandboxCredentials.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      // Like the logs: embedded-metric lines on stdout only when asked for.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    },
  );
  if (!process.env.JEST_WORKER_ID) resolveEsmOnlyPackages();
  let webhook: Awaited<ReturnType<typeof startWebhookServer>>;
  let provisioner: Awaited<ReturnType<typeof loadIntakeHandlers>>['provisioner'];
  try {
    handlers = withConcurrencyLimit(await loadTaskHandlers(), sandboxTaskConcurrency);
    const intake = await loadIntakeHandlers();
    route = hrRuleRouter(intake.dispatcher, (letter) => {
      deadLetters.push(letter);
      options.onDeadLetter?.(letter);
    });
    webhook = await startWebhookServer(intake.webhook, options.webhookPort ?? 0);
    provisioner = intake.provisioner;
  } catch (error) {
    // Leave nothing running: a half-started sandbox would keep the process alive.
    await emulator.stop();
    uninstallClock();
    throw error;
  }
  const events = new EventBridgeClient({
    endpoint: emulator.url,
    region: localRegion,
    credentials: sandboxCredentials,
    maxAttempts: 1,
  });
  for (const name of stateMachineNames) emulator.registerStateMachine(stateMachineArnOf(name), name);

  const sfn = new SFNClient({
    endpoint: emulator.url,
    region: localRegion,
    credentials: sandboxCredentials,
    maxAttempts: 1,
  });
  const running = () => emulator.state.executions.some((e) => e.status === 'RUNNING');

  // The provisioner's schedule, on simulated time: a round every interval, one at a time.
  const provisionerRuns: ProvisionerRuns = {
    rounds: 0,
    skipped: 0,
    failed: 0,
    busyMs: 0,
    durationsMs: [],
    leaverCalls: {},
  };
  let round: Promise<void> | undefined;
  const schedule = setInterval(() => {
    if (round) {
      provisionerRuns.skipped++;
      return;
    }
    const started = Date.now();
    provisionerRuns.rounds++;
    round = provisioner({}, lambdaContext('Provisioner'))
      .then(
        (report) => {
          for (const [kind, n] of Object.entries(report.leaverCalls))
            provisionerRuns.leaverCalls[kind] = (provisionerRuns.leaverCalls[kind] ?? 0) + n;
        },
        (error: unknown) => {
          provisionerRuns.failed++;
          console.error('sandbox: provisioner round failed:', error);
        },
      )
      .finally(() => {
        provisionerRuns.busyMs += Date.now() - started;
        provisionerRuns.durationsMs.push(Date.now() - started);
        round = undefined;
      });
  }, provisionerSettings.intervalMinutes * 60_000);

  return {
    emulator,
    clock,
    config,
    directoryId: sandboxDirectoryId,
    registrationCode: sandboxRegistrationCode,
    progress,
    provisionerRuns,
    settings: { leaver: leaverSettings, provisioner: provisionerSettings, mover: moverSettings, fleetReview },
    reviewBucket: reviewBucketName,
    sfn,
    webhookUrl: webhook.url,
    deadLetters,
    async putHrEvent(detailType, detail) {
      const out = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: HrBusName,
              Source: HrSource,
              DetailType: detailType,
              Detail: JSON.stringify(detail),
            },
          ],
        }),
      );
      const entry = out.Entries?.[0];
      if (!entry?.EventId)
        throw new Error(`The bus refused the event: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
      return entry.EventId;
    },
    async start(stateMachine, input) {
      const response = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArnOf(stateMachine),
          name: executionNameFor(input.eventId),
          input: JSON.stringify(input),
        }),
      );
      return response.executionArn ?? '';
    },
    async idle(realMillis = 60_000) {
      // A real-time limit: node:timers/promises is not scaled by the installed clock.
      const limit = new AbortController();
      const timedOut = realDelay(realMillis, undefined, { signal: limit.signal }).then(() => {
        throw new Error(`Executions still running after ${realMillis} ms`);
      });
      timedOut.catch(() => undefined);
      try {
        while (running()) await Promise.race([emulator.settled(), timedOut]);
      } finally {
        limit.abort();
      }
    },
    async stop() {
      clearInterval(schedule);
      await round;
      sfn.destroy();
      events.destroy();
      await webhook.stop();
      await emulator.stop();
      uninstallClock();
    },
  };
}
