import { isChangeCurrent } from '../../../functions/is-change-current';

const check = (tags: Record<string, string>, found = true) =>
  isChangeCurrent({
    eventId: 'evt-move-1',
    orderedAt: '2026-12-01T00:00:00.000Z',
    tags: { workspaceId: 'ws-a00000001', found, tags },
  });

describe('isChangeCurrent', () => {
  it('StillOurs_Current', () => {
    expect(
      check({
        'lifecycle-change-event-id': 'evt-move-1',
        'lifecycle-changed-at': '2026-12-01T00:00:00.000Z',
      }),
    ).toEqual({
      current: true,
    });
  });
  it('NewerChange_GivesWay', () => {
    expect(
      check({
        'lifecycle-change-event-id': 'evt-move-2',
        'lifecycle-changed-at': '2026-12-02T00:00:00.000Z',
      }),
    ).toMatchObject({ current: false, reason: expect.stringContaining('evt-move-2') });
  });
  it('RemovalPending_GivesWay', () => {
    expect(check({ 'lifecycle-removal-event-id': 'evt-leave-1' })).toMatchObject({ current: false });
  });
  it('Gone_GivesWay', () => {
    expect(check({}, false)).toMatchObject({ current: false });
  });
});
