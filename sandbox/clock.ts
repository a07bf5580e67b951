/**
 * The sandbox's compressed clock. With `scale` 600, twenty simulated minutes pass in two real
 * seconds. Installed for the whole sandbox process, it stretches `Date` and shrinks
 * `setTimeout` / `setInterval`, so Wait states, ASL retry backoff, the SDK's own retry sleeps,
 * WorkSpaces provisioning and the emulator's rate limiter all run on the same simulated time
 * without any of them knowing.
 */
export class ScaledClock {
  private readonly realStart: number;
  private simStart: number;

  constructor(
    readonly scale: number,
    simStart: number = Date.now(),
    private readonly realNow: () => number = () => performance.now(),
  ) {
    if (!(scale > 0)) throw new Error(`time scale must be a positive number, not ${scale}`);
    this.realStart = realNow();
    this.simStart = simStart;
  }

  /** Simulated milliseconds since the epoch. */
  now(): number {
    return this.simStart + (this.realNow() - this.realStart) * this.scale;
  }

  /**
   * Moves simulated time forward by `simMs` at once (a month's end without a month's wait).
   * Timers already set keep their real delays: jump only when nothing is waiting.
   */
  jump(simMs: number): void {
    if (!(simMs >= 0)) throw new Error(`the clock only jumps forward, not by ${simMs}`);
    this.simStart += simMs;
  }

  /** Real milliseconds that `simMs` simulated milliseconds take. */
  toReal(simMs: number): number {
    return simMs / this.scale;
  }
}

/**
 * Wall-clock milliseconds, untouched by an installed clock: for what lives outside the
 * simulation, such as the HR system signing a webhook request and API Gateway receiving it.
 */
export function wallClockNow(): number {
  return Math.round(performance.timeOrigin + performance.now());
}

type TimerFn = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;

/**
 * Makes `clock` the process's clock: `Date.now()`, `new Date()` and timers run on simulated
 * time until the returned function is called.
 */
export function installClock(clock: ScaledClock): () => void {
  const g = globalThis as unknown as Record<string, unknown>;
  const RealDate = Date;
  const realSetTimeout = g.setTimeout as TimerFn;
  const realSetInterval = g.setInterval as TimerFn;

  class SimDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.now());
      else super(...(args as [string | number]));
    }
    static override now(): number {
      return Math.floor(clock.now());
    }
  }

  const scaled =
    (timer: TimerFn): TimerFn =>
    (handler, ms = 0, ...args) =>
      timer(handler, clock.toReal(Number(ms) || 0), ...args);

  g.Date = SimDate;
  g.setTimeout = scaled(realSetTimeout);
  g.setInterval = scaled(realSetInterval);
  return () => {
    g.Date = RealDate;
    g.setTimeout = realSetTimeout;
    g.setInterval = realSetInterval;
  };
}
