import { randomBytes } from 'node:crypto';
import type { TaskTokenRequest } from './emulator';

type Waiter = { executionArn: string; resolve: (output: unknown) => void; reject: (error: Error) => void };

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * The task tokens of `.waitForTaskToken` states running locally. A state's attempt gets a new
 * token and waits until SendTaskSuccess or SendTaskFailure answers it, as in Step Functions.
 */
export class TaskTokens {
  private readonly waiting = new Map<string, Waiter>();

  /** A token for one attempt of a state, and the answer it will get. */
  issue(executionArn: string): { token: string; answer: Promise<unknown> } {
    const token = randomBytes(96).toString('base64');
    const answer = new Promise<unknown>((resolve, reject) => {
      this.waiting.set(token, { executionArn, resolve, reject });
    });
    // A Map's other iterations are abandoned when one fails: nobody awaits their answers any
    // more, and forgetting them at the end of the execution must not be an unhandled rejection.
    answer.catch(() => undefined);
    return { token, answer };
  }

  /** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat, handed over by the emulator. */
  settle(request: TaskTokenRequest): void {
    const waiter = this.waiting.get(request.taskToken);
    // Step Functions answers a token whose state has moved on (or whose execution ended) so.
    if (!waiter) throw named('TaskTimedOut', 'Task Timed Out: the task is no longer waiting for this token');
    if (request.kind === 'heartbeat') return;
    let output: unknown;
    if (request.kind === 'success') {
      try {
        output = JSON.parse(request.output);
      } catch {
        throw named('InvalidOutput', 'Invalid State Machine Output: the output is not JSON');
      }
    }
    this.waiting.delete(request.taskToken);
    if (request.kind === 'success') waiter.resolve(output);
    else waiter.reject(named(request.error ?? 'States.TaskFailed', request.cause ?? ''));
  }

  /**
   * Forgets the tokens of an execution that ended: answering them later is TaskTimedOut. Each
   * waiting answer is rejected, so the engine's Task state stops waiting and clears its
   * TimeoutSeconds timer, which would otherwise hold the process open for hours of simulated
   * time after a stopped execution. The execution has ended: nothing runs on after the rejection.
   */
  forget(executionArn: string): void {
    for (const [token, waiter] of this.waiting) {
      if (waiter.executionArn !== executionArn) continue;
      this.waiting.delete(token);
      waiter.reject(named('ExecutionEnded', 'The execution ended while this task waited for its token'));
    }
  }
}
