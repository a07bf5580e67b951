import { endOfLastDay, handler, normaliseLeaver } from '../../../functions/validate-leaver';
import { lambdaContext } from '../../../sandbox/state-machines';

const leaver = {
  eventId: 'evt-leave-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  lastWorkingDay: '2030-03-14',
};
const now = Date.parse('2030-03-01T12:00:00Z');
const started = '2030-03-01T12:00:00.000Z';
const day = 86_400_000;

describe('endOfLastDay', () => {
  it('BareDate_IsTheNextMidnightUtc', () => {
    expect(endOfLastDay('2030-03-14')).toBe(Date.parse('2030-03-15T00:00:00Z'));
  });

  it('DateTime_IsThatInstant', () => {
    expect(endOfLastDay('2030-03-14T17:30:00+01:00')).toBe(Date.parse('2030-03-14T16:30:00Z'));
  });
});

describe('normaliseLeaver', () => {
  it('FutureLastDay_CutsAtItsEndAndRemovesAfterTheGracePeriod', () => {
    const result = normaliseLeaver(leaver, started, now);

    expect(result).toEqual({
      eventId: 'evt-leave-1',
      employee: { employeeId: 'E1001', userName: 'ada.lovelace' },
      lastWorkingDay: '2030-03-14',
      orderedAt: '2030-03-01T12:00:00.000Z',
      immediate: false,
      startedAt: started,
      dryRun: false,
      directoryMode: 'managed-ad',
      unused: null,
      schedule: {
        cutAt: '2030-03-15T00:00:00.000Z',
        warnAt: '2030-03-21T00:00:00.000Z',
        removeAt: '2030-03-22T00:00:00.000Z',
      },
    });
  });

  it('Immediate_CutsNowWhateverTheLastDay', () => {
    const result = normaliseLeaver({ ...leaver, immediate: true }, started, now);

    expect(result.schedule.cutAt).toBeUndefined();
    expect(Date.parse(result.schedule.removeAt)).toBe(now + 7 * day);
  });

  it('PastLastDay_CutsNow', () => {
    const result = normaliseLeaver({ ...leaver, lastWorkingDay: '2030-02-01' }, started, now);

    expect(result.schedule.cutAt).toBeUndefined();
    expect(Date.parse(result.schedule.warnAt)).toBe(now + 6 * day);
  });

  it('RemovalBeyondAYear_ThrowsInvalidInputError', () => {
    expect(() => normaliseLeaver({ ...leaver, lastWorkingDay: '2031-02-25' }, started, now)).toThrow(
      expect.objectContaining({
        name: 'InvalidInputError',
        message: expect.stringContaining('one-year limit'),
      }),
    );
  });

  it('EventBridgeEnvelope_IsUnwrapped', () => {
    const event = { 'detail-type': 'Employee Left', source: 'hr', detail: leaver };

    expect(normaliseLeaver(event, started, now).eventId).toBe('evt-leave-1');
  });

  it('BadFields_ThrowInvalidInputErrorNamingEach', () => {
    expect(() => normaliseLeaver({ ...leaver, lastWorkingDay: 'soon', extra: 1 }, started, now)).toThrow(
      expect.objectContaining({
        name: 'InvalidInputError',
        message: expect.stringMatching(/lastWorkingDay.*|extra/),
      }),
    );
  });
});

describe('handler', () => {
  it('TakesTheEventAndTheExecutionStart', async () => {
    const event = { ...leaver, lastWorkingDay: '2020-01-31' };
    const result = await handler({ event, startedAt: started }, lambdaContext('ValidateLeaver'));

    expect(result).toMatchObject({ eventId: 'evt-leave-1', startedAt: started });
  });

  it('MissingStartTime_ThrowsInvalidInputError', async () => {
    await expect(handler({ event: leaver }, lambdaContext('ValidateLeaver'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });
});

describe('ordering', () => {
  it('OccurredAtGiven_IsTheOrderingTime_ElseTheArrival', () => {
    const now = Date.parse('2030-03-01T12:00:00Z');
    const started = '2030-03-01T12:00:00.000Z';
    const event = {
      eventId: 'e',
      employeeId: 'E1',
      userName: 'a.b',
      lastWorkingDay: '2030-03-01',
      immediate: true,
    };

    expect(
      normaliseLeaver({ ...event, occurredAt: '2030-02-28T09:00:00+01:00' }, started, now).orderedAt,
    ).toBe('2030-02-28T08:00:00.000Z');
    expect(normaliseLeaver(event, started, now).orderedAt).toBe(started);
  });
});

describe('normaliseLeaver of a "WorkSpace Unused" event', () => {
  it('RemovedFromNowThroughTheGracePeriod_ThePersonStays', () => {
    const event = {
      'detail-type': 'WorkSpace Unused',
      detail: {
        eventId: 'unused:ws-0a1b2c3d4:2030-03-01',
        employeeId: 'E1001',
        userName: 'ada.lovelace',
        workspaceId: 'ws-0a1b2c3d4',
        reason: 'never connected, made 45 days ago',
        warnedAt: '2030-02-20T09:00:00.000Z',
      },
    };
    const result = normaliseLeaver(event, started, now);
    expect(result).toMatchObject({
      eventId: 'unused:ws-0a1b2c3d4:2030-03-01',
      immediate: true,
      unused: { workspaceId: 'ws-0a1b2c3d4', warnedAt: '2030-02-20T09:00:00.000Z' },
      schedule: { removeAt: new Date(now + 7 * 86_400_000).toISOString() },
    });
    expect(result.schedule.cutAt).toBeUndefined();
  });
  it('BadWorkspaceId_Refused', () => {
    expect(() =>
      normaliseLeaver(
        { eventId: 'x', employeeId: 'E', userName: 'a', workspaceId: 'nope', reason: 'r', warnedAt: started },
        started,
        now,
      ),
    ).toThrow(/workspaceId/);
  });
});
