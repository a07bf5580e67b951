import { type CostGroup, type CostReview, priceTableDate, priceTableSource } from './cost';

/**
 * The cost part of the fleet review's report: totals by department and by billing mode, and a
 * line per WorkSpace with its use, its estimated cost, the billing-mode decision and whether it is
 * unused. Estimates: the price table's prices times this month's billable hours so far.
 */

const csvColumns = [
  'workspaceId',
  'userName',
  'employeeId',
  'department',
  'runningMode',
  'state',
  'connectionState',
  'lastConnection',
  'connectedHours',
  'billableHours',
  'costThisMonth',
  'recommendedMode',
  'thresholdHours',
  'savings',
  'billingOutcome',
  'billingReason',
  'unused',
  'unusedStep',
  'removalDay',
  'unusedOutcome',
  'unusedReason',
  'autoStopMinutes',
  'autoStopError',
] as const;

const quote = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The cost report as CSV, one row per WorkSpace. */
export function costCsv(cost: CostReview): string {
  const rows = cost.rows.map((r) =>
    [
      r.workspaceId,
      r.userName,
      r.employeeId,
      r.department,
      r.runningMode,
      r.state,
      r.connectionState,
      r.lastConnection,
      r.connectedHours,
      r.billableHours,
      r.costThisMonth,
      r.billing.to,
      r.billing.thresholdHours,
      r.billing.to ? r.billing.savings : undefined,
      r.billing.outcome,
      r.billing.reason,
      r.unused.unused,
      r.unused.step,
      r.unused.removalDay,
      r.unused.outcome,
      r.unused.reason,
      r.autoStopMinutes,
      r.autoStopError,
    ]
      .map(quote)
      .join(','),
  );
  return `${[csvColumns.join(','), ...rows].join('\n')}\n`;
}

const html = (v: unknown) =>
  (v === undefined || v === null ? '' : String(v)).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const usd = (n: number | undefined) => (n === undefined ? 'no price' : `$${n.toFixed(2)}`);

/** The totals as plain text lines, for the operators' email and the terminal. */
export function costSummaryLines(cost: CostReview): string[] {
  const line = (g: CostGroup) =>
    `${g.key}: ${g.workspaces} WorkSpaces, ${g.billableHours} h, ${usd(g.costThisMonth)} this month, savings ${usd(g.savingsRecommended)} recommended / ${usd(g.savingsApplied)} applied, ${g.idle} idle`;
  return [
    `Cost ${cost.month} (estimated): ${line(cost.total)}`,
    ...cost.byBillingMode.map((g) => `  mode ${line(g)}`),
    ...cost.byDepartment.map((g) => `  department ${line(g)}`),
  ];
}

/** The cost section of the HTML report: a table per grouping and a table of WorkSpaces. */
export function costHtml(cost: CostReview | undefined, note?: string): string {
  if (!cost)
    return `<h2 id="cost">Cost</h2><p>${html(note ?? 'Usage was not read (fleetReview.cost.enabled is off).')}</p>`;
  const groupTable = (id: string, title: string, groups: CostGroup[]) =>
    `<h3>${title}</h3><table id="${id}"><thead><tr><th>${title.split(' ').pop()}</th><th>WorkSpaces</th><th>billable hours</th><th>cost this month</th><th>savings recommended</th><th>savings applied</th><th>idle</th></tr></thead><tbody>${[
      ...groups,
      cost.total,
    ]
      .map(
        (g) =>
          `<tr><td>${html(g.key)}</td><td>${g.workspaces}</td><td>${g.billableHours}</td><td>${usd(g.costThisMonth)}</td><td>${usd(g.savingsRecommended)}</td><td>${usd(g.savingsApplied)}</td><td>${g.idle}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  const rows = cost.rows
    .filter((r) => r.billing.to || r.unused.unused || r.autoStopError)
    .map(
      (r) =>
        `<tr><td>${html(r.workspaceId)}</td><td>${html(r.userName)}</td><td>${html(r.department)}</td><td>${html(r.runningMode)}</td><td>${r.billableHours}</td><td>${html(r.lastConnection ?? 'never')}</td><td>${html(r.billing.to ?? '')}</td><td>${r.billing.to ? usd(r.billing.savings) : ''}</td><td>${html(r.billing.to ? `${r.billing.outcome}: ${r.billing.reason}` : '')}</td><td>${html(r.unused.unused ? `${r.unused.step ?? 'waiting'} (${r.unused.outcome}): ${r.unused.reason}${r.unused.removalDay ? `; removal day ${r.unused.removalDay}` : ''}` : '')}</td><td>${html(r.autoStopError ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<h2 id="cost">Cost ${html(cost.month)} (estimated)</h2>
<p>Prices: the shipped table (${html(priceTableSource)}, as of ${priceTableDate}) unless configured; months are UTC months${
    cost.lastDayOfMonth ? '; today is the month’s last day: monthly to hourly changes are due' : ''
  }.</p>
${groupTable('cost-by-mode', 'By billing mode', cost.byBillingMode)}
${groupTable('cost-by-department', 'By department', cost.byDepartment)}
<h3>Recommendations and idle desktops</h3>
${
  rows
    ? `<table id="cost-rows"><thead><tr><th>WorkSpace</th><th>user</th><th>department</th><th>mode</th><th>billable hours</th><th>last connection</th><th>recommended</th><th>saves a month</th><th>billing change</th><th>unused</th><th>auto-stop tag</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>None.</p>'
}`;
}
