import fc from 'fast-check';
import type { LeftWhen, Plan, PlannedEvent } from './harness';

/** What a generator may produce; the defaults are the whole space of issues 12 and 14. */
export interface PlanSpace {
  kinds: readonly PlannedEvent['kind'][];
  whens: readonly LeftWhen[];
  maxEmployees: number;
  /** Longest gap between two arrivals, in simulated seconds (a day by default). */
  maxGapSeconds: number;
  /** Resent events (same eventId). */
  duplicates: boolean;
  /** Arrival order other than the `occurredAt` order. */
  permutations: boolean;
}

export const fullSpace: PlanSpace = {
  kinds: ['joined', 'left', 'rehired', 'changed'],
  whens: ['immediate', 'past', 'today', 'tomorrow'],
  maxEmployees: 3,
  maxGapSeconds: 24 * 3600,
  duplicates: true,
  permutations: true,
};

const maxArrivals = 6;

/** Seconds to hours between arrivals, and occasionally a day. */
function gap(maxSeconds: number): fc.Arbitrary<number> {
  const range = (min: number, max: number) =>
    fc.integer({ min: Math.min(min, maxSeconds), max: Math.min(max, maxSeconds) });
  return fc.oneof(
    { weight: 3, arbitrary: range(1, 59) },
    { weight: 4, arbitrary: range(60, 3599) },
    { weight: 2, arbitrary: range(3600, 6 * 3600) },
    { weight: 1, arbitrary: fc.constant(Math.min(24 * 3600, maxSeconds)) },
  );
}

/** Sequences of 1-6 HR events for 1-3 employees, with resends, reordering and spacing. */
export function planArbitrary(space: PlanSpace = fullSpace): fc.Arbitrary<Plan> {
  const event: fc.Arbitrary<PlannedEvent> = fc
    .record({
      employee: fc.nat({ max: space.maxEmployees - 1 }),
      kind: fc.constantFrom(...space.kinds),
      when: fc.constantFrom(...space.whens),
    })
    .map(({ employee, kind, when }) => (kind === 'left' ? { employee, kind, when } : { employee, kind }));
  return fc
    .record({
      events: fc.array(event, { minLength: 1, maxLength: maxArrivals }),
      resent: space.duplicates ? fc.array(fc.nat(), { maxLength: 2 }) : fc.constant([]),
      order: space.permutations
        ? fc.option(fc.array(fc.nat({ max: 99 }), { minLength: maxArrivals, maxLength: maxArrivals }), {
            freq: 2,
          })
        : fc.constant(null),
      gaps: fc.array(gap(space.maxGapSeconds), { minLength: maxArrivals, maxLength: maxArrivals }),
    })
    .map(({ events, resent, order, gaps }) => {
      // Each event once, in logical order, and resends right after their original...
      const indices = events.map((_, j) => j);
      for (const r of resent.slice(0, maxArrivals - events.length)) {
        const j = r % events.length;
        indices.splice(indices.lastIndexOf(j) + 1, 0, j);
      }
      // ...unless the arrival order is shuffled (sorted by random keys, ties keep their place).
      const arrivalOrder = order
        ? indices
            .map((j, k) => ({ j, key: order[k] }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.j)
        : indices;
      return { events, arrivals: arrivalOrder.map((j, k) => ({ event: j, gapSeconds: gaps[k] })) };
    });
}
