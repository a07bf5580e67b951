import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type RosterPerson, rosterToCsv } from '../functions/commons/roster';
import type { Sandbox } from './sandbox';

/** An existing estate to seed: WorkSpaces made before this project, and HR's roster of it. */
export interface EstateSpec {
  /** Untagged WorkSpaces whose users are on the roster. */
  size: number;
  /** Of those, how many belong to people whose end date has passed (the roster says they left). */
  leavers?: number;
  /** People on the roster, started, with no WorkSpace. */
  missing?: number;
  /** Untagged WorkSpaces whose user is nobody on the roster. */
  unknown?: number;
}

export interface SeededEstate {
  roster: RosterPerson[];
  workspaceIds: string[];
  /** User names of the leavers, the missing and the unknown. */
  leavers: string[];
  missing: string[];
  unknown: string[];
  /** Where the roster went: the review bucket's key, and the file when one was written. */
  rosterKey: string;
  rosterFile?: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Seeds the sandbox with an existing estate: untagged AVAILABLE WorkSpaces of the default profile
 * and their enabled directory users, as an organisation has before adopting this project, and the
 * roster HR would give: everyone with a WorkSpace, the leavers with an end date of yesterday, and
 * the missing with a start date of today. The roster goes into the review's bucket (and a file).
 */
export function seedEstate(sandbox: Sandbox, spec: EstateSpec, rosterFile?: string): SeededEstate {
  const { profiles } = sandbox.config.automation;
  const profile = profiles.profiles[profiles.defaultProfile];
  const now = Date.now();
  const name = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}`;
  const person = (userName: string, i: number, extra: Partial<RosterPerson> = {}): RosterPerson => ({
    employeeId: `EST-${userName}`,
    userName,
    givenName: 'Estate',
    familyName: `Person ${i}`,
    email: `${userName}@example.com`,
    department: 'Operations',
    managerEmail: 'estate.manager@example.com',
    ...extra,
  });
  const seed = (userName: string, i: number) =>
    sandbox.emulator.seedWorkspace({
      directoryId: sandbox.directoryId,
      userName,
      bundleId: profile.bundleId,
      runningMode: profile.runningMode,
      computeType: profile.computeType,
      user: { givenName: 'Estate', surname: `Person ${i}`, emailAddress: `${userName}@example.com` },
    });
  const leaverCount = spec.leavers ?? 0;
  const roster: RosterPerson[] = [];
  const workspaceIds: string[] = [];
  const leavers: string[] = [];
  for (let i = 0; i < spec.size; i++) {
    const userName = name('est', i);
    workspaceIds.push(seed(userName, i));
    const left = i < leaverCount;
    if (left) leavers.push(userName);
    roster.push(person(userName, i, left ? { endDate: day(now - 86_400_000) } : {}));
  }
  const missing = Array.from({ length: spec.missing ?? 0 }, (_, i) => name('new', i));
  missing.forEach((userName, i) => {
    roster.push(person(userName, i, { startDate: day(now) }));
  });
  const unknown = Array.from({ length: spec.unknown ?? 0 }, (_, i) => name('old', i));
  unknown.forEach((userName, i) => {
    workspaceIds.push(seed(userName, i));
  });
  const csv = rosterToCsv(roster);
  const rosterKey = sandbox.settings.fleetReview.rosterKey;
  sandbox.emulator.s3.put(sandbox.reviewBucket, rosterKey, csv, 'text/csv');
  if (rosterFile) {
    mkdirSync(dirname(rosterFile), { recursive: true });
    writeFileSync(rosterFile, csv);
  }
  return { roster, workspaceIds, leavers, missing, unknown, rosterKey, rosterFile };
}
