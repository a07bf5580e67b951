import { handler, maxLooks, maxStopRequests, planPendingStops } from '../../../functions/plan-pending-stops';
import { lambdaContext } from '../../../sandbox/state-machines';

const now = Date.parse('2030-03-01T12:00:00Z');
const base = {
  eventId: 'evt-leave-1',
  workspaceIds: ['ws-a00000001'],
  stopBy: '2030-03-01T14:00:00.000Z',
  looks: 3,
  stopRequests: 0,
  orderedAt: '2030-03-01T11:00:00.000Z',
  tags: [{ workspaceId: 'ws-a00000001', found: true, tags: { 'employee-id': 'E1001' } }],
};
const ws = (state: string, runningMode = 'AUTO_STOP', workspaceId = 'ws-a00000001') => ({
  workspaceId,
  state,
  runningMode,
});

describe('planPendingStops', () => {
  it('StillPending_WaitsAndLooksAgain', () => {
    expect(planPendingStops({ ...base, workspaces: [ws('PENDING')] }, now)).toEqual({
      stops: [],
      waiting: [{ workspaceId: 'ws-a00000001', state: 'PENDING' }],
      rehired: [],
      awaitStop: true,
      gaveUp: false,
      looks: 4,
      stopRequests: 0,
    });
  });

  it.each([
    ['AUTO_STOP', false],
    ['ALWAYS_ON', true],
  ])('NowAvailable_%s_IsStopped_SetAutoStop%p', (mode, setAutoStop) => {
    const pending = planPendingStops({ ...base, workspaces: [ws('AVAILABLE', mode)] }, now);

    expect(pending.stops).toEqual([{ workspaceId: 'ws-a00000001', setAutoStop }]);
    expect(pending.awaitStop).toBe(true);
  });

  it.each(['STOPPING', 'STOPPED', 'TERMINATED'])('%s_IsDone', (state) => {
    expect(planPendingStops({ ...base, workspaces: [ws(state)] }, now)).toMatchObject({
      stops: [],
      waiting: [],
      awaitStop: false,
    });
  });

  it('Gone_IsDone', () => {
    expect(planPendingStops({ ...base, workspaces: [] }, now).awaitStop).toBe(false);
  });

  it('SomeoneElsesWorkspace_IsNeverStopped', () => {
    const pending = planPendingStops(
      { ...base, workspaces: [ws('AVAILABLE', 'AUTO_STOP', 'ws-b00000001')] },
      now,
    );

    expect(pending.stops).toEqual([]);
  });

  it('PastTheDeadline_StopsLooking', () => {
    const late = Date.parse('2030-03-01T14:00:01Z');

    expect(planPendingStops({ ...base, workspaces: [ws('PENDING')] }, late)).toMatchObject({
      awaitStop: false,
      gaveUp: true,
      waiting: [{ workspaceId: 'ws-a00000001', state: 'PENDING' }],
    });
  });
});

test('TooManyLooks_StopsLookingWhateverTheClock', () => {
  expect(planPendingStops({ ...base, looks: maxLooks - 1, workspaces: [ws('PENDING')] }, now)).toMatchObject({
    awaitStop: false,
    gaveUp: true,
  });
});

test('StillRunningAfterOneStopAfterAnother_GivesUp', () => {
  const pending = planPendingStops(
    { ...base, stopRequests: maxStopRequests, workspaces: [ws('AVAILABLE')] },
    now,
  );

  expect(pending).toMatchObject({
    stops: [],
    awaitStop: false,
    gaveUp: true,
    stopRequests: maxStopRequests + 1,
  });
});

test('StoppedInTime_NeverGivesUp', () => {
  const late = Date.parse('2030-03-01T15:00:00Z');

  expect(planPendingStops({ ...base, workspaces: [ws('STOPPED')] }, late)).toMatchObject({
    gaveUp: false,
    awaitStop: false,
  });
});

test('RehiredSinceAccessWasCut_IsLeftRunning', () => {
  const tags = [
    {
      workspaceId: 'ws-a00000001',
      found: true,
      tags: { 'lifecycle-rehired-at': '2030-03-01T11:30:00.000Z' },
    },
  ];

  expect(planPendingStops({ ...base, tags, workspaces: [ws('AVAILABLE')] }, now)).toMatchObject({
    stops: [],
    rehired: ['ws-a00000001'],
    awaitStop: false,
    gaveUp: false,
  });
});

describe('handler', () => {
  it('BadInput_ThrowsInvalidInputError', async () => {
    await expect(handler({ eventId: 'e' }, lambdaContext('PlanPendingStops'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});
