import { handler, planAdoption } from '../../../functions/plan-adoption';
import { lambdaContext } from '../../../sandbox/state-machines';

const base = {
  joiner: { eventId: 'evt-join-2', occurredAt: null },
  startedAt: '2030-03-02T12:00:00.000Z',
  workspace: { workspaceId: 'ws-a00000001', state: 'AVAILABLE' },
};
const withTags = (tags: Record<string, string>) => ({
  ...base,
  tags: { workspaceId: 'ws-a00000001', found: true, tags: { 'employee-id': 'E1001', ...tags } },
});

describe('planAdoption', () => {
  it('WorkspaceOfAnEarlierJoiner_ThatJoinerIsCheckedAndThisOneClaimsIt', () => {
    expect(planAdoption(withTags({ 'lifecycle-event-id': 'evt-join-1' }))).toEqual({
      reactivate: false,
      welcomed: false,
      previousJoinerArn: 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-1',
      start: false,
      claimTags: { 'lifecycle-event-id': 'evt-join-2', 'lifecycle-joined-at': '2030-03-02T12:00:00.000Z' },
      passwordPurpose: 'joining',
    });
  });

  it('OwnWorkspace_AnEarlierAttemptOfThisEvent_NoOneToStop', () => {
    expect(planAdoption(withTags({ 'lifecycle-event-id': 'evt-join-2' })).previousJoinerArn).toBeUndefined();
  });

  it('PendingRemovalOrderedBefore_IsCancelledAndTheWorkspaceStarted', () => {
    const adoption = planAdoption({
      ...withTags({
        'lifecycle-removal-event-id': 'evt-leave-1',
        'lifecycle-removal-ordered-at': '2030-03-02T11:00:00.000Z',
      }),
      workspace: { workspaceId: 'ws-a00000001', state: 'STOPPED' },
    });

    expect(adoption).toMatchObject({ reactivate: true, start: true, passwordPurpose: 'rehire' });
    expect(adoption.claimTags).toMatchObject({
      'lifecycle-rehired-at': '2030-03-02T12:00:00.000Z',
      'lifecycle-rehire-event-id': 'evt-join-2',
    });
  });

  it('LeaverOrderedAfter_SupersedesThisJoiner', () => {
    const adoption = planAdoption(
      withTags({
        'lifecycle-removal-event-id': 'evt-leave-1',
        'lifecycle-removal-ordered-at': '2030-03-02T13:00:00.000Z',
      }),
    );

    expect(adoption.superseded).toContain('leaver event evt-leave-1');
    expect(adoption.claimTags).toEqual({});
  });

  it('OccurredAtGiven_IsTheOrderingTime', () => {
    const adoption = planAdoption({
      ...withTags({
        'lifecycle-removal-event-id': 'evt-leave-1',
        'lifecycle-removal-ordered-at': '2030-03-02T11:00:00.000Z',
      }),
      joiner: { eventId: 'evt-join-2', occurredAt: '2030-03-02T10:00:00Z' },
    });

    expect(adoption.superseded).toBeDefined();
  });
});

describe('handler', () => {
  it('NoTags_ThrowsInvalidInputError', async () => {
    await expect(handler({ ...base }, lambdaContext('PlanAdoption'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});
