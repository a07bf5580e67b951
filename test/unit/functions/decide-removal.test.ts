import { decideRemoval, handler } from '../../../functions/decide-removal';
import { lambdaContext } from '../../../sandbox/state-machines';

const removal = { 'employee-id': 'E1001', 'lifecycle-removal-event-id': 'evt-leave-1' };
const input = (overrides: Record<string, unknown> = {}) => ({
  eventId: 'evt-leave-1',
  employeeId: 'E1001',
  orderedAt: '2030-03-01T12:00:00.000Z',
  dryRun: false,
  plan: { workspaceIds: ['ws-a00000001'], skipped: [] },
  workspaces: [{ workspaceId: 'ws-a00000001', state: 'STOPPED' }],
  tags: [{ workspaceId: 'ws-a00000001', found: true, tags: removal }],
  user: { checked: true, exists: true, enabled: false },
  ...overrides,
});
const decide = (overrides: Record<string, unknown> = {}) =>
  decideRemoval(input(overrides) as Parameters<typeof decideRemoval>[0]);

describe('decideRemoval', () => {
  it('NothingChanged_Proceeds', () => {
    expect(decide()).toEqual({
      proceed: true,
      reasons: [],
      terminate: true,
      toTerminate: ['ws-a00000001'],
      alreadyGoneIds: [],
    });
  });

  it.each([
    ['protected', { ...removal, 'lifecycle-protect': 'true' }, 'protected by an operator'],
    ['removal tag removed', { 'employee-id': 'E1001' }, 'its removal tag was taken off'],
    ['owner changed', { ...removal, 'employee-id': 'E2002' }, 'employee-id is now E2002'],
    ['rehired since', { ...removal, 'lifecycle-rehired-at': '2030-03-05T00:00:00Z' }, 'rehired at'],
  ])('%s_Cancels', (_, tags, reason) => {
    const decision = decide({ tags: [{ workspaceId: 'ws-a00000001', found: true, tags }] });

    expect(decision).toMatchObject({ proceed: false, terminate: false, toTerminate: [] });
    expect(decision.reasons.join()).toContain(reason);
  });

  it('AnotherLeaverEventTookTheRemovalOver_MergesIntoIt_NoCancellation', () => {
    const tags = { ...removal, 'lifecycle-removal-event-id': 'evt-leave-2' };

    const decision = decide({ tags: [{ workspaceId: 'ws-a00000001', found: true, tags }] });

    expect(decision).toEqual({
      proceed: false,
      reasons: [],
      terminate: false,
      toTerminate: [],
      alreadyGoneIds: [],
      mergedInto: 'evt-leave-2',
    });
  });

  it('AnotherLeaverEventAndAProtectionTag_IsACancellation', () => {
    const tags = { ...removal, 'lifecycle-removal-event-id': 'evt-leave-2', 'lifecycle-protect': 'true' };

    const decision = decide({ tags: [{ workspaceId: 'ws-a00000001', found: true, tags }] });

    expect(decision.mergedInto).toBeUndefined();
    expect(decision.reasons.join()).toContain('protected by an operator');
  });

  it('UserEnabledAgain_Cancels', () => {
    expect(decide({ user: { checked: true, exists: true, enabled: true } })).toMatchObject({
      proceed: false,
      reasons: ['the directory user was enabled again'],
    });
  });

  it.each([
    ['deleted', { checked: true, exists: false, enabled: false }],
    ['not checkable (existing mode)', { checked: false, exists: false, enabled: false }],
  ])('User%s_Proceeds', (_, user) => {
    expect(decide({ user }).proceed).toBe(true);
  });

  it('NewWorkspaceForTheUser_Cancels', () => {
    const decision = decide({
      workspaces: [
        { workspaceId: 'ws-a00000001', state: 'STOPPED' },
        { workspaceId: 'ws-new000001', state: 'PENDING' },
      ],
    });

    expect(decision.reasons).toEqual([
      'ws-new000001: a new WorkSpace for this user appeared after access was cut',
    ]);
  });

  it('SkippedAtPlanTime_IsNotNew', () => {
    const decision = decide({
      plan: { workspaceIds: ['ws-a00000001'], skipped: [{ workspaceId: 'ws-other0001', reason: 'x' }] },
      workspaces: [
        { workspaceId: 'ws-a00000001', state: 'STOPPED' },
        { workspaceId: 'ws-other0001', state: 'AVAILABLE' },
      ],
    });

    expect(decision.proceed).toBe(true);
  });

  it.each([
    ['not listed', { workspaces: [] }],
    ['TERMINATED', { workspaces: [{ workspaceId: 'ws-a00000001', state: 'TERMINATED' }] }],
    ['tags not found', { tags: [{ workspaceId: 'ws-a00000001', found: false, tags: {} }] }],
  ])('AlreadyGone_%s_ProceedsWithNothingToTerminate', (_, overrides) => {
    expect(decide(overrides)).toMatchObject({
      proceed: true,
      terminate: false,
      toTerminate: [],
      alreadyGoneIds: ['ws-a00000001'],
    });
  });

  it('DryRun_IgnoresItsOwnUnmadeChanges', () => {
    const decision = decide({
      dryRun: true,
      tags: [{ workspaceId: 'ws-a00000001', found: true, tags: { 'employee-id': 'E1001' } }],
      user: { checked: true, exists: true, enabled: true },
    });

    expect(decision.proceed).toBe(true);
  });
});

describe('handler', () => {
  it('Valid_ReturnsTheDecision', async () => {
    await expect(handler(input(), lambdaContext('DecideRemoval'))).resolves.toMatchObject({ proceed: true });
  });

  it('MissingUser_ThrowsInvalidInputError', async () => {
    await expect(handler(input({ user: undefined }), lambdaContext('DecideRemoval'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});

describe('decideRemoval of an unused WorkSpace', () => {
  const unused = { workspaceId: 'ws-a00000001', warnedAt: '2030-03-01T00:00:00.000Z' };
  const enabledUser = { checked: false, exists: false, enabled: false };

  it('StillUnused_ProceedsWithTheUserEnabled_OtherWorkspacesOfThePersonNoReason', () => {
    const decision = decide({
      unused,
      connection: { lastConnection: null },
      user: enabledUser,
      workspaces: [
        { workspaceId: 'ws-a00000001', state: 'STOPPED' },
        { workspaceId: 'ws-a00000002', state: 'AVAILABLE' },
      ],
    });
    expect(decision).toMatchObject({ proceed: true, toTerminate: ['ws-a00000001'] });
  });

  it('ConnectedAfterTheWarning_Cancels_AndItsOwnTagsComeOff', () => {
    const decision = decide({
      unused,
      connection: { lastConnection: '2030-03-04T08:00:00.000Z' },
      user: enabledUser,
    });
    expect(decision).toMatchObject({ proceed: false, clearTags: true });
    expect(decision.reasons).toEqual([
      'ws-a00000001: its person connected again at 2030-03-04T08:00:00.000Z, after the warning',
    ]);
  });

  it('ConnectedBeforeTheWarning_Proceeds', () => {
    expect(decide({ unused, connection: { lastConnection: '2030-02-01T08:00:00.000Z' } }).proceed).toBe(true);
  });

  it('CancelledButTheRemovalTagIsAnotherEvents_TagsStay', () => {
    const tags = { ...removal, 'lifecycle-removal-event-id': 'evt-leave-2', 'lifecycle-protect': 'true' };
    const decision = decide({ unused, tags: [{ workspaceId: 'ws-a00000001', found: true, tags }] });
    expect(decision.proceed).toBe(false);
    expect(decision.clearTags).toBeUndefined();
  });
});
