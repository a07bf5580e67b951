/** An invented new hire for the benchmark. */
export interface BenchPerson {
  eventId: string;
  employeeId: string;
  userName: string;
  givenName: string;
  familyName: string;
  email: string;
  department: string;
  managerEmail: string;
}

/** The `i`-th (from 1) invented joiner of a cohort: `bench.u0001`, department Finance, no start date. */
export function benchPerson(i: number): BenchPerson {
  const id = String(i).padStart(4, '0');
  return {
    eventId: `bench-join-${id}`,
    employeeId: `B${id}`,
    userName: `bench.u${id}`,
    givenName: 'Bench',
    familyName: `User${id}`,
    email: `bench.u${id}@example.com`,
    department: 'Finance',
    managerEmail: 'bench.manager@example.com',
  };
}

/** A cohort of `size` invented joiners. */
export const benchCohort = (size: number): BenchPerson[] =>
  Array.from({ length: size }, (_, i) => benchPerson(i + 1));

/** The bench's leaver grace period: an hour, so a run ends (`gracePeriodDays` takes fractions). */
export const defaultGraceHours = 1;

/**
 * Share of leavers whose WorkSpace runs ALWAYS_ON (the example's `power` profile); the rest run
 * AUTO_STOP (`standard`). Most desktops are billed by the hour and stop when idle; the monthly
 * ALWAYS_ON ones are the full-time heavy users, for whom it is cheaper past about 80 hours a month.
 */
export const defaultAlwaysOnShare = 0.3;

/** An invented leaver: someone with a WorkSpace a joiner made long ago, and how it runs. */
export interface BenchLeaver {
  eventId: string;
  employeeId: string;
  userName: string;
  email: string;
  /** The WorkSpace's running mode: ALWAYS_ON ones must be switched to AUTO_STOP before a stop. */
  runningMode: 'AUTO_STOP' | 'ALWAYS_ON';
}

/**
 * The `i`-th (from 1) invented leaver of a cohort: `bench.l0001`, apart from the joiners' names.
 * Running modes are spread evenly: of every 100 leavers, `round(100 x alwaysOnShare)` are ALWAYS_ON.
 */
export function benchLeaver(i: number, alwaysOnShare: number): BenchLeaver {
  const id = String(i).padStart(4, '0');
  // Evenly spread, not drawn: the share is exact for every cohort size and the same in every run.
  const alwaysOn = Math.floor(i * alwaysOnShare) > Math.floor((i - 1) * alwaysOnShare);
  return {
    eventId: `bench-leave-${id}`,
    employeeId: `L${id}`,
    userName: `bench.l${id}`,
    email: `bench.l${id}@example.com`,
    runningMode: alwaysOn ? 'ALWAYS_ON' : 'AUTO_STOP',
  };
}

/** A cohort of `size` invented leavers. */
export const benchLeavers = (size: number, alwaysOnShare: number): BenchLeaver[] =>
  Array.from({ length: size }, (_, i) => benchLeaver(i + 1, alwaysOnShare));
