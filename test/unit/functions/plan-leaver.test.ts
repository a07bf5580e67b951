import { handler, planLeaver } from '../../../functions/plan-leaver';
import { lambdaContext } from '../../../sandbox/state-machines';

const base = {
  eventId: 'evt-leave-1',
  employeeId: 'E1001',
  orderedAt: '2030-03-01T12:00:00.000Z',
  removeAt: '2030-03-08T12:00:00.000Z',
  truncated: false,
};
const ws = (workspaceId: string, state: string, runningMode = 'AUTO_STOP') => ({
  workspaceId,
  state,
  runningMode,
});
const tags = (workspaceId: string, t: Record<string, string>, found = true) => ({
  workspaceId,
  found,
  tags: t,
});

describe('planLeaver', () => {
  it('OwnWorkspace_IsPlannedForStop', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'AVAILABLE')],
      tags: [tags('ws-a00000001', { 'employee-id': 'E1001' })],
    });

    expect(plan).toEqual({
      cancel: false,
      cancelReasons: [],
      workspaces: [
        {
          workspaceId: 'ws-a00000001',
          state: 'AVAILABLE',
          runningMode: 'AUTO_STOP',
          setAutoStop: false,
          stop: true,
          awaitStop: false,
          protected: false,
          tagForRemoval: true,
        },
      ],
      workspaceIds: ['ws-a00000001'],
      skipped: [],
      keepUser: false,
      // Stopping is confirmed by looking again.
      awaitStop: true,
      stopBy: expect.any(String),
      nothingToRemove: false,
    });
  });

  it.each([
    ['AVAILABLE', 'ALWAYS_ON', true, true],
    ['UNHEALTHY', 'ALWAYS_ON', true, true],
    ['ERROR', 'ALWAYS_ON', false, false],
    ['ERROR', 'AUTO_STOP', false, true],
    ['STOPPED', 'AUTO_STOP', false, false],
    ['PENDING', 'AUTO_STOP', false, false],
    ['AVAILABLE', 'MANUAL', false, true],
  ])('%s_%s_SetAutoStop%p_Stop%p', (state, mode, setAutoStop, stop) => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', state, mode)],
      tags: [tags('ws-a00000001', { 'employee-id': 'E1001' })],
    });

    expect(plan.workspaces[0]).toMatchObject({ setAutoStop, stop });
    if (!stop) expect(plan.workspaces[0].stopNote).toContain(state);
  });

  it('OthersAndUntagged_AreSkippedWithReasonAndKeepTheUser', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-b00000001', 'AVAILABLE'), ws('ws-c00000001', 'AVAILABLE')],
      tags: [tags('ws-b00000001', { 'employee-id': 'E2002' }), tags('ws-c00000001', {})],
    });

    expect(plan.workspaceIds).toEqual([]);
    expect(plan.skipped).toEqual([
      { workspaceId: 'ws-b00000001', reason: 'employee-id is E2002, not E1001' },
      { workspaceId: 'ws-c00000001', reason: "no employee-id tag: not known to be this employee's" },
    ]);
    expect(plan).toMatchObject({ keepUser: true, keepUserReason: expect.stringContaining('ws-b00000001') });
  });

  it('GoneOrTerminating_AreSkippedWithoutKeepingTheUser', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'TERMINATING'), ws('ws-a00000002', 'AVAILABLE')],
      tags: [tags('ws-a00000001', { 'employee-id': 'E1001' }), tags('ws-a00000002', {}, false)],
    });

    expect(plan.skipped).toEqual([
      { workspaceId: 'ws-a00000001', reason: 'already TERMINATING' },
      { workspaceId: 'ws-a00000002', reason: 'already gone' },
    ]);
    expect(plan.keepUser).toBe(false);
  });

  it('RehiredAfterThisEvent_Cancels', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'AVAILABLE')],
      tags: [
        tags('ws-a00000001', {
          'employee-id': 'E1001',
          'lifecycle-rehired-at': '2030-03-02T00:00:00.000Z',
          'lifecycle-rehire-event-id': 'evt-stay',
        }),
      ],
    });

    expect(plan.cancel).toBe(true);
    expect(plan.cancelReasons[0]).toContain('evt-stay');
  });

  it('RehiredBeforeThisEvent_DoesNotCancel', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'AVAILABLE')],
      tags: [
        tags('ws-a00000001', { 'employee-id': 'E1001', 'lifecycle-rehired-at': '2029-01-01T00:00:00Z' }),
      ],
    });

    expect(plan.cancel).toBe(false);
  });

  it('ProtectedWorkspace_IsStillCutButMarked', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'AVAILABLE')],
      tags: [tags('ws-a00000001', { 'employee-id': 'E1001', 'lifecycle-protect': 'TRUE' })],
    });

    expect(plan.workspaces[0]).toMatchObject({ protected: true, stop: true });
  });

  it('Truncated_KeepsTheUser', () => {
    expect(planLeaver({ ...base, truncated: true, workspaces: [], tags: [] }).keepUser).toBe(true);
  });
});

describe('handler', () => {
  it('BadInput_ThrowsInvalidInputError', async () => {
    await expect(handler({ ...base }, lambdaContext('PlanLeaver'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});

describe('planLeaver: converging with other events', () => {
  const own = (extra: Record<string, string> = {}) => [
    tags('ws-a00000001', { 'employee-id': 'E1001', ...extra }),
  ];

  it('AnotherLeaverScheduledTheSameOrEarlierRemoval_MergesIntoIt', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'STOPPED')],
      tags: own({
        'lifecycle-removal-event-id': 'evt-leave-0',
        'lifecycle-remove-after': '2030-03-08T12:00:00.000Z',
      }),
    });

    expect(plan.workspaces[0].tagForRemoval).toBe(false);
    expect(plan.mergedInto).toBe('evt-leave-0');
    expect(plan.cancel).toBe(false);
  });

  it('AnotherLeaverScheduledALaterRemoval_ThisEarlierOneTakesItOver', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'STOPPED')],
      tags: own({
        'lifecycle-removal-event-id': 'evt-leave-0',
        'lifecycle-remove-after': '2030-03-20T00:00:00.000Z',
      }),
    });

    expect(plan.workspaces[0].tagForRemoval).toBe(true);
    expect(plan.mergedInto).toBeUndefined();
  });

  it('OwnRemovalTagFromAnEarlierAttempt_IsNoMerge', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'STOPPED')],
      tags: own({
        'lifecycle-removal-event-id': 'evt-leave-1',
        'lifecycle-remove-after': '2030-03-08T12:00:00.000Z',
      }),
    });

    expect(plan.workspaces[0].tagForRemoval).toBe(true);
    expect(plan.mergedInto).toBeUndefined();
  });

  it.each(['PENDING', 'STARTING', 'REBOOTING', 'REBUILDING'])('%s_IsStoppedAsSoonAsItCanBe', (state) => {
    const plan = planLeaver({ ...base, workspaces: [ws('ws-a00000001', state)], tags: own() });

    expect(plan.awaitStop).toBe(true);
    expect(plan.workspaces[0]).toMatchObject({
      stop: false,
      awaitStop: true,
      stopNote: `${state}: stopped as soon as it can be`,
    });
  });

  it('NoWorkspaceOfTheirs_NothingToRemove', () => {
    const plan = planLeaver({
      ...base,
      workspaces: [ws('ws-b00000001', 'AVAILABLE')],
      tags: [tags('ws-b00000001', { 'employee-id': 'E9999' })],
    });

    expect(plan.nothingToRemove).toBe(true);
    expect(plan.workspaceIds).toEqual([]);
  });

  it('RehireOrderedAfterThisEvent_Cancels_ButAnOlderOneDoesNot', () => {
    const newer = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'STOPPED')],
      tags: own({ 'lifecycle-rehired-at': '2030-03-01T12:00:01.000Z' }),
    });
    const older = planLeaver({
      ...base,
      workspaces: [ws('ws-a00000001', 'STOPPED')],
      tags: own({ 'lifecycle-rehired-at': '2030-03-01T11:59:59.000Z' }),
    });

    expect(newer.cancel).toBe(true);
    expect(newer.nothingToRemove).toBe(false);
    expect(older.cancel).toBe(false);
  });
});

describe('planLeaver of an unused WorkSpace', () => {
  it('OnlyThatWorkspace_TheUserKept', () => {
    const plan = planLeaver({
      ...base,
      unused: { workspaceId: 'ws-a00000002' },
      workspaces: [ws('ws-a00000001', 'AVAILABLE'), ws('ws-a00000002', 'AVAILABLE', 'ALWAYS_ON')],
      tags: [
        tags('ws-a00000001', { 'employee-id': 'E1001' }),
        tags('ws-a00000002', { 'employee-id': 'E1001' }),
      ],
    });
    expect(plan.workspaceIds).toEqual(['ws-a00000002']);
    expect(plan.workspaces[0]).toMatchObject({ setAutoStop: true, stop: true, tagForRemoval: true });
    expect(plan.skipped).toEqual([
      { workspaceId: 'ws-a00000001', reason: 'not the unused WorkSpace this event removes' },
    ]);
    expect(plan).toMatchObject({
      keepUser: true,
      keepUserReason: 'an unused WorkSpace is removed; its person stays',
    });
  });
});
