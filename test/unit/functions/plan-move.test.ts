import { planMove } from '../../../functions/plan-move';

const power = {
  bundleId: 'wsb-3t36q0xfc',
  runningMode: 'ALWAYS_ON' as const,
  computeType: 'POWER' as const,
  rootVolumeSizeGib: 175,
  userVolumeSizeGib: 100,
  operatingSystem: 'WINDOWS_SERVER_2022',
  tags: {},
};
const now = Date.parse('2030-01-10T00:00:00Z');
const ws = {
  workspaceId: 'ws-abcdef123',
  state: 'AVAILABLE',
  runningMode: 'AUTO_STOP',
  autoStopTimeoutMinutes: 60,
  computeType: 'STANDARD',
  rootVolumeSizeGib: 80,
  userVolumeSizeGib: 50,
  operatingSystem: 'WINDOWS_SERVER_2022',
};
const stateWith = (tags: Record<string, string>, extra: object = {}) => ({
  state: {
    eventId: 'evt-move-1',
    employee: { employeeId: 'E1001', userName: 'ada.lovelace' },
    orderedAt: '2030-01-09T00:00:00.000Z',
    target: { name: 'power', profile: power },
    allowMigration: false,
    lookCount: { value: 0 },
    found: { workspaces: [ws] },
    tags: [{ workspaceId: 'ws-abcdef123', found: true, tags: { 'employee-id': 'E1001', ...tags } }],
    ...extra,
  },
});

describe('planMove', () => {
  it('NewWorkspace_ComputeAndVolumesWaitForTheSixthHour', () => {
    const plan = planMove(stateWith({ 'lifecycle-created-at': '2030-01-09T22:00:00.000Z' }), now);
    expect(plan.steps.map((s) => [s.change, s.notBefore])).toEqual([['runningMode', undefined]]);
    expect(plan.hasDeferred).toBe(true);
    expect(plan.deferredSteps.map((s) => [s.change, s.notBefore])).toEqual([
      ['compute', '2030-01-10T04:00:00.000Z'],
      ['rootVolume', '2030-01-10T04:00:00.000Z'],
      ['userVolume', '2030-01-10T04:00:00.000Z'],
    ]);
  });
});

describe('planMove decisions', () => {
  it('Superseded_WhenANewerChangeTaggedTheWorkspace', () => {
    const plan = planMove(
      stateWith({
        'lifecycle-changed-at': '2030-01-09T12:00:00.000Z',
        'lifecycle-change-event-id': 'evt-move-2',
      }),
      now,
    );
    expect(plan.status).toBe('superseded');
  });
  it('RemovalPending_ChangesNothing', () => {
    expect(planMove(stateWith({ 'lifecycle-removal-event-id': 'evt-leave-1' }), now).status).toBe(
      'removalPending',
    );
  });
  it('AnotherEmployeesWorkspace_IsNotTheirs_WaitsForTheirs', () => {
    const plan = planMove(stateWith({ 'employee-id': 'E9999' }), now);
    expect(plan.status).toBe('waitForWorkspace');
  });
  it('ProfileTags_FollowButNeverEmployeeIdOrManagedBy', () => {
    const target = {
      name: 'power',
      profile: { ...power, tags: { 'employee-id': 'X', 'managed-by': 'Y', team: 'eng' } },
      department: 'R&D',
    };
    const plan = planMove(stateWith({}, { target }), now);
    expect(plan.profileTags).toEqual({ team: 'eng', 'workspace-profile': 'power', department: 'R-D' });
  });
  it('DowngradeLimit_CountsFromTheLastDowngrade_NotTheLastUpgrade', () => {
    const value = {
      ...power,
      computeType: 'VALUE' as const,
      runningMode: 'AUTO_STOP' as const,
      rootVolumeSizeGib: 80,
      userVolumeSizeGib: 50,
    };
    const plan = planMove(
      stateWith(
        { 'lifecycle-compute-up-at': '2030-01-09T23:00:00.000Z' },
        { target: { name: 'value', profile: value } },
      ),
      now,
    );
    expect(plan.steps.map((s) => s.change)).toContain('compute');
  });
});
