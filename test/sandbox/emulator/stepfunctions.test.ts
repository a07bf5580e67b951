import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  type Emulator,
  type ExecutionRequest,
  startEmulator,
  type TaskTokenRequest,
} from '../../../sandbox/emulator';
import { clientConfig, ManualClock, rejection } from './helpers';

const JOINER = 'arn:aws:states:us-east-1:123456789012:stateMachine:joiner';
const LEAVER = 'arn:aws:states:us-east-1:123456789012:stateMachine:leaver';

/** A run the test finishes by hand. */
interface PendingRun {
  request: ExecutionRequest;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

describe('Step Functions emulator', () => {
  const clock = new ManualClock();
  const runs = new Map<string, PendingRun>();
  const taskCalls: TaskTokenRequest[] = [];
  let emulator: Emulator;
  let client: SFNClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      runExecution: (request) =>
        new Promise((resolve, reject) => {
          runs.set(request.name, { request, resolve, reject });
          request.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      onTaskToken: (request) => {
        if (request.taskToken === 'stale')
          throw Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
        taskCalls.push(request);
      },
    });
    emulator.registerStateMachine(JOINER);
    emulator.registerStateMachine(LEAVER, 'leaver');
    client = new SFNClient(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  async function until(name: string): Promise<PendingRun> {
    for (let i = 0; i < 100 && !runs.has(name); i++) await new Promise((resolve) => setImmediate(resolve));
    const run = runs.get(name);
    if (!run) throw new Error(`execution ${name} was never handed to the engine`);
    return run;
  }
  const start = (name: string, input = '{"employeeId":"E-1"}', stateMachineArn = JOINER) =>
    client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
  const describe = (executionArn?: string) => client.send(new DescribeExecutionCommand({ executionArn }));

  test('an execution runs through the injected engine and SUCCEEDS with its output', async () => {
    const { executionArn, startDate } = await start('evt-success');
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:joiner:evt-success');
    expect(startDate?.getTime()).toBe(clock.now());
    const run = await until('evt-success');
    expect(run.request).toMatchObject({
      stateMachineArn: JOINER,
      executionArn,
      input: { employeeId: 'E-1' },
    });
    expect((await describe(executionArn)).status).toBe('RUNNING');
    clock.advance(30);
    run.resolve({ workspaceId: 'ws-abc123def' });
    await emulator.settled();
    const done = await describe(executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"workspaceId":"ws-abc123def"}' });
    expect(done.stopDate?.getTime()).toBe(clock.now());
  });

  test('a rejected run makes the execution FAILED with the error name and message', async () => {
    const { executionArn } = await start('evt-failure');
    (await until('evt-failure')).reject(
      Object.assign(new Error('No WorkSpace after 40 minutes'), { name: 'ProvisioningTimeoutError' }),
    );
    await emulator.settled();
    expect(await describe(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'ProvisioningTimeoutError',
      cause: 'No WorkSpace after 40 minutes',
    });
  });

  test('StopExecution aborts the run: ABORTED with the given error and cause', async () => {
    const { executionArn } = await start('evt-stop');
    const run = await until('evt-stop');
    await client.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'duplicate joiner' }),
    );
    expect(run.request.signal.aborted).toBe(true);
    await emulator.settled();
    expect(await describe(executionArn)).toMatchObject({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'duplicate joiner',
    });
  });

  test('StartExecution with the same name and input while RUNNING returns the same execution', async () => {
    const first = await start('evt-dup');
    const second = await start('evt-dup');
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate).toEqual(first.startDate);
    const other = await rejection(start('evt-dup', '{"employeeId":"E-2"}'));
    expect(other.name).toBe('ExecutionAlreadyExists');
    (await until('evt-dup')).resolve({});
    await emulator.settled();
  });

  test('a closed execution name is reusable only 90 days after it closed', async () => {
    const { executionArn } = await start('evt-reuse');
    (await until('evt-reuse')).resolve({});
    await emulator.settled();
    runs.delete('evt-reuse');
    expect((await rejection(start('evt-reuse'))).name).toBe('ExecutionAlreadyExists');
    clock.advance(89 * 24 * 3600);
    expect((await rejection(start('evt-reuse'))).name).toBe('ExecutionAlreadyExists');
    clock.advance(24 * 3600);
    const again = await start('evt-reuse');
    expect(again.executionArn).toBe(executionArn);
    expect((await describe(executionArn)).status).toBe('RUNNING');
    (await until('evt-reuse')).resolve({});
    await emulator.settled();
  });

  test('invalid names, unknown state machines, bad arns and bad input get their own errors', async () => {
    expect((await rejection(start('has space'))).name).toBe('InvalidName');
    expect((await rejection(start('x'.repeat(81)))).name).toBe('InvalidName');
    expect((await rejection(start('a/b'))).name).toBe('InvalidName');
    expect((await rejection(start('ok', '{}', `${JOINER}-missing`))).name).toBe('StateMachineDoesNotExist');
    expect((await rejection(start('ok', '{"x":'))).name).toBe('InvalidExecutionInput');
    expect((await rejection(describe('not-an-arn'))).name).toBe('InvalidArn');
    expect((await rejection(describe(`${JOINER.replace('stateMachine', 'execution')}:nope`))).name).toBe(
      'ExecutionDoesNotExist',
    );
  });

  test('ListExecutions filters by status and pages with nextToken, newest first', async () => {
    for (const name of ['l-1', 'l-2', 'l-3']) {
      clock.advance(1);
      await start(name, '{}', LEAVER);
    }
    (await until('l-2')).resolve({});
    // settled() would wait for l-1 and l-3 too: one turn of the event loop lets l-2 close.
    await new Promise((resolve) => setImmediate(resolve));
    const running = await client.send(
      new ListExecutionsCommand({ stateMachineArn: LEAVER, statusFilter: 'RUNNING' }),
    );
    expect(running.executions?.map((e) => e.name)).toEqual(['l-3', 'l-1']);
    const first = await client.send(new ListExecutionsCommand({ stateMachineArn: LEAVER, maxResults: 2 }));
    expect(first.executions?.map((e) => e.name)).toEqual(['l-3', 'l-2']);
    const rest = await client.send(
      new ListExecutionsCommand({ stateMachineArn: LEAVER, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(rest.executions?.map((e) => e.name)).toEqual(['l-1']);
    expect(rest.nextToken).toBeUndefined();
    for (const name of ['l-1', 'l-3']) (await until(name)).resolve({});
    await emulator.settled();
  });

  test('SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat reach the task token hook', async () => {
    await client.send(new SendTaskSuccessCommand({ taskToken: 't-1', output: '{"approved":true}' }));
    await client.send(
      new SendTaskFailureCommand({ taskToken: 't-2', error: 'Rejected', cause: 'manager said no' }),
    );
    await client.send(new SendTaskHeartbeatCommand({ taskToken: 't-3' }));
    expect(taskCalls).toEqual([
      { kind: 'success', taskToken: 't-1', output: '{"approved":true}' },
      { kind: 'failure', taskToken: 't-2', error: 'Rejected', cause: 'manager said no' },
      { kind: 'heartbeat', taskToken: 't-3' },
    ]);
    expect((await rejection(client.send(new SendTaskHeartbeatCommand({ taskToken: 'stale' })))).name).toBe(
      'TaskTimedOut',
    );
  });
});
