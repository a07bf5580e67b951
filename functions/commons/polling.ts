import { z } from 'zod';
import type { PollSchedule } from './config';

/** Where a WorkSpace's polling stands; carried through the execution state. */
export const pollStateSchema = z.object({
  /** Looks made so far. */
  attempt: z.number().int().min(0),
  /** Seconds of waiting already spent (the sum of the waits before each look). */
  elapsedSeconds: z.number().min(0),
  /** Seconds the next Wait state waits before the next look. */
  waitSeconds: z.number().min(0),
});
export type PollState = z.output<typeof pollStateSchema>;

function jittered(seconds: number, jitter: number, random: () => number): number {
  const spread = seconds * jitter;
  return Math.max(1, Math.round(seconds - spread + random() * 2 * spread));
}

/** The plan for a WorkSpace that may already be running (adopted) or is being recovered. */
export function recheckPoll(
  schedule: PollSchedule,
  previous?: PollState,
  random: () => number = Math.random,
): PollState {
  return {
    attempt: previous?.attempt ?? 0,
    elapsedSeconds: previous?.elapsedSeconds ?? 0,
    waitSeconds: jittered(schedule.recheckSeconds, schedule.jitter, random),
  };
}

/**
 * The plan after a look that found the WorkSpace still provisioning. The last wait is cut so
 * the final look falls on the deadline rather than past it.
 */
export function nextPoll(
  schedule: PollSchedule,
  previous: PollState,
  random: () => number = Math.random,
): PollState & { deadlinePassed: boolean } {
  const elapsedSeconds = previous.elapsedSeconds + previous.waitSeconds;
  const remaining = schedule.deadlineSeconds - elapsedSeconds;
  const step = jittered(schedule.stepSeconds, schedule.jitter, random);
  return {
    attempt: previous.attempt + 1,
    elapsedSeconds,
    waitSeconds: Math.max(1, Math.min(step, remaining)),
    deadlinePassed: remaining <= 0,
  };
}
