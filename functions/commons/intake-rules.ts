import { profilesConfigSchema, readDirectoryMode, readJsonFileEnv } from './config';
import type { HrDetailType } from './contracts';
import { Env } from './env';

/** What the deployment knows that the event contract cannot: the rules a valid event must also meet. */
export interface IntakeRules {
  profileNames: readonly string[];
  /** Initial passwords are on (`managed-ad`): a joiner needs a manager to receive one. */
  managerEmailRequired: boolean;
}

/** The rules of this deployment, from the same configuration the joiner reads (at cold start). */
export function readIntakeRules(env: NodeJS.ProcessEnv = process.env): IntakeRules {
  const profiles = readJsonFileEnv(Env.ProfilesFile, profilesConfigSchema, env);
  return intakeRulesOf(profiles, env[Env.InitialPassword] === 'true', readDirectoryMode(env));
}

export function intakeRulesOf(
  profiles: { profiles: Record<string, unknown> },
  initialPassword: boolean,
  directoryMode: string,
): IntakeRules {
  return {
    profileNames: Object.keys(profiles.profiles),
    managerEmailRequired: initialPassword && directoryMode === 'managed-ad',
  };
}

/**
 * The configuration-dependent reasons an event that fits its contract would still be refused by
 * its flow, each as `field: reason`. The webhook and `npm run event` answer them at once (400),
 * the dispatcher dead-letters them, and the joiner fails with them: one rule, every door.
 */
export function intakeIssues(detailType: HrDetailType, detail: object, rules: IntakeRules): string[] {
  const issues: string[] = [];
  const profile = 'profile' in detail && typeof detail.profile === 'string' ? detail.profile : undefined;
  const unknown = unknownProfile(profile, rules);
  if (unknown) issues.push(unknown);
  const hasManager = 'managerEmail' in detail && detail.managerEmail !== undefined;
  if (detailType === 'Employee Joined' && rules.managerEmailRequired && !hasManager)
    issues.push('managerEmail: required, because the initial password is mailed to the manager');
  return issues;
}

/** `profile: ...` when an explicit profile is not one the deployment has. */
export function unknownProfile(profile: string | undefined, rules: IntakeRules): string | undefined {
  if (profile === undefined || rules.profileNames.includes(profile)) return undefined;
  return `profile: no profile named "${profile}" (known: ${rules.profileNames.join(', ')})`;
}
