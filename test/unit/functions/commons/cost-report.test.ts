import { costSettingsSchema } from '../../../../functions/commons/config';
import { reviewCost, usageFromMetric } from '../../../../functions/commons/cost';
import { costCsv, costHtml, costSummaryLines } from '../../../../functions/commons/cost-report';

const settings = costSettingsSchema.parse({ enabled: true });
const review = reviewCost({
  now: '2026-11-30T20:00:00.000Z',
  workspaces: [
    {
      workspaceId: 'ws-a00000001',
      directoryId: 'd-1',
      userName: '<b>ada</b>',
      state: 'AVAILABLE',
      bundleId: 'wsb-8vbljg4r6',
      runningMode: 'ALWAYS_ON',
      tags: { 'employee-id': 'E1', 'lifecycle-auto-stop-minutes': '90' },
    },
  ],
  usage: { 'ws-a00000001': { lastConnection: '2026-11-03T09:00:00Z', connectedHours: 4, sessions: 2 } },
  departments: { E1: 'R&D, "West"' },
  settings,
  dryRun: false,
});

describe('cost report', () => {
  it('Html_EscapesWhatPeopleTyped_ShowsTheBadTag', () => {
    const html = costHtml(review);
    expect(html).toContain('&lt;b&gt;ada&lt;/b&gt;');
    expect(html).toContain('R&amp;D, &quot;West&quot;');
    expect(html).toContain('60-minute steps');
    expect(html).not.toContain('<b>ada');
  });
  it('Csv_QuotesCommasAndQuotes', () => {
    const [header, row] = costCsv(review).trim().split('\n');
    expect(header.split(',')).toHaveLength(23);
    expect(row).toContain('"R&D, ""West"""');
    expect(row).toContain('AUTO_STOP');
  });
  it('SummaryLines_TotalsThenModesThenDepartments', () => {
    expect(costSummaryLines(review)).toEqual([
      'Cost 2026-11 (estimated): all: 1 WorkSpaces, 6 h, $35.00 this month, savings $23.45 recommended / $0.00 applied, 0 idle',
      '  mode ALWAYS_ON: 1 WorkSpaces, 6 h, $35.00 this month, savings $23.45 recommended / $0.00 applied, 0 idle',
      '  department R&D, "West": 1 WorkSpaces, 6 h, $35.00 this month, savings $23.45 recommended / $0.00 applied, 0 idle',
    ]);
  });
  it('NotRead_SaysWhy', () => {
    expect(costHtml(undefined, 'Usage was not read: too many pages')).toContain('too many pages');
  });
});

describe('usageFromMetric', () => {
  it('HoursAtOneAreConnected_RunsAreSessions_DuplicatesAndZerosIgnored', () => {
    const h = (iso: string) => new Date(iso);
    expect(
      usageFromMetric(
        [
          h('2026-11-02T08:00:00Z'),
          h('2026-11-02T09:00:00Z'),
          h('2026-11-02T09:00:00Z'),
          h('2026-11-02T10:00:00Z'),
          h('2026-11-02T12:00:00Z'),
        ],
        [1, 1, 1, 0, 1],
      ),
    ).toEqual({ connectedHours: 3, sessions: 2 });
  });
});
