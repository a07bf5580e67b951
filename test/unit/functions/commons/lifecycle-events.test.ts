import { LifecycleDetailType, lifecycleDetail } from '../../../../functions/commons/lifecycle-events';

const arn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-0001';
const error = { Error: 'WorkspaceQuotaExceededError', Cause: '{"errorMessage":"quota"}' };

describe('lifecycleDetail', () => {
  it('RawInput_ReadsTopLevelFields', () => {
    const state = { eventId: 'evt-0001', employeeId: 'E1001', userName: 'ada', givenName: 'Ada', error };

    expect(lifecycleDetail(state, arn)).toStrictEqual({
      version: '1',
      eventId: 'evt-0001',
      employeeId: 'E1001',
      userName: 'ada',
      executionArn: arn,
      error: 'WorkspaceQuotaExceededError',
      cause: '{"errorMessage":"quota"}',
    });
  });

  it('EventBridgeEnvelope_ReadsTheDetail', () => {
    const state = {
      version: '0',
      'detail-type': 'Employee Joined',
      source: 'hr',
      detail: { eventId: 'evt-0002', employeeId: 'E1002', userName: 'grace' },
      error,
    };

    expect(lifecycleDetail(state)).toStrictEqual({
      version: '1',
      eventId: 'evt-0002',
      employeeId: 'E1002',
      userName: 'grace',
      error: 'WorkspaceQuotaExceededError',
      cause: '{"errorMessage":"quota"}',
    });
  });

  it('NormalisedState_ReadsEmployeeAndWorkspace', () => {
    const state = {
      eventId: 'evt-0003',
      employee: { employeeId: 'E1003', userName: 'alan', givenName: 'Alan' },
      profileName: 'standard',
      workspace: { workspaceId: 'ws-abcdef123', adopted: true, state: 'AVAILABLE' },
    };

    expect(lifecycleDetail(state, arn)).toStrictEqual({
      version: '1',
      eventId: 'evt-0003',
      employeeId: 'E1003',
      userName: 'alan',
      workspaceId: 'ws-abcdef123',
      adopted: true,
      executionArn: arn,
    });
  });

  it('EmployeeAndTopLevel_EmployeeWins', () => {
    const state = { userName: 'raw', employee: { userName: 'normalised' } };

    expect(lifecycleDetail(state).userName).toBe('normalised');
  });

  it('WrongTypes_AreDroppedNotFatal', () => {
    const state = {
      eventId: 42,
      employeeId: ['E1'],
      userName: 'ada',
      workspace: { workspaceId: 7, adopted: 'yes' },
      error: 'not an object',
    };

    expect(lifecycleDetail(state)).toStrictEqual({ version: '1', userName: 'ada' });
  });

  it.each([null, 'text', 42, undefined])('NoObjectState_%p_GivesOnlyTheVersion', (state) => {
    expect(lifecycleDetail(state, arn)).toStrictEqual({ version: '1', executionArn: arn });
  });

  it('DetailTypes_AreTheTenEventsPublished', () => {
    expect(Object.values(LifecycleDetailType)).toEqual([
      'WorkSpace Ready',
      'Onboarding Failed',
      'Access Revoked',
      'WorkSpace Removed',
      'Removal Cancelled',
      'Offboarding Failed',
      'Nothing To Remove',
      'Rehire Failed',
      'WorkSpace Changed',
      'Change Failed',
    ]);
  });

  it('WorkspaceChanged_CarriesWhatChangedAndWhatWaitsUntilWhen', () => {
    const deferred = [
      { change: 'compute type STANDARD -> POWER (larger)', until: '2026-12-02T06:00:00.000Z' },
    ];
    const mover = {
      eventId: 'evt-move-1',
      employee: { employeeId: 'E1001', userName: 'ada.lovelace' },
      plan: { workspaceId: 'ws-a00000001', changes: ['profile standard -> power'], deferred, notApplied: [] },
    };
    expect(lifecycleDetail(mover, arn)).toMatchObject({
      workspaceId: 'ws-a00000001',
      changes: ['profile standard -> power'],
      deferred,
    });
    // Published again once the deferred calls are made: nothing waits any more.
    expect(lifecycleDetail({ ...mover, appliedLater: [{}] }, arn).deferred).toBeUndefined();
  });
});
