import type { Sandbox } from '../../sandbox/sandbox';
import { alerts, joiner, live, queued, sandboxWith, status } from '../helpers/sandbox-faults';
import { until } from './until';

// Partial failures through the sandbox's documented interfaces: real SDK clients over HTTP to
// the emulator, compressed time, bounded real-time waits.

describe('WorkSpaces quota end to end', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = await sandboxWith({ faults: { quota: 5 } });
  });
  afterAll(async () => {
    await s.stop();
  });
  const waiting = () => queued(s).filter((e) => e.kind === 'create').length;

  test('Quota5With8Joiners_FiveAtOnceThreeWaitOneAlert_RaisingTheQuotaLetsThemFinish', async () => {
    const arns = await Promise.all(Array.from({ length: 8 }, (_, i) => s.start('joiner', joiner(i))));

    await until(
      '5 created, 3 waiting, 1 alert',
      () => live(s).length === 5 && waiting() === 3 && alerts(s).length === 1,
      20_000,
    );
    expect(alerts(s)).toEqual(['workspaces-lifecycle: 3 joiners wait for WorkSpaces quota']);
    expect(s.emulator.state.messages[0].message).toMatch(/raise the WorkSpaces quota .* or terminate/);

    s.emulator.setFaults({ quota: 8 });
    await s.idle(30_000);

    for (const arn of arns) expect(await status(s, arn)).toBe('SUCCEEDED');
    expect(live(s)).toHaveLength(8);
    expect(alerts(s)).toHaveLength(1);
  }, 60_000);

  test('Joiners100OverQuota90_NinetyCreatedTenWaitOneAlert', async () => {
    // 8 WorkSpaces exist from the scenario above: room for 90 more.
    s.emulator.setFaults({ quota: 98 });
    const before = alerts(s).length;
    for (let i = 0; i < 100; i++) await s.start('joiner', joiner(i, 'cohort'));

    await until(
      '90 created, 10 waiting, 1 alert',
      () => live(s).length === 98 && waiting() === 10 && alerts(s).length === before + 1,
      40_000,
    );
    // One alert for the episode; how many it counts depends on which round the last events reached.
    expect(alerts(s).slice(before)).toEqual([
      expect.stringMatching(/^workspaces-lifecycle: \d+ joiners wait for WorkSpaces quota$/),
    ]);

    // Room again: the 10 finish too, and nothing is left running when the sandbox stops.
    s.emulator.setFaults({ quota: 200 });
    await s.idle(40_000);
    expect(live(s)).toHaveLength(108);
  }, 90_000);
});
