import { z } from 'zod';
import {
  type Profile,
  profilesConfigSchema,
  readDirectoryMode,
  readJsonFileEnv,
  requireEnv,
} from './commons/config';
import { type EmployeeJoinedV1, employeeJoinedV1Schema, unwrapEvent } from './commons/contracts';
import { Env } from './commons/env';
import { ConfigurationError, InvalidInputError } from './commons/errors';
import { intakeIssues, intakeRulesOf, unknownProfile } from './commons/intake-rules';
import { logger } from './commons/logger';
import { parseInput, taskHandler } from './commons/task';

const profiles = readJsonFileEnv(Env.ProfilesFile, profilesConfigSchema);
const leadSeconds = Number(requireEnv(Env.ProvisioningLeadSeconds));
if (!Number.isInteger(leadSeconds) || leadSeconds < 0) {
  throw new ConfigurationError(`${Env.ProvisioningLeadSeconds} must be a whole number of seconds, 0 or more`);
}
const directoryMode = readDirectoryMode();
const initialPassword = process.env[Env.InitialPassword] === 'true';
const defaultVolumeKey = process.env[Env.DefaultVolumeKeyArn] || undefined;
const rules = intakeRulesOf(profiles, initialPassword, directoryMode);

/** The normalised joiner the rest of the flow works from. */
export interface Joiner {
  eventId: string;
  employee: Omit<EmployeeJoinedV1, 'eventId' | 'profile' | 'startDate'>;
  profileName: string;
  profile: Profile;
  startDate?: string;
  /** When provisioning should begin; present only when that is in the future. */
  provisionAt?: string;
  /** Whether this joiner gets a generated initial password mailed to the manager. */
  sendInitialPassword: boolean;
  /** HR's time of the event, when it gave one (else the arrival counts): the ordering key. */
  occurredAt: string | null;
  /** What adopting an existing WorkSpace changes (PlanAdoption replaces it when there is one). */
  adoption: { welcomed: boolean; reactivate: boolean; passwordPurpose: 'joining' | 'rehire' };
}

/** A profile that names no volume key gets the deployment's default one, if there is one. */
const withDefaultKey = (profile: Profile): Profile =>
  profile.volumeEncryptionKey || !defaultVolumeKey
    ? profile
    : { ...profile, volumeEncryptionKey: defaultVolumeKey };

/** Departments match whatever their case or surrounding spaces: HR systems are not consistent. */
const byDepartment = new Map(
  Object.entries(profiles.byDepartment).map(([department, profile]) => [
    department.trim().toLowerCase(),
    profile,
  ]),
);
const departmentProfile = (department: string) => byDepartment.get(department.trim().toLowerCase());

/** Picks the profile: explicit name first, then the department's, then the default. */
export function chooseProfile(joiner: Pick<EmployeeJoinedV1, 'profile' | 'department'>): string {
  const unknown = unknownProfile(joiner.profile, rules);
  if (unknown) throw new InvalidInputError(`Invalid input: ${unknown}`);
  return joiner.profile ?? departmentProfile(joiner.department) ?? profiles.defaultProfile;
}

/** Midnight UTC for a bare date, the instant itself for a date-time. */
function startInstant(startDate: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(startDate) ? `${startDate}T00:00:00Z` : startDate);
}

/** Validates and normalises a joiner. Pure: no AWS call. */
export function normaliseJoiner(event: unknown, now = Date.now()): Joiner {
  const input = parseInput(employeeJoinedV1Schema, unwrapEvent(event));
  const { eventId, profile: _explicit, startDate, occurredAt, ...employee } = input;
  const issues = intakeIssues('Employee Joined', input, rules);
  if (issues.length > 0) throw new InvalidInputError(`Invalid input: ${issues.join('; ')}`);
  const sendInitialPassword = rules.managerEmailRequired;
  const profileName = chooseProfile(input);
  const joiner: Joiner = {
    eventId,
    employee,
    profileName,
    profile: withDefaultKey(profiles.profiles[profileName]),
    sendInitialPassword,
    occurredAt: occurredAt ?? null,
    adoption: { welcomed: false, reactivate: false, passwordPurpose: 'joining' },
  };
  if (startDate !== undefined) {
    joiner.startDate = startDate;
    const provisionAt = startInstant(startDate) - leadSeconds * 1000;
    if (provisionAt > now) joiner.provisionAt = new Date(provisionAt).toISOString();
  }
  return joiner;
}

export const handler = taskHandler(z.unknown(), async (event) => {
  const joiner = normaliseJoiner(event);
  logger.info('Joiner accepted', {
    eventId: joiner.eventId,
    employeeId: joiner.employee.employeeId,
    profile: joiner.profileName,
    provisionAt: joiner.provisionAt,
  });
  return joiner;
});
