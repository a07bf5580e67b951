import type { FleetReview } from './fleet';
import { findingKinds } from './fleet';
import type { RosterError } from './roster';

/** What the report says about the run beside its findings. */
export interface ReportMeta {
  reviewId: string;
  now: string;
  rosterSource: string;
  rosterRows: number;
  rosterErrors: RosterError[];
  dryRun: boolean;
  /** WorkSpaces API calls the review's reads made. */
  workspacesCalls?: number;
}

const csvColumns = [
  'kind',
  'workspaceId',
  'directoryId',
  'userName',
  'employeeId',
  'state',
  'detail',
  'action',
  'outcome',
  'reason',
] as const;

/** The findings as CSV, one row each, with a header. */
export function reportCsv(review: FleetReview): string {
  const quote = (v: unknown) => {
    const s = v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = review.findings.map((f) => csvColumns.map((c) => quote(f[c])).join(','));
  return `${[csvColumns.join(','), ...rows].join('\n')}\n`;
}

const html = (v: unknown) =>
  (v === undefined ? '' : String(v)).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The report as one self-contained HTML page (no external script, style or font): counts by
 * kind, the findings in a table with a kind filter and a text filter, what was done and what was
 * skipped and why, and the roster rows refused.
 */
export function reportHtml(review: FleetReview, meta: ReportMeta): string {
  const counts = findingKinds
    .map(
      (k) =>
        `<div class="count" data-kind="${k}"><span class="n" id="count-${k}">${review.counts[k]}</span><span>${k}</span></div>`,
    )
    .join('');
  const rows = review.findings
    .map(
      (f) =>
        `<tr data-kind="${f.kind}" data-outcome="${f.outcome}"><td>${html(f.kind)}</td><td>${html(f.workspaceId)}</td><td>${html(f.userName)}</td><td>${html(f.employeeId)}</td><td>${html(f.state)}</td><td>${html(f.detail)}</td><td>${html(f.action)}</td><td>${html(f.outcome)}</td><td>${html(f.reason)}</td></tr>`,
    )
    .join('\n');
  const errors = meta.rosterErrors
    .map((e) => `<tr><td>${e.line}</td><td>${html(e.field)}</td><td>${html(e.message)}</td></tr>`)
    .join('\n');
  const options = ['all', ...findingKinds].map((k) => `<option value="${k}">${k}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fleet review ${html(meta.reviewId)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
.counts{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0}
.count{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;min-width:6rem;text-align:center}
.count .n{display:block;font-size:1.6rem;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}tr[data-outcome=started] td:nth-child(8){color:#06702b;font-weight:600}
tr[data-outcome=skipped] td:nth-child(8){color:#a15c00}
.warn{background:#fff4e0;border:1px solid #f0c36d;padding:.5rem 1rem;border-radius:6px}
</style></head><body>
<h1>Fleet review</h1>
<p>Review <code>${html(meta.reviewId)}</code> at ${html(meta.now)}; roster <code>${html(meta.rosterSource)}</code>:
${meta.rosterRows} rows, ${meta.rosterErrors.length} refused; ${review.fleetSize} WorkSpaces${
    meta.workspacesCalls === undefined ? '' : `, ${meta.workspacesCalls} WorkSpaces API calls`
  }${meta.dryRun ? '; <strong>dry run</strong>: nothing was changed' : ''}.</p>
${review.refusal ? `<p class="warn" id="refusal">Removals refused: ${html(review.refusal)}</p>` : ''}
<div class="counts" id="counts">${counts}</div>
<p><label>Kind <select id="kind-filter">${options}</select></label>
<label>Contains <input id="text-filter" type="search" placeholder="user, id, reason"></label>
<span id="shown"></span></p>
<table id="findings"><thead><tr><th>kind</th><th>WorkSpace</th><th>user</th><th>employee</th><th>state</th><th>detail</th><th>action</th><th>outcome</th><th>why</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Roster rows refused</h2>
${errors ? `<table id="roster-errors"><thead><tr><th>line</th><th>field</th><th>reason</th></tr></thead><tbody>${errors}</tbody></table>` : '<p>None.</p>'}
<script>
(function () {
  var kind = document.getElementById('kind-filter');
  var text = document.getElementById('text-filter');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr'));
  function apply() {
    var k = kind.value, t = text.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (row) {
      var visible = (k === 'all' || row.getAttribute('data-kind') === k) &&
        (t === '' || row.textContent.toLowerCase().indexOf(t) !== -1);
      row.style.display = visible ? '' : 'none';
      if (visible) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' shown';
  }
  kind.addEventListener('change', apply);
  text.addEventListener('input', apply);
  apply();
})();
</script>
</body></html>
`;
}
