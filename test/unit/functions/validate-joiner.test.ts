import { InvalidInputError } from '../../../functions/commons/errors';
import { chooseProfile, handler, normaliseJoiner } from '../../../functions/validate-joiner';
import { lambdaContext } from '../../../sandbox/state-machines';
import { exampleJoiner } from '../../helpers/examples';

const joiner = exampleJoiner;
const now = Date.parse('2030-01-01T12:00:00Z');
const leadMillis = 2 * 86_400_000;

/** Loads validate-joiner afresh with some environment variables changed, as a cold start would. */
async function loadWith(
  env: Record<string, string>,
): Promise<typeof import('../../../functions/validate-joiner')> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let loaded: typeof import('../../../functions/validate-joiner') | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = await import('../../../functions/validate-joiner');
    });
    if (!loaded) throw new Error('module did not load');
    return loaded;
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

describe('normaliseJoiner', () => {
  it('ConsoleInput_IsNormalised', () => {
    expect(normaliseJoiner(joiner, now)).toEqual({
      eventId: 'evt-0001',
      adoption: { welcomed: false, reactivate: false, passwordPurpose: 'joining' },
      occurredAt: null,
      employee: {
        employeeId: 'E1001',
        userName: 'ada.lovelace',
        givenName: 'Ada',
        familyName: 'Lovelace',
        email: 'ada.lovelace@example.com',
        department: 'Engineering',
        managerEmail: 'grace.hopper@example.com',
      },
      profileName: 'power',
      profile: {
        bundleId: 'wsb-3t36q0xfc',
        runningMode: 'ALWAYS_ON',
        computeType: 'POWER',
        operatingSystem: 'WINDOWS_SERVER_2022',
        rootVolumeSizeGib: 175,
        userVolumeSizeGib: 100,
        volumeEncryptionKey: 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-4000-8000-000000000001',
        tags: {},
      },
      sendInitialPassword: true,
    });
  });

  it('EventBridgeEnvelope_IsUnwrapped', () => {
    const event = {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'Employee Joined',
      source: 'hr.system',
      account: '123456789012',
      time: '2030-01-01T12:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: joiner,
    };

    expect(normaliseJoiner(event, now)).toEqual(normaliseJoiner(joiner, now));
  });

  it('DetailWithoutDetailType_IsNotAnEnvelope', () => {
    expect(() => normaliseJoiner({ detail: joiner }, now)).toThrow(InvalidInputError);
  });

  it.each(['eventId', 'employeeId', 'userName', 'givenName', 'familyName', 'email', 'department'])(
    'Missing_%s_IsNamedInTheError',
    (field) => {
      // Prepare
      const input: Record<string, unknown> = { ...joiner };
      delete input[field];

      // Act
      const normalise = () => normaliseJoiner(input, now);

      // Assess
      expect(normalise).toThrow(InvalidInputError);
      expect(normalise).toThrow(new RegExp(`^Invalid input: ${field}: `));
    },
  );

  it('SeveralProblems_AreAllNamed', () => {
    expect(() => normaliseJoiner({ ...joiner, email: 'not-mail', givenName: '   ' }, now)).toThrow(
      /^Invalid input: (givenName: .+; email: |email: .+; givenName: )/,
    );
  });

  it.each([
    ['startsWithDot', '.ada'],
    ['endsWithDot', 'ada.'],
    ['tooLong', 'a'.repeat(21)],
    ['space', 'ada lovelace'],
    ['at', 'ada@corp'],
    ['backslash', 'CORP\\ada'],
    ['empty', ''],
  ])('BadUserName_%s_IsRejected', (_, userName) => {
    expect(() => normaliseJoiner({ ...joiner, userName }, now)).toThrow(/^Invalid input: userName: /);
  });

  it('UnknownField_IsRejected', () => {
    expect(() => normaliseJoiner({ ...joiner, salary: 100 }, now)).toThrow(InvalidInputError);
  });

  it('NotAnObject_IsRejectedAtTheRoot', () => {
    expect(() => normaliseJoiner('ada', now)).toThrow(/^Invalid input: \(root\): /);
  });

  it('ExplicitProfile_OverridesTheDepartment', () => {
    const result = normaliseJoiner({ ...joiner, profile: 'value' }, now);

    expect(result.profileName).toBe('value');
    expect(result.profile.bundleId).toBe('wsb-clj85qzj1');
    expect(result.employee).not.toHaveProperty('profile');
  });

  it('DepartmentWithAProfile_GetsIt', () => {
    expect(normaliseJoiner({ ...joiner, department: 'Call Centre' }, now).profileName).toBe('value');
  });

  it('DepartmentWithoutAProfile_GetsTheDefault', () => {
    const result = normaliseJoiner({ ...joiner, department: 'Finance' }, now);

    expect(result.profileName).toBe('standard');
    expect(result.profile.tags).toEqual({ 'cost-centre': 'it' });
  });

  it('UnknownExplicitProfile_IsRejectedListingTheKnownOnes', () => {
    expect(() => normaliseJoiner({ ...joiner, profile: 'gold' }, now)).toThrow(
      new InvalidInputError(
        'Invalid input: profile: no profile named "gold" (known: standard, power, value)',
      ),
    );
  });

  it('NoStartDate_ProvisionsNow', () => {
    const result = normaliseJoiner(joiner, now);

    expect(result).not.toHaveProperty('startDate');
    expect(result).not.toHaveProperty('provisionAt');
  });

  it('FutureDateOnly_ProvisionsTheLeadTimeBeforeMidnightUtc', () => {
    const result = normaliseJoiner({ ...joiner, startDate: '2030-01-10' }, now);

    expect(result.startDate).toBe('2030-01-10');
    expect(result.provisionAt).toBe('2030-01-08T00:00:00.000Z');
  });

  it('FutureDateTimeWithOffset_ProvisionsTheLeadTimeBeforeThatInstant', () => {
    const result = normaliseJoiner({ ...joiner, startDate: '2030-01-10T09:00:00+02:00' }, now);

    expect(result.provisionAt).toBe('2030-01-08T07:00:00.000Z');
  });

  it('StartWithinTheLeadTime_ProvisionsNowButKeepsTheStartDate', () => {
    const result = normaliseJoiner({ ...joiner, startDate: '2030-01-02' }, now);

    expect(result.startDate).toBe('2030-01-02');
    expect(result).not.toHaveProperty('provisionAt');
  });

  it('ProvisionTimeExactlyNow_ProvisionsNow', () => {
    const start = new Date(now + leadMillis).toISOString();

    expect(normaliseJoiner({ ...joiner, startDate: start }, now)).not.toHaveProperty('provisionAt');
    expect(normaliseJoiner({ ...joiner, startDate: start }, now - 1).provisionAt).toBe(
      new Date(now).toISOString(),
    );
  });

  it('PastStartDate_ProvisionsNow', () => {
    expect(normaliseJoiner({ ...joiner, startDate: '2029-06-01' }, now)).not.toHaveProperty('provisionAt');
  });

  it('InitialPasswordOnAndNoManagerEmail_IsRejected', () => {
    const { managerEmail: _, ...withoutManager } = joiner;

    expect(() => normaliseJoiner(withoutManager, now)).toThrow(
      new InvalidInputError(
        'Invalid input: managerEmail: required, because the initial password is mailed to the manager',
      ),
    );
  });

  it('InitialPasswordOff_ManagerEmailIsOptional', async () => {
    // Prepare
    const module = await loadWith({ INITIAL_PASSWORD: 'false' });
    const { managerEmail: _, ...withoutManager } = joiner;

    // Act
    const result = module.normaliseJoiner(withoutManager, now);

    // Assess
    expect(result.sendInitialPassword).toBe(false);
    expect(result.employee).not.toHaveProperty('managerEmail');
  });

  it('ExistingDirectory_NeverSendsAnInitialPassword', async () => {
    const module = await loadWith({ DIRECTORY_MODE: 'existing', INITIAL_PASSWORD: 'true' });

    expect(module.normaliseJoiner(joiner, now).sendInitialPassword).toBe(false);
  });

  it('OtherLeadTime_IsUsed', async () => {
    const module = await loadWith({ PROVISIONING_LEAD_SECONDS: '3600' });

    expect(module.normaliseJoiner({ ...joiner, startDate: '2030-01-10' }, now).provisionAt).toBe(
      '2030-01-09T23:00:00.000Z',
    );
  });
});

describe('chooseProfile', () => {
  it.each([
    [{ department: 'Engineering', profile: 'standard' }, 'standard'],
    [{ department: 'Engineering' }, 'power'],
    [{ department: 'Call Centre' }, 'value'],
    [{ department: 'Legal' }, 'standard'],
    // HR systems differ in case and spacing: matched all the same.
    [{ department: 'engineering' }, 'power'],
    [{ department: ' CALL CENTRE ' }, 'value'],
  ])('Joiner_%o_Gets_%s', (input, expected) => {
    expect(chooseProfile(input)).toBe(expected);
  });
});

describe('handler', () => {
  it('ValidJoiner_ReturnsTheNormalisedJoiner', async () => {
    const result = await handler({ ...joiner, startDate: '2020-01-01' }, lambdaContext('ValidateJoiner'));

    expect(result).toMatchObject({ eventId: 'evt-0001', profileName: 'power', startDate: '2020-01-01' });
    expect(result).not.toHaveProperty('provisionAt');
  });

  it('InvalidJoiner_ThrowsInvalidInputError', async () => {
    await expect(
      handler({ ...joiner, email: 'nope' }, lambdaContext('ValidateJoiner')),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringMatching(/^Invalid input: email: /),
    });
  });
});

describe('occurredAt', () => {
  it('Given_IsKeptApartFromTheEmployee', () => {
    const result = normaliseJoiner({ ...joiner, occurredAt: '2030-03-01T09:00:00Z' }, now);

    expect(result.occurredAt).toBe('2030-03-01T09:00:00Z');
    expect(result.employee).not.toHaveProperty('occurredAt');
  });
});
