import { intakeIssues, intakeRulesOf } from '../../../../functions/commons/intake-rules';

const profiles = { profiles: { standard: {}, power: {} } };
const joiner = { eventId: 'e', managerEmail: 'm@example.com' };

describe('intakeIssues', () => {
  it('KnownProfileAndManager_NoIssue', () => {
    const rules = intakeRulesOf(profiles, true, 'managed-ad');
    expect(intakeIssues('Employee Joined', { ...joiner, profile: 'power' }, rules)).toEqual([]);
  });

  it('UnknownProfile_NamedWithTheKnownOnes', () => {
    const rules = intakeRulesOf(profiles, false, 'managed-ad');
    expect(intakeIssues('Employee Rehired', { profile: 'gold' }, rules)).toEqual([
      'profile: no profile named "gold" (known: standard, power)',
    ]);
  });

  it.each([
    [true, 'managed-ad', 1],
    [false, 'managed-ad', 0],
    // No password is set where there is no user API.
    [true, 'existing', 0],
  ])('NoManager_initialPassword%p_%s_%i issues', (initialPassword, mode, count) => {
    const rules = intakeRulesOf(profiles, initialPassword, mode);
    expect(intakeIssues('Employee Joined', { eventId: 'e' }, rules)).toHaveLength(count);
  });

  it('Leaver_NeverNeedsAManager', () => {
    expect(
      intakeIssues('Employee Left', { eventId: 'e' }, intakeRulesOf(profiles, true, 'managed-ad')),
    ).toEqual([]);
  });
});
