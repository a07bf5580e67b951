import { handler, planRehire } from '../../../functions/plan-rehire';
import { lambdaContext } from '../../../sandbox/state-machines';

const base = { eventId: 'evt-rehire-1', employeeId: 'E1001', orderedAt: '2030-03-02T12:00:00.000Z' };
const own = (workspaceId: string) => ({ workspaceId, found: true, tags: { 'employee-id': 'E1001' } });

describe('planRehire', () => {
  it.each([
    ['STOPPED', true],
    ['STOPPING', true],
    ['AVAILABLE', false],
    ['PENDING', false],
  ])('OwnWorkspace_%s_Start%p', (state, start) => {
    const plan = planRehire({
      ...base,
      workspaces: [{ workspaceId: 'ws-a00000001', state }],
      tags: [own('ws-a00000001')],
    });

    expect(plan.workspaceIds).toEqual(['ws-a00000001']);
    expect(plan.workspaces[0]).toMatchObject({ state, start });
  });

  it('OthersUntaggedAndGone_AreSkipped', () => {
    const plan = planRehire({
      ...base,
      workspaces: [
        { workspaceId: 'ws-b00000001', state: 'STOPPED' },
        { workspaceId: 'ws-c00000001', state: 'STOPPED' },
        { workspaceId: 'ws-d00000001', state: 'TERMINATING' },
      ],
      tags: [
        { workspaceId: 'ws-b00000001', found: true, tags: { 'employee-id': 'E2002' } },
        { workspaceId: 'ws-c00000001', found: true, tags: {} },
        own('ws-d00000001'),
      ],
    });

    expect(plan.workspaceIds).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'employee-id is E2002, not E1001',
      'no employee-id tag',
      'already TERMINATING: nothing to restore',
    ]);
  });
});

describe('handler', () => {
  it('BadInput_ThrowsInvalidInputError', async () => {
    await expect(handler({ ...base, workspaces: 'x' }, lambdaContext('PlanRehire'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});

describe('planRehire: converging with other events', () => {
  const removal = (orderedAt: string) => ({
    workspaceId: 'ws-a00000001',
    found: true,
    tags: {
      'employee-id': 'E1001',
      'lifecycle-removal-event-id': 'evt-leave-9',
      'lifecycle-removal-ordered-at': orderedAt,
    },
  });

  it('LeaverOrderedAfterTheRehire_SupersedesIt', () => {
    const plan = planRehire({
      ...base,
      workspaces: [{ workspaceId: 'ws-a00000001', state: 'STOPPED' }],
      tags: [removal('2030-03-02T12:00:01.000Z')],
    });

    expect(plan.supersededBy).toBe('leaver event evt-leave-9 of 2030-03-02T12:00:01.000Z');
  });

  it('LeaverOrderedBeforeTheRehire_IsUndone', () => {
    const plan = planRehire({
      ...base,
      workspaces: [{ workspaceId: 'ws-a00000001', state: 'STOPPED' }],
      tags: [removal('2030-03-02T11:00:00.000Z')],
    });

    expect(plan.supersededBy).toBeUndefined();
    expect(plan.workspaces[0].start).toBe(true);
  });

  it('NoWorkspaceLeft_NothingToRestore', () => {
    const plan = planRehire({ ...base, workspaces: [], tags: [] });

    expect(plan.nothingToRestore).toBe(true);
  });
});
