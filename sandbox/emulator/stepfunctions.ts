import { z } from 'zod';
import type { EmulatorContext } from './context';
import { ApiError, type JsonObject, type JsonRpcService, page, validate } from './protocol';

/** What the emulator hands the engine for each new execution. */
export interface ExecutionRequest {
  stateMachineArn: string;
  executionArn: string;
  name: string;
  /** The execution input, parsed from JSON. */
  input: unknown;
  /** Aborted when StopExecution is called. */
  signal: AbortSignal;
  /** When the execution first started (simulated epoch ms). */
  startDate: number;
  /** Set on a redrive: where the execution failed, with that state's input, and the redrive's number. */
  redrive?: { state: string; input: unknown; count: number };
}

/** The state an engine reports an execution ended in (on the error it rejects with), for a redrive. */
export interface FailedState {
  name: string;
  input: unknown;
}

/**
 * Runs one execution and resolves with its output. A rejection with an Error makes the
 * execution FAILED with the error's `name` as `error` and its `message` as `cause`.
 */
export type RunExecution = (request: ExecutionRequest) => Promise<unknown>;

/** A SendTask* call, handed to the engine that issued the token. */
export type TaskTokenRequest =
  | { kind: 'success'; taskToken: string; output: string }
  | { kind: 'failure'; taskToken: string; error?: string; cause?: string }
  | { kind: 'heartbeat'; taskToken: string };

/**
 * Receives SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. Throwing an Error named
 * TaskDoesNotExist, TaskTimedOut, InvalidToken or InvalidOutput answers that error.
 */
export type TaskTokenHook = (request: TaskTokenRequest) => void | Promise<void>;

/** Execution statuses, from the API reference. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** An execution as the emulator records it (dates in simulated epoch ms). */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Times it was redriven, and when last. */
  redriveCount: number;
  redriveDate?: number;
  /** Where it stopped when it did not succeed: a redrive starts there. */
  failedState?: FailedState;
}

const V = 'ValidationException';
// Executions that closed more than 14 days ago cannot be redriven (API reference, RedriveExecution).
const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;
// Redrivable statuses, from the same page: FAILED, ABORTED or TIMED_OUT.
const REDRIVABLE: ReadonlySet<ExecutionStatus> = new Set(['FAILED', 'ABORTED', 'TIMED_OUT']);
// A closed execution's name may be reused after 90 days (API reference, StartExecution).
const NAME_REUSE_MS = 90 * 24 * 3600 * 1000;
const MAX_PAYLOAD = 256 * 1024;
const TASK_ERRORS = ['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken', 'InvalidOutput'];

const startExecution = z.object({
  stateMachineArn: z.string().min(1),
  name: z.string().optional(),
  input: z.string().optional(),
  traceHeader: z.string().optional(),
});
const executionRef = z.object({ executionArn: z.string().min(1) });
const stopExecution = executionRef.extend({
  error: z.string().max(256).optional(),
  cause: z.string().max(32768).optional(),
});
const listExecutions = z.object({
  stateMachineArn: z.string().min(1),
  statusFilter: z
    .enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'])
    .optional(),
  maxResults: z.number().int().min(0).max(1000).optional(),
  nextToken: z.string().optional(),
});
const taskToken = z.string().min(1).max(2048);

/**
 * Step Functions (awsJson1_0, `AWSStepFunctions`): keeps execution records and hands the running
 * of each execution to an injected engine.
 */
export class StepFunctions {
  private readonly machines = new Map<string, string>();
  private readonly executions = new Map<string, ExecutionRecord & { controller: AbortController }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly runExecution: RunExecution | undefined,
    private readonly onTaskToken: TaskTokenHook | undefined,
  ) {}

  /** Makes a state machine known; its name defaults to the last part of the arn. */
  register(arn: string, name = arn.split(':').pop() ?? arn): void {
    if (!/^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+$/.test(arn)) {
      throw new Error(`not a state machine arn: ${arn}`);
    }
    this.machines.set(arn, name);
  }

  /** Copies of every execution record, newest first. */
  records(): ExecutionRecord[] {
    return this.sorted([...this.executions.values()]).map(
      ({ controller: _, failedState: __, ...record }) => record,
    );
  }

  /** Whether an execution handed to the engine has not finished yet. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves when no execution is running any more. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  service(): JsonRpcService {
    return {
      name: 'states',
      version: '1.0',
      targetPrefix: 'AWSStepFunctions',
      operations: {
        StartExecution: (input) => this.start(validate(startExecution, input, V)),
        DescribeExecution: (input) => this.describe(this.find(validate(executionRef, input, V).executionArn)),
        ListExecutions: (input) => this.list(validate(listExecutions, input, V)),
        StopExecution: (input) => this.stop(validate(stopExecution, input, V)),
        RedriveExecution: (input) =>
          this.redrive(validate(executionRef.extend({ clientToken: z.string().optional() }), input, V)),
        SendTaskSuccess: (input) => {
          const body = validate(z.object({ taskToken, output: z.string() }), input, V);
          return this.task({ kind: 'success', taskToken: body.taskToken, output: body.output });
        },
        SendTaskFailure: (input) => {
          const body = validate(
            z.object({ taskToken, error: z.string().optional(), cause: z.string().optional() }),
            input,
            V,
          );
          return this.task({ kind: 'failure', ...body });
        },
        SendTaskHeartbeat: (input) =>
          this.task({ kind: 'heartbeat', ...validate(z.object({ taskToken }), input, V) }),
      },
    };
  }

  private start(body: z.infer<typeof startExecution>): JsonObject {
    const machineName = this.machine(body.stateMachineArn);
    const name = body.name ?? this.ctx.rng.uuid();
    if (!validName(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = body.input ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new ApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON.');
    }
    if (Buffer.byteLength(input) > MAX_PAYLOAD)
      throw new ApiError('InvalidExecutionInput', 'The input is larger than 256 KiB.');
    const now = this.ctx.clock.now();
    const arnParts = body.stateMachineArn.split(':');
    const executionArn = [...arnParts.slice(0, 5), 'execution', machineName, name].join(':');
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Idempotent by name: the same input while running returns the running execution.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate / 1000 };
      }
      if (existing.status === 'RUNNING' || now - (existing.stopDate ?? now) < NAME_REUSE_MS) {
        throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
    }
    const record = {
      executionArn,
      stateMachineArn: body.stateMachineArn,
      name,
      status: 'RUNNING' as ExecutionStatus,
      startDate: now,
      input,
      redriveCount: 0,
      controller: new AbortController(),
    };
    this.executions.set(executionArn, record);
    if (this.runExecution) this.launch(record, parsed, this.runExecution);
    return { executionArn, startDate: now / 1000 };
  }

  private launch(
    record: ExecutionRecord & { controller: AbortController },
    input: unknown,
    run: RunExecution,
    redrive?: ExecutionRequest['redrive'],
  ): void {
    const { stateMachineArn, executionArn, name, startDate } = record;
    const finish = (status: ExecutionStatus, fields: Partial<ExecutionRecord>) => {
      if (record.status !== 'RUNNING') return;
      Object.assign(record, { status, stopDate: this.ctx.clock.now(), ...fields });
    };
    const signal = record.controller.signal;
    const promise = Promise.resolve()
      .then(() => run({ stateMachineArn, executionArn, name, input, signal, startDate, redrive }))
      .then(
        (output) => finish('SUCCEEDED', { output: JSON.stringify(output ?? null) }),
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          // Also when stopped (ABORTED): a redrive restarts the state that was running.
          record.failedState = (failure as { failedState?: FailedState }).failedState;
          finish('FAILED', { error: failure.name.slice(0, 256), cause: failure.message.slice(0, 32768) });
        },
      )
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /**
   * RedriveExecution: a FAILED, ABORTED or TIMED_OUT execution that closed in the last 14 days
   * runs again from the state it failed in, with that state's input, under the same ARN; the
   * successful steps are not run again, and `$$.Execution.RedriveCount` counts the redrives
   * (API reference, RedriveExecution; developer guide, "Context object").
   */
  private redrive(body: { executionArn: string }): JsonObject {
    const record = this.find(body.executionArn);
    const reason = this.notRedrivable(record);
    if (reason) throw new ApiError('ExecutionNotRedrivable', reason);
    if (!this.runExecution || !record.failedState) {
      throw new ApiError('ExecutionNotRedrivable', 'Execution has no recorded state to redrive from.');
    }
    const now = this.ctx.clock.now();
    const from = record.failedState;
    Object.assign(record, {
      status: 'RUNNING',
      stopDate: undefined,
      error: undefined,
      cause: undefined,
      output: undefined,
      failedState: undefined,
      redriveCount: record.redriveCount + 1,
      redriveDate: now,
      controller: new AbortController(),
    });
    this.launch(record, JSON.parse(record.input), this.runExecution, {
      state: from.name,
      input: from.input,
      count: record.redriveCount,
    });
    return { redriveDate: now / 1000 };
  }

  /** Why an execution cannot be redriven now, in the words of DescribeExecution's `redriveStatusReason`. */
  private notRedrivable(record: ExecutionRecord): string | undefined {
    if (!REDRIVABLE.has(record.status)) return `Execution is ${record.status} and cannot be redriven.`;
    if (this.ctx.clock.now() - (record.stopDate ?? 0) > REDRIVE_WINDOW_MS)
      return 'Execution redrivable period exceeded.';
    return undefined;
  }

  private describe(record: ExecutionRecord): JsonObject {
    const reason = this.notRedrivable(record);
    return {
      ...summary(record),
      redriveCount: record.redriveCount,
      redriveDate: record.redriveDate === undefined ? undefined : record.redriveDate / 1000,
      redriveStatus: reason ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
      redriveStatusReason: reason,
      input: record.input,
      inputDetails: { included: true },
      output: record.output,
      outputDetails: record.output === undefined ? undefined : { included: true },
      error: record.error,
      cause: record.cause,
    };
  }

  private list(body: z.infer<typeof listExecutions>): JsonObject {
    this.machine(body.stateMachineArn);
    const all = this.sorted([...this.executions.values()]).filter(
      (r) =>
        r.stateMachineArn === body.stateMachineArn && (!body.statusFilter || r.status === body.statusFilter),
    );
    const { items, next } = page(
      all,
      body.maxResults || 100,
      body.nextToken,
      () => new ApiError('InvalidToken', 'Invalid pagination token.'),
    );
    return { executions: items.map(summary), nextToken: next };
  }

  private stop(body: z.infer<typeof stopExecution>): JsonObject {
    const record = this.find(body.executionArn);
    if (record.status === 'RUNNING') {
      Object.assign(record, {
        status: 'ABORTED',
        stopDate: this.ctx.clock.now(),
        error: body.error,
        cause: body.cause,
      });
      record.controller.abort(new Error('execution stopped'));
    }
    return { stopDate: (record.stopDate ?? this.ctx.clock.now()) / 1000 };
  }

  private async task(request: TaskTokenRequest): Promise<JsonObject> {
    if (!this.onTaskToken) throw new ApiError('TaskDoesNotExist', 'Task does not exist.');
    try {
      await this.onTaskToken(request);
    } catch (error) {
      if (error instanceof Error && TASK_ERRORS.includes(error.name))
        throw new ApiError(error.name, error.message);
      throw error;
    }
    return {};
  }

  private machine(arn: string): string {
    if (!arn.startsWith('arn:')) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const name = this.machines.get(arn);
    if (name === undefined)
      throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return name;
  }

  private find(arn: string): ExecutionRecord & { controller: AbortController } {
    if (!arn.startsWith('arn:')) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = this.executions.get(arn);
    if (!record) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  private sorted<T extends ExecutionRecord>(records: T[]): T[] {
    return records
      .map((r, i) => ({ r, i }))
      .sort((a, b) => b.r.startDate - a.r.startDate || b.i - a.i)
      .map(({ r }) => r);
  }
}

/** What DescribeExecution and ListExecutions both say of an execution. */
function summary(record: ExecutionRecord): JsonObject {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: record.startDate / 1000,
    stopDate: record.stopDate === undefined ? undefined : record.stopDate / 1000,
  };
}

/**
 * Execution names: 1-80 characters, no white space, brackets, wildcards, the special characters
 * " # % \ ^ | ~ ` $ & , ; : / or control characters (API reference, StartExecution `name`).
 */
function validName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (
      code <= 0x1f ||
      (code >= 0x7f && code <= 0x9f) ||
      /\s/.test(ch) ||
      '<>{}[]?*"#%\\^|~`$&,;:/'.includes(ch)
    ) {
      return false;
    }
  }
  return true;
}
