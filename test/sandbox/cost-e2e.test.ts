import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CostDemoResult, demoCost } from '../../sandbox/cost-demo';
import { seedEstate } from '../../sandbox/estate';
import { type Sandbox, startSandbox } from '../../sandbox/sandbox';
import { readScenario, type Scenario } from '../../sandbox/scenario';

// A simulated month of examples/cost-scenario.json through the real ASL, handlers and SDK clients
// against the emulator: its usage model answers DescribeWorkspacesConnectionStatus and CloudWatch,
// and the clock jumps from the 2nd to the 20th and to the month's last day.
describe('cost over a simulated month, end to end', () => {
  const scenario = readScenario(join(__dirname, '../../examples/cost-scenario.json')) as Scenario &
    Required<Pick<Scenario, 'cost' | 'estate' | 'clockStart'>>;
  let sandbox: Sandbox;
  let storeDir: string;
  let result: CostDemoResult;
  let log: jest.SpyInstance;

  beforeAll(async () => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    storeDir = mkdtempSync(join(tmpdir(), 'cost-store-'));
    sandbox = await startSandbox({
      timeScale: scenario.timeScale,
      seed: scenario.seed,
      outboxDir: mkdtempSync(join(tmpdir(), 'outbox-')),
      storeDir,
      faults: scenario.faults,
      leaver: scenario.leaver,
      fleetReview: scenario.fleetReview,
      clockStart: Date.parse(scenario.clockStart),
    });
    const estate = seedEstate(sandbox, scenario.estate);
    result = await demoCost(sandbox, scenario.cost, estate);
  }, 120_000);
  afterAll(async () => {
    log.mockRestore();
    await sandbox.stop();
  });

  it('ReviewsOfTheMonth_ConvertWarnAndRemoveAsTheScenarioExpects', () => {
    expect(result).toMatchObject({ ok: true, ...scenario.cost.expect });
    expect(result.reviews.map((r) => [r.toMonthly, r.toHourly, r.warned, r.removals])).toEqual([
      [0, 0, 0, 0],
      [4, 0, 4, 0],
      [0, 4, 0, 3],
    ]);
  });

  it('TheEmulatorsWorkspaces_ShowTheChanges', () => {
    const views = sandbox.emulator.state.workspaces;
    const mode = (user: string) => views.find((w) => w.UserName === user)?.WorkspaceProperties.RunningMode;
    // est0000-0003: heavy on hourly -> monthly; est0006-0009: light on monthly -> hourly.
    expect(['est0000', 'est0003', 'est0006', 'est0009'].map(mode)).toEqual([
      'ALWAYS_ON',
      'ALWAYS_ON',
      'AUTO_STOP',
      'AUTO_STOP',
    ]);
    // est0016-0017 never connected: removed through the leaver; est0018 connected in the grace
    // period (kept, removal tags off); est0019 after the warning (never removed).
    // TERMINATED shows for a minute after the leaver saw it go: removed all the same.
    const left = new Set(
      views.filter((w) => !['TERMINATING', 'TERMINATED'].includes(w.State)).map((w) => w.UserName),
    );
    expect(['est0016', 'est0017', 'est0018', 'est0019'].map((u) => left.has(u))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    const kept = views.find((w) => w.UserName === 'est0018');
    expect(kept?.Tags.map((t) => t.Key)).not.toContain('lifecycle-remove-after');
    // The people stay: their directory users are neither disabled nor deleted.
    const users = sandbox.emulator.state.users.filter((u) =>
      ['est0016', 'est0017'].includes(u.samAccountName),
    );
    expect(users.map((u) => u.enabled)).toEqual([true, true]);
  });

  it('TheLastReport_HasTheCostByDepartmentAndBillingMode', () => {
    const last = result.reviews.at(-1);
    const html = readFileSync(
      join(storeDir, 'workspaces-lifecycle-fleet-review', 'reports', last?.reviewId ?? '', 'report.html'),
      'utf8',
    );
    expect(html).toContain('id="cost-by-mode"');
    expect(html).toContain('id="cost-by-department"');
    expect(last?.summary[0]).toMatch(/^Cost 2026-11 \(estimated\): all: 20 WorkSpaces/);
    // Month's usage from CloudWatch: one GetMetricData a page of 25 per review; connection status the same.
    expect(sandbox.emulator.state.apiCalls['monitoring.GetMetricData']).toBe(3);
    expect(sandbox.emulator.state.throttled).toEqual({});
  });
});
