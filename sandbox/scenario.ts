import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type HrDetailType, hrEventTypes } from '../functions/commons/contracts';
import { describeIssues } from '../functions/commons/issues';
import { usageProfiles } from './emulator/usage';

/** A demo scenario file: HR events to send and the outcome each should reach. */
export const scenarioSchema = z
  .strictObject({
    description: z.string().default(''),
    timeScale: z.number().positive().default(600),
    seed: z.number().int().default(1),
    faults: z
      .strictObject({
        throttleRate: z.number().min(0).max(1).optional(),
        errorShare: z.number().min(0).max(1).optional(),
        errorUsers: z.array(z.string()).optional(),
        rebuildFailShare: z.number().min(0).max(1).optional(),
        emailFailure: z.number().min(0).max(1).optional(),
        emailPaused: z.number().min(0).max(1).optional(),
        /** Most WorkSpaces that may exist at once (the account's WorkSpaces quota). */
        quota: z.number().int().min(0).optional(),
      })
      .default({}),
    /** Leaver settings for the run: a demo wants a grace period of minutes, not days. */
    leaver: z
      .strictObject({ gracePeriodDays: z.number().min(0), warningLeadHours: z.number().min(0) })
      .partial()
      .optional(),
    /** Mover settings for the run (migration allowed, dry run). */
    mover: z.strictObject({ allowMigration: z.boolean(), dryRun: z.boolean() }).partial().optional(),
    /** Provisioner settings for the run (a deadline scenario wants a short one). */
    provisioner: z
      .strictObject({ deadlineSeconds: z.number().int().min(300), lateWatchHours: z.number().min(0) })
      .partial()
      .optional(),
    /**
     * An existing estate to seed before the events: untagged WorkSpaces and their users, and HR's
     * roster of them in the fleet review's bucket (see sandbox/estate.ts).
     */
    estate: z
      .strictObject({
        size: z.number().int().min(0).max(5000),
        leavers: z.number().int().min(0).default(0),
        missing: z.number().int().min(0).default(0),
        unknown: z.number().int().min(0).default(0),
        /**
         * How the estate's people use their WorkSpaces (the emulator's usage model), in order from
         * the first WorkSpace, with the running mode each is made with; the rest never connect.
         */
        usage: z
          .array(
            z.strictObject({
              usage: z.enum(usageProfiles),
              count: z.number().int().min(0),
              runningMode: z.enum(['AUTO_STOP', 'ALWAYS_ON']).default('AUTO_STOP'),
            }),
          )
          .default([]),
        /** Departments of the estate's people, in turn (the cost report groups by them). */
        departments: z.array(z.string().min(1)).optional(),
      })
      .optional(),
    /** Simulated time at the start (ISO 8601); default now. */
    clockStart: z.iso.datetime({ offset: true }).optional(),
    /**
     * The cost demo: after a first review at the start, the clock jumps to each review's time (a
     * month end without a month's wait); `reconnect` changes a person's usage from its time on.
     */
    cost: z
      .strictObject({
        reviews: z.array(z.iso.datetime({ offset: true })).min(1),
        reconnect: z
          .array(
            z.strictObject({
              userName: z.string().min(1),
              at: z.iso.datetime({ offset: true }),
              usage: z.enum(usageProfiles),
            }),
          )
          .default([]),
        /** What the last review should show; the run exits 1 otherwise. */
        expect: z
          .strictObject({
            toMonthly: z.number().int().min(0),
            toHourly: z.number().int().min(0),
            warned: z.number().int().min(0),
            removalsStarted: z.number().int().min(0),
            removalsCancelled: z.number().int().min(0),
          })
          .partial()
          .default({}),
      })
      .optional(),
    /** Fleet review settings for the run: a demo of adoption switches its actions on. */
    fleetReview: z
      .strictObject({
        actions: z
          .strictObject({ adopt: z.boolean(), removeOrphaned: z.boolean(), provisionMissing: z.boolean() })
          .partial()
          .optional(),
        caps: z
          .strictObject({
            adopt: z.number().int(),
            removeOrphaned: z.number().int(),
            provisionMissing: z.number().int(),
          })
          .partial()
          .optional(),
        maxOrphanedShare: z.number().min(0).max(1).optional(),
        dryRun: z.boolean().optional(),
        /** The cost part's settings (fleetReview.cost), any of them. */
        cost: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    /** HR events to put on the bus, each at a simulated time after the start. */
    events: z
      .array(
        z.strictObject({
          type: z.enum(Object.keys(hrEventTypes) as [HrDetailType, ...HrDetailType[]]),
          /** Simulated minutes after the start at which the event is sent. */
          afterMinutes: z.number().min(0).default(0),
          /** SUCCEEDED or FAILED: how its flow ends; REJECTED: the dispatcher refuses it (dead letter). */
          expect: z.enum(['SUCCEEDED', 'FAILED', 'REJECTED']),
          note: z.string().optional(),
          detail: z.looseObject({ eventId: z.string().min(1), userName: z.string().optional() }),
        }),
      )
      .default([]),
  })
  .refine((s) => s.events.length > 0 || s.estate !== undefined, {
    path: ['events'],
    message: 'a scenario needs at least one event, or an estate',
  });
export type Scenario = z.output<typeof scenarioSchema>;

/** Thrown for a scenario file that is missing or malformed; its message is one line for a person. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Reads and validates a scenario file. */
export function readScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ScenarioError(`Cannot read scenario ${file}: ${reason}`);
  }
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    throw new ScenarioError(`Invalid scenario ${file}: ${describeIssues(result.error).join('; ')}`);
  }
  return result.data;
}
