/**
 * The provisioner's allowance of WorkSpaces calls for one round. The account's budget is about
 * 2 calls a second with bursts of 5, shared with everything else calling WorkSpaces, so the
 * provisioner paces itself below it rather than spending the burst and being throttled.
 */

/** The clock and the wait the budget paces with; injected so tests need neither fake timers nor mocks. */
export interface Pacing {
  /** Epoch milliseconds. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

// Globals looked up at each call, not captured: the sandbox swaps in its compressed clock
// after this module is loaded.
const realPacing: Pacing = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** Share of an interval's calls a round may use: the rest is left spare so a round ends before the next is due. */
export const budgetShare = 0.9;

/** The calls a round may make: `callsPerSecond` over the interval, less the spare tenth. */
export function roundAllowance(callsPerSecond: number, intervalMs: number): number {
  return Math.floor(callsPerSecond * (intervalMs / 1000) * budgetShare);
}

/** Calls spaced `1 / perSecond` apart, at most `allowance` of them, until WorkSpaces throttles. */
export class CallBudget {
  private nextAt = 0;
  private left: number;
  private usedCalls = 0;
  private wasThrottled = false;

  constructor(
    private readonly perSecond: number,
    allowance: number,
    private readonly pacing: Pacing = realPacing,
  ) {
    this.left = allowance;
  }

  /** Waits for the next call's turn; false when the round may make no more calls. */
  async take(): Promise<boolean> {
    if (this.left <= 0) return false;
    const wait = this.nextAt - this.pacing.now();
    if (wait > 0) await this.pacing.sleep(wait);
    this.nextAt = this.pacing.now() + 1000 / this.perSecond;
    this.left--;
    this.usedCalls++;
    return true;
  }

  /** WorkSpaces said no: no more calls this round. */
  stop(): void {
    this.left = 0;
    this.wasThrottled = true;
  }

  /** Calls still allowed this round. */
  get remaining(): number {
    return this.left;
  }

  /** Calls taken so far. */
  get used(): number {
    return this.usedCalls;
  }

  /** Whether the round ended because WorkSpaces throttled it. */
  get throttled(): boolean {
    return this.wasThrottled;
  }
}
