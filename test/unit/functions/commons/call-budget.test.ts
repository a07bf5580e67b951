import { CallBudget, type Pacing, roundAllowance } from '../../../../functions/commons/call-budget';

/** A clock that only moves when the budget sleeps, recording each sleep. */
function manualPacing(start = 1_000_000): Pacing & { slept: number[]; at: () => number } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    at: () => now,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** Takes calls until the budget refuses, at most `limit`; returns how many were allowed. */
async function takeAll(budget: CallBudget, limit = 10_000): Promise<number> {
  let taken = 0;
  while (taken < limit && (await budget.take())) taken++;
  return taken;
}

describe('roundAllowance', () => {
  it.each([
    [1.5, 1, 81],
    [2, 1, 108],
    [1.5, 15, 1215],
    [0.1, 1, 5],
  ])('%d_PerSecondOver%dMinutes_%dCalls', (perSecond, minutes, calls) => {
    expect(roundAllowance(perSecond, minutes * 60_000)).toBe(calls);
  });
});

describe('CallBudget', () => {
  it('FirstCall_IsNotDelayed', async () => {
    const pacing = manualPacing();
    const budget = new CallBudget(1.5, 10, pacing);

    expect(await budget.take()).toBe(true);

    expect(pacing.slept).toEqual([]);
    expect(budget.used).toBe(1);
    expect(budget.remaining).toBe(9);
  });

  it('BackToBackCalls_AreSpacedOneOverTheRateApart', async () => {
    // Prepare
    const pacing = manualPacing();
    const budget = new CallBudget(2, 4, pacing);
    const times: number[] = [];

    // Act
    while (await budget.take()) times.push(pacing.at());

    // Assess
    expect(times).toEqual([1_000_000, 1_000_500, 1_001_000, 1_001_500]);
    expect(pacing.slept).toEqual([500, 500, 500]);
  });

  it('TimeSpentBetweenCalls_IsNotWaitedAgain', async () => {
    let now = 0;
    const slept: number[] = [];
    const budget = new CallBudget(1, 3, {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });

    await budget.take();
    now += 400; // the call itself took 400 ms
    await budget.take();
    now += 1500; // longer than the spacing
    await budget.take();

    expect(slept).toEqual([600]);
  });

  it('Allowance_NoMoreCallsThanIt', async () => {
    const pacing = manualPacing();
    const budget = new CallBudget(1.5, roundAllowance(1.5, 60_000), pacing);

    expect(await takeAll(budget)).toBe(81);
    expect(budget.used).toBe(81);
    expect(budget.remaining).toBe(0);
    expect(budget.throttled).toBe(false);
    // 81 calls spaced 1 / 1.5 s apart end within nine tenths of the minute.
    expect(pacing.at() - 1_000_000).toBeLessThanOrEqual(54_000);
  });

  it('NoAllowance_NoCall', async () => {
    const budget = new CallBudget(1.5, 0, manualPacing());

    expect(await budget.take()).toBe(false);
    expect(budget.used).toBe(0);
  });

  it('Stopped_NoMoreCallsAndReportedThrottled', async () => {
    const budget = new CallBudget(1.5, 10, manualPacing());
    await budget.take();

    budget.stop();

    expect(await budget.take()).toBe(false);
    expect(budget.remaining).toBe(0);
    expect(budget.used).toBe(1);
    expect(budget.throttled).toBe(true);
  });

  it('DefaultPacing_WaitsOnTheRealClock', async () => {
    // 50 calls a second: 20 ms apart, short enough for a real wait.
    const budget = new CallBudget(50, 2);
    const started = Date.now();

    await budget.take();
    await budget.take();

    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
  });
});
