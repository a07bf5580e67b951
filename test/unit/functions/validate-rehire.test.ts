import { handler, normaliseRehire } from '../../../functions/validate-rehire';
import { lambdaContext } from '../../../sandbox/state-machines';

const rehire = {
  eventId: 'evt-rehire-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  managerEmail: 'm@example.com',
};
const started = '2030-03-01T12:00:00.000Z';

describe('normaliseRehire', () => {
  it('Valid_IsNormalised', () => {
    expect(normaliseRehire(rehire, started)).toEqual({
      eventId: 'evt-rehire-1',
      employee: { employeeId: 'E1001', userName: 'ada.lovelace', managerEmail: 'm@example.com' },
      startedAt: started,
      orderedAt: started,
      dryRun: false,
      directoryMode: 'managed-ad',
      hasManagerEmail: true,
    });
  });

  it('NoManagerEmail_IsSaid', () => {
    const { managerEmail: _, ...without } = rehire;

    expect(normaliseRehire(without, started).hasManagerEmail).toBe(false);
  });

  it('EventBridgeEnvelope_IsUnwrapped', () => {
    expect(normaliseRehire({ 'detail-type': 'Employee Rehired', detail: rehire }, started).eventId).toBe(
      'evt-rehire-1',
    );
  });

  it('BadEmail_ThrowsInvalidInputError', () => {
    expect(() => normaliseRehire({ ...rehire, managerEmail: 'nope' }, started)).toThrow(
      expect.objectContaining({
        name: 'InvalidInputError',
        message: expect.stringContaining('managerEmail'),
      }),
    );
  });
});

describe('handler', () => {
  it('TakesTheEventAndTheExecutionStart', async () => {
    await expect(
      handler({ event: rehire, startedAt: started }, lambdaContext('ValidateRehire')),
    ).resolves.toMatchObject({ startedAt: started });
  });
});

describe('a rehire that can start a fresh joiner', () => {
  it('JoinerFieldsGiven_CarriesTheJoiner', () => {
    const full = {
      ...rehire,
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@example.com',
      department: 'Engineering',
    };

    expect(normaliseRehire(full, started).joiner).toEqual({
      eventId: 'evt-rehire-1',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@example.com',
      department: 'Engineering',
      managerEmail: 'm@example.com',
    });
  });

  it('JoinerFieldsMissing_CarriesNone', () => {
    expect(normaliseRehire({ ...rehire, givenName: 'Ada' }, started).joiner).toBeUndefined();
  });
});
