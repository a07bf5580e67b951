import { type Arrival, effectiveAt, expectedEndStates, logicalOrder } from './model';

// The rule of issue 12 on hand-made timelines: times are simulated epoch ms.
const t0 = Date.parse('2026-03-10T09:00:00Z');
const min = 60_000;
const grace = 72 * min;

function ev(
  eventId: string,
  kind: Arrival['kind'],
  arrivedMin: number,
  extra: Partial<Arrival> = {},
): Arrival {
  return {
    eventId,
    employee: 0,
    kind,
    arrivedAt: t0 + arrivedMin * min,
    occurredAt: t0 + arrivedMin * min,
    ...extra,
  };
}

describe('effectiveAt', () => {
  test('Immediate: at arrival, whatever the last working day', () => {
    expect(effectiveAt(ev('l', 'left', 5, { lastWorkingDay: '2026-03-20', immediate: true }))).toBe(
      t0 + 5 * min,
    );
  });
  test('Dated: at the end of the last working day, UTC', () => {
    expect(effectiveAt(ev('l', 'left', 5, { lastWorkingDay: '2026-03-11' }))).toBe(
      Date.parse('2026-03-12T00:00:00Z'),
    );
  });
  test('DatedInThePast: at arrival, never before', () => {
    expect(effectiveAt(ev('l', 'left', 5, { lastWorkingDay: '2026-03-01' }))).toBe(t0 + 5 * min);
  });
});

describe('logicalOrder', () => {
  test('ByOccurredAt: a late arrival of an older event sorts before the newer one', () => {
    const older = ev('a', 'joined', 60, { occurredAt: t0 });
    const newer = ev('b', 'left', 10);
    expect(logicalOrder([newer, older]).map((e) => e.eventId)).toEqual(['a', 'b']);
  });
  test('Resent: the first arrival of an event id counts once', () => {
    expect(logicalOrder([ev('a', 'joined', 0), ev('a', 'joined', 30)])).toHaveLength(1);
  });
  test('NoOccurredAt: arrival time orders', () => {
    const a = ev('a', 'left', 20, { occurredAt: undefined });
    const b = ev('b', 'joined', 10, { occurredAt: undefined });
    expect(logicalOrder([a, b]).map((e) => e.eventId)).toEqual(['b', 'a']);
  });
});

describe('expectedEndStates', () => {
  test('Joined: active, one joining', () => {
    expect(expectedEndStates([ev('j', 'joined', 0)], grace)).toEqual([
      { employee: 0, intent: 'active', decidedBy: 'j', joinings: 1 },
    ]);
  });

  test('CorrectedJoiner: two joined with different ids are still one joining', () => {
    const [x] = expectedEndStates([ev('j1', 'joined', 0), ev('j2', 'joined', 5)], grace);
    expect(x).toMatchObject({ intent: 'active', decidedBy: 'j2', joinings: 1 });
  });

  test('TwoLeavers: one removal at the earliest effective time, plus the grace period', () => {
    const dated = ev('l1', 'left', 30, { lastWorkingDay: '2026-03-10' });
    const immediate = ev('l2', 'left', 60, { lastWorkingDay: '2026-03-10', immediate: true });
    const [x] = expectedEndStates([ev('j', 'joined', 0), dated, immediate], grace);
    expect(x).toMatchObject({
      intent: 'left',
      decidedBy: 'l2',
      cutAt: t0 + 60 * min,
      removeAt: t0 + 60 * min + grace,
    });
  });

  test('LeaverBeforeTheRehire: only leavers newer than the last joined or rehired count', () => {
    const events = [
      ev('l1', 'left', 0, { immediate: true, lastWorkingDay: '2026-03-10' }),
      ev('r', 'rehired', 10),
      ev('l2', 'left', 20, { lastWorkingDay: '2026-03-10' }),
    ];
    const [x] = expectedEndStates(events, grace);
    expect(x).toMatchObject({ intent: 'left', cutAt: Date.parse('2026-03-11T00:00:00Z'), joinings: 1 });
  });

  test('RehireAfterLeave: a new joining', () => {
    const events = [ev('j', 'joined', 0), ev('l', 'left', 10, { immediate: true }), ev('r', 'rehired', 200)];
    expect(expectedEndStates(events, grace)[0]).toMatchObject({ intent: 'active', joinings: 2 });
  });

  test('OutOfOrder: an older joined arriving after the leaver does not undo it', () => {
    const late = ev('j', 'joined', 90, { occurredAt: t0 });
    const leaver = ev('l', 'left', 30, { occurredAt: t0 + min, immediate: true });
    expect(expectedEndStates([leaver, late], grace)[0]).toMatchObject({
      intent: 'left',
      decidedBy: 'l',
      cutAt: t0 + 30 * min,
    });
  });

  test('PerEmployee: each employee is decided by their own events', () => {
    const other = { ...ev('k', 'left', 5, { immediate: true }), employee: 1 };
    const states = expectedEndStates([ev('j', 'joined', 0), other], grace);
    expect(states.map((s) => [s.employee, s.intent])).toEqual([
      [0, 'active'],
      [1, 'left'],
    ]);
  });
});

describe('expectedEndStates with changes (issue 14)', () => {
  test('ChangeAfterJoin_ActiveOnTheChangedProfile', () => {
    const events = [ev('j', 'joined', 0), ev('c', 'changed', 10, { profile: 'power' })];
    expect(expectedEndStates(events, grace)[0]).toMatchObject({
      intent: 'active',
      decidedBy: 'j',
      joinings: 1,
      profile: 'power',
    });
  });
  test('ChangeThenLeave_LeftAndNoProfileChecked', () => {
    const events = [
      ev('j', 'joined', 0),
      ev('c', 'changed', 10, { profile: 'power' }),
      ev('l', 'left', 20, { immediate: true }),
    ];
    const [x] = expectedEndStates(events, grace);
    expect(x).toMatchObject({ intent: 'left', cutAt: t0 + 20 * min });
    expect(x.profile).toBeUndefined();
  });
  test('OnlyChanges_NothingToHave', () => {
    expect(expectedEndStates([ev('c', 'changed', 0, { profile: 'value' })], grace)[0]).toMatchObject({
      intent: 'none',
      joinings: 0,
    });
  });
  test('ChangeArrivingBeforeTheJoiner_NotChecked', () => {
    const events = [
      ev('j', 'joined', 10),
      ev('c', 'changed', 0, { profile: 'value', occurredAt: t0 + 20 * min }),
    ];
    expect(expectedEndStates(events, grace)[0].profile).toBeUndefined();
  });
  test('JoinNewerThanTheChange_NoProfileChecked', () => {
    const events = [ev('c', 'changed', 0, { profile: 'value' }), ev('j', 'joined', 10)];
    expect(expectedEndStates(events, grace)[0].profile).toBeUndefined();
  });
});
