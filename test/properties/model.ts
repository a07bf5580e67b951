/**
 * The rule of issue 12, as a pure function: what one employee's HR events must come to.
 *
 * For one employee, events are ordered by `occurredAt` (else by arrival); the newest decides the
 * intent: "Employee Joined" or "Employee Rehired" => active, "Employee Left" => left. Leavers newer
 * than the last joined/rehired merge into one removal at the earliest effective time: an immediate
 * leaver at its arrival, a dated one at the end of its `lastWorkingDay` (UTC), never before it
 * arrived. The WorkSpace is removed one grace period after that cut.
 *
 * "Employee Changed" (the mover, issue 14) changes neither the intent nor the joinings: it moves
 * an active person's WorkSpace to another profile. When the newest event of a person who never
 * left is a change, their WorkSpace ends on that change's profile.
 */

export type HrKind = 'joined' | 'left' | 'rehired' | 'changed';

/** One HR event as it reached the bus (a resent event appears once per arrival, same `eventId`). */
export interface Arrival {
  eventId: string;
  /** Index of the employee in the sequence (0, 1, 2). */
  employee: number;
  kind: HrKind;
  /** Simulated epoch ms; absent when the event carried no `occurredAt`. */
  occurredAt?: number;
  /** Simulated epoch ms at which it was put on the bus. */
  arrivedAt: number;
  /** `YYYY-MM-DD`, for a leaver. */
  lastWorkingDay?: string;
  immediate?: boolean;
  /** "Employee Changed": the profile its department maps to. */
  profile?: string;
}

/** What the end state of one employee must be. */
export interface Expectation {
  employee: number;
  /** `none`: only changes, no joiner: nothing to have, nothing to remove. */
  intent: 'active' | 'left' | 'none';
  /** The event that decides the intent (the newest). */
  decidedBy: string;
  /** Left only: when access must be cut (simulated epoch ms). */
  cutAt?: number;
  /** Left only: when the WorkSpace must be removed: `cutAt` plus the grace period. */
  removeAt?: number;
  /**
   * How many joinings the sequence holds: each time the intent turns active from nothing or from
   * left, in `occurredAt` order. A duplicate or a corrected "joined" is not a new joining; a leave
   * followed by a rehire is. The manager may get at most this many initial-password emails.
   */
  joinings: number;
  /**
   * Active, never left, and the newest event is a change that arrived after the event that made
   * them active: the profile the WorkSpace must end on. (A change that meets a pending removal
   * leaves the WorkSpace alone, and one waiting more than 3 hours for a joiner gives up, by
   * design; neither is modelled.)
   */
  profile?: string;
}

const dayMs = 24 * 3600 * 1000;

/** When a leaver takes effect: at once if immediate, else the end of its last working day (UTC). */
export function effectiveAt(leaver: Arrival): number {
  if (leaver.immediate || !leaver.lastWorkingDay) return leaver.arrivedAt;
  const endOfDay = Date.parse(`${leaver.lastWorkingDay.slice(0, 10)}T00:00:00Z`) + dayMs;
  return Math.max(leaver.arrivedAt, endOfDay);
}

/** The events of one employee, each once (first arrival wins), oldest first. */
export function logicalOrder(arrivals: readonly Arrival[]): Arrival[] {
  const seen = new Map<string, Arrival>();
  for (const a of [...arrivals].sort((x, y) => x.arrivedAt - y.arrivedAt)) {
    if (!seen.has(a.eventId)) seen.set(a.eventId, a);
  }
  const key = (a: Arrival) => a.occurredAt ?? a.arrivedAt;
  // Array.prototype.sort is stable: equal keys keep their arrival order.
  return [...seen.values()].sort((x, y) => key(x) - key(y));
}

/** The expected end state of every employee that has at least one event. */
export function expectedEndStates(arrivals: readonly Arrival[], gracePeriodMs: number): Expectation[] {
  const employees = [...new Set(arrivals.map((a) => a.employee))].sort((a, b) => a - b);
  return employees.map((employee) => {
    const all = logicalOrder(arrivals.filter((a) => a.employee === employee));
    const events = all.filter((a) => a.kind !== 'changed');
    if (events.length === 0)
      return { employee, intent: 'none', decidedBy: all[all.length - 1].eventId, joinings: 0 };
    let joinings = 0;
    let active = false;
    for (const e of events) {
      const nowActive = e.kind !== 'left';
      if (nowActive && !active) joinings++;
      active = nowActive;
    }
    const newest = events[events.length - 1];
    const newestOfAll = all[all.length - 1];
    // A change that arrives before the joiner waits for its WorkSpace for 3 hours only: checked
    // when it arrives after the event that made the person active.
    const checkable =
      newestOfAll.kind === 'changed' &&
      !events.some((e) => e.kind === 'left') &&
      newestOfAll.arrivedAt >= newest.arrivedAt;
    const profile = checkable ? newestOfAll.profile : undefined;
    if (newest.kind !== 'left')
      return {
        employee,
        intent: 'active',
        decidedBy: newest.eventId,
        joinings,
        ...(profile ? { profile } : {}),
      };
    const lastJoin = events.findLastIndex((e) => e.kind !== 'left');
    const cutAt = Math.min(...events.slice(lastJoin + 1).map(effectiveAt));
    return {
      employee,
      intent: 'left',
      decidedBy: newest.eventId,
      cutAt,
      removeAt: cutAt + gracePeriodMs,
      joinings,
    };
  });
}
