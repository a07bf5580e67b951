import fc from 'fast-check';
import type { Sandbox } from '../../sandbox/sandbox';
import { fullSpace, type PlanSpace, planArbitrary } from './arbitraries';
import { explain, type Invariant, invariants, runPlan, startPropertySandbox, warmUp } from './harness';

/**
 * Issue 12: every sequence of HR events for one person converges. Random sequences of 1-6 HR
 * events for 1-3 employees go through the sandbox's HR bus; the end state (and samples taken on
 * the way) must match the model in `model.ts`.
 *
 * `npm test` runs a small, fixed-seed sample (see `ciSpace`) with every invariant.
 * `npm run test:properties` runs the whole space, PROPERTY_RUNS times (200 by default), from
 * PROPERTY_SEED, at PROPERTY_TIME_SCALE (6000). A run takes as long as its simulated time, 1-25 s
 * real. Every counterexample found is kept as a named test in `regressions.test.ts`.
 * A failure prints the seed, the shrunk sequence, and expected against actual.
 */
const long = process.env.PROPERTY_PROFILE === 'long';

/** What `npm test` covers: every kind of event and every invariant, in a space CI's time can hold. */
const ciSpace: PlanSpace = {
  ...fullSpace,
  // Time, not correctness: a dated leaver for tomorrow keeps its flow waiting up to two
  // simulated days, and day-long gaps as much again, which the CI budget cannot hold.
  whens: ['immediate', 'past', 'today'],
  maxGapSeconds: 2 * 3600,
};

const runs = Number(process.env.PROPERTY_RUNS ?? (long ? 200 : 10));
const seed = Number(process.env.PROPERTY_SEED ?? 1212);
const timeScale = Number(process.env.PROPERTY_TIME_SCALE ?? (long ? 6000 : 5000));
const space = long ? fullSpace : ciSpace;
const checked: readonly Invariant[] = invariants;

describe('HR event sequences converge (issue 12)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startPropertySandbox(timeScale);
    await warmUp(sandbox);
  }, 60_000);
  afterAll(async () => {
    await sandbox.stop();
  });

  test(
    `EverySequenceConverges: ${runs} runs, seed ${seed}, ${long ? 'whole space' : 'CI sample'}`,
    async () => {
      let run = 0;
      const started = performance.now();
      await fc
        .assert(
          // And a tag index current, minutes or half an hour behind the tags (the emulator's
          // tagIndexLagSeconds): no invariant may depend on it being current.
          fc.asyncProperty(planArbitrary(space), fc.constantFrom(0, 120, 1800), async (plan, lag) => {
            run++;
            sandbox.emulator.setFaults({ tagIndexLagSeconds: lag });
            const report = await runPlan(sandbox, plan, run, checked);
            if (report.violations.length > 0)
              throw new Error(`\ntag index ${lag} s behind\n${explain(report)}`);
          }),
          { numRuns: runs, seed, verbose: 1 },
        )
        .catch((error: unknown) => {
          console.error(
            `Property failed with PROPERTY_SEED=${seed} (PROPERTY_RUNS=${runs}):\n${String(error)}`,
          );
          throw error;
        });
      console.log(
        `${runs} runs (plus shrinking) in ${Math.round((performance.now() - started) / 1000)} s real`,
      );
    },
    long ? runs * 120_000 : 240_000,
  );
});
