import type { Clock, RateLimit } from './config';

/** A token bucket refilled on simulated time, so a compressed clock refills it faster too. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly limit: () => RateLimit,
  ) {
    this.tokens = limit().burst;
    this.last = clock.now();
  }

  /** Takes one token; false when the bucket is empty (the request is throttled). */
  take(): boolean {
    const { enabled, refillPerSecond, burst } = this.limit();
    const now = this.clock.now();
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * refillPerSecond);
    this.last = now;
    if (!enabled) return true;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
