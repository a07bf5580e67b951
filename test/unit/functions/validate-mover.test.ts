import { InvalidInputError } from '../../../functions/commons/errors';
import { normaliseMover } from '../../../functions/validate-mover';

const started = '2026-12-01T09:00:00.000Z';
const now = Date.parse(started);
const change = (fields: object) => ({
  eventId: 'evt-move-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  ...fields,
});

describe('normaliseMover', () => {
  it('Department_MapsToItsProfile_AnyCase', () => {
    expect(normaliseMover(change({ department: ' engineering ' }), started, now).target).toMatchObject({
      name: 'power',
      department: 'engineering',
    });
  });

  it('UnknownDepartment_GetsTheDefaultProfile', () => {
    expect(normaliseMover(change({ department: 'Finance' }), started, now).target?.name).toBe('standard');
  });

  it('ExplicitProfile_WinsOverTheDepartment', () => {
    expect(
      normaliseMover(change({ department: 'Engineering', profile: 'value' }), started, now).target?.name,
    ).toBe('value');
  });

  it('UnknownProfile_IsInvalidInput', () => {
    expect(() => normaliseMover(change({ profile: 'gold' }), started, now)).toThrow(InvalidInputError);
  });

  it('NoChangedAttribute_IsInvalidInput', () => {
    expect(() => normaliseMover(change({ effectiveDate: '2026-12-05' }), started, now)).toThrow(
      /at least one changed attribute/,
    );
  });

  it('NamesAndEmail_GoToTheDirectoryInput', () => {
    expect(normaliseMover(change({ familyName: 'King' }), started, now).directory).toEqual({
      eventId: 'evt-move-1',
      userName: 'ada.lovelace',
      familyName: 'King',
      dryRun: false,
    });
  });

  it('EffectiveDateLater_Waits_PastDate_AtOnce', () => {
    expect(
      normaliseMover(change({ department: 'Sales', effectiveDate: '2026-12-05' }), started, now).waitUntil,
    ).toBe('2026-12-05T00:00:00.000Z');
    expect(
      normaliseMover(change({ department: 'Sales', effectiveDate: '2026-11-05' }), started, now).waitUntil,
    ).toBeUndefined();
  });

  it('ContractEnd_SetClearedOrTooFar', () => {
    expect(normaliseMover(change({ contractEndDate: '2027-03-31' }), started, now).contractEnd).toEqual({
      set: '2027-03-31',
    });
    expect(normaliseMover(change({ contractEndDate: null }), started, now).contractEnd).toEqual({
      clear: true,
    });
    expect(
      normaliseMover(change({ contractEndDate: '2029-01-01' }), started, now).contractEnd?.refusal,
    ).toMatch(/one-year limit/);
  });

  it('OccurredAt_IsTheOrderingTime', () => {
    expect(
      normaliseMover(change({ department: 'Sales', occurredAt: '2026-11-30T10:00:00+01:00' }), started, now)
        .orderedAt,
    ).toBe('2026-11-30T09:00:00.000Z');
  });
});
