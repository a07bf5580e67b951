import type { PollSchedule } from '../../../../functions/commons/config';
import { nextPoll, recheckPoll } from '../../../../functions/commons/polling';

const schedule: PollSchedule = {
  stepSeconds: 120,
  jitter: 0.2,
  deadlineSeconds: 5400,
  recheckSeconds: 60,
};
const lowest = () => 0;
const middle = () => 0.5;
const highest = () => 0.999999;

describe('recheckPoll', () => {
  it('NoPreviousPlan_StartsFromZero', () => {
    expect(recheckPoll(schedule, undefined, middle)).toEqual({
      attempt: 0,
      elapsedSeconds: 0,
      waitSeconds: 60,
    });
  });

  it('PreviousPlan_KeepsAttemptAndElapsedAndWaitsTheRecheck', () => {
    const previous = { attempt: 7, elapsedSeconds: 1900, waitSeconds: 130 };

    expect(recheckPoll(schedule, previous, lowest)).toEqual({
      attempt: 7,
      elapsedSeconds: 1900,
      waitSeconds: 48,
    });
  });

  it('ZeroRecheck_WaitsAtLeastOneSecond', () => {
    expect(recheckPoll({ ...schedule, recheckSeconds: 0 }, undefined, middle).waitSeconds).toBe(1);
  });
});

describe('nextPoll', () => {
  it('AfterTheFirstLook_AdvancesAttemptAndElapsedAndPlansAStep', () => {
    const next = nextPoll(schedule, { attempt: 0, elapsedSeconds: 0, waitSeconds: 1080 }, middle);

    expect(next).toEqual({ attempt: 1, elapsedSeconds: 1080, waitSeconds: 120, deadlinePassed: false });
  });

  it('StepJitter_StaysWithinBounds', () => {
    const previous = { attempt: 1, elapsedSeconds: 1080, waitSeconds: 120 };

    expect(nextPoll(schedule, previous, lowest).waitSeconds).toBe(96);
    expect(nextPoll(schedule, previous, highest).waitSeconds).toBe(144);
  });

  it('NearTheDeadline_CutsTheLastWaitToLandOnIt', () => {
    // Prepare: this look happens at 5350 s, 50 s before the deadline
    const previous = { attempt: 20, elapsedSeconds: 5230, waitSeconds: 120 };

    // Act
    const next = nextPoll(schedule, previous, highest);

    // Assess
    expect(next).toEqual({ attempt: 21, elapsedSeconds: 5350, waitSeconds: 50, deadlinePassed: false });
    expect(next.elapsedSeconds + next.waitSeconds).toBe(schedule.deadlineSeconds);
  });

  it('LookOnTheDeadline_DeadlinePassed', () => {
    const next = nextPoll(schedule, { attempt: 21, elapsedSeconds: 5350, waitSeconds: 50 }, middle);

    expect(next.elapsedSeconds).toBe(5400);
    expect(next.deadlinePassed).toBe(true);
    expect(next.waitSeconds).toBe(1);
  });

  it('OneSecondBeforeTheDeadline_NotPassedAndWaitsOneSecond', () => {
    const next = nextPoll(schedule, { attempt: 3, elapsedSeconds: 5000, waitSeconds: 399 }, middle);

    expect(next.deadlinePassed).toBe(false);
    expect(next.waitSeconds).toBe(1);
  });

  it('WaitsThroughAWholeRun_AddUpToTheDeadlineExactly', () => {
    // Prepare
    let plan = recheckPoll(schedule, undefined, highest);
    let looks = 0;

    // Act: keep looking until the deadline passes, as check-workspaces-gone does
    for (;;) {
      const next = nextPoll(schedule, plan, highest);
      looks++;
      if (next.deadlinePassed) {
        plan = next;
        break;
      }
      plan = next;
    }

    // Assess
    expect(plan.elapsedSeconds).toBe(schedule.deadlineSeconds);
    // The first wait is 60 s + 20 %, every later one 120 s + 20 %.
    expect(looks).toBe(Math.ceil((5400 - 72) / 144) + 1);
  });
});
