import { setTimeout as realDelay } from 'node:timers/promises';

/**
 * Waits until `check` holds, looking every 5 real milliseconds (the sandbox's clock does not
 * scale node:timers/promises), and fails naming `what` after `realMillis`.
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  realMillis = 15_000,
): Promise<void> {
  const deadline = performance.now() + realMillis;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await realDelay(5);
  }
}
