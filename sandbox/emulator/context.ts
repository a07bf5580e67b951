import type { Clock, Faults } from './config';
import type { Directories } from './directory';
import type { ApiMetrics } from './protocol';
import type { Random } from './random';

/** What every emulated service shares: time, randomness, the current faults, counters, identity. */
export interface EmulatorContext {
  clock: Clock;
  rng: Random;
  /** Read on each request, so `setFaults` takes effect at once. */
  faults(): Faults;
  metrics: ApiMetrics;
  directories: Directories;
  region: string;
  accountId: string;
}
