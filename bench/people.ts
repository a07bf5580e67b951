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
