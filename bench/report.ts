import type { CohortResult, LeaverCohortResult } from './metrics';

/** `h:mm:ss` of simulated seconds. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Aligned columns, as the demo prints them. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const perJoiner = (r: CohortResult, operation: string) => (r.workspacesApi.accepted[operation] ?? 0) / r.size;

/** The main table: one row per cohort size and flow. */
export function cohortTable(results: readonly CohortResult[]): string {
  const header = [
    'flow',
    'N',
    'ok',
    'failed',
    'makespan',
    'LB',
    'ratio',
    'ready p50',
    'p95',
    'max',
    'lag p50',
    'p95',
    'WS calls/j (C+D+o)',
    'thr/j',
    'λ/j',
    'trans/j',
    '$/joiner',
    'scale',
    'real s',
  ];
  const rows = results.map((r) => {
    const create = perJoiner(r, 'CreateWorkspaces');
    const describe = perJoiner(r, 'DescribeWorkspaces');
    const other = r.workspacesApi.acceptedPerJoiner - create - describe;
    return [
      r.flow,
      String(r.size),
      String(r.succeeded),
      String(r.failed),
      duration(r.makespanSeconds),
      duration(r.lowerBound.seconds),
      fixed(r.makespanRatio),
      duration(r.timeToReady.p50),
      duration(r.timeToReady.p95),
      duration(r.timeToReady.max),
      duration(r.detectionLag.p50),
      duration(r.detectionLag.p95),
      `${fixed(r.workspacesApi.acceptedPerJoiner)} (${fixed(create)}+${fixed(describe)}+${fixed(other, 3)})`,
      fixed(r.workspacesApi.throttledPerJoiner),
      fixed(r.lambdaInvocationsPerJoiner, 1),
      fixed(r.transitionsPerJoiner, 1),
      r.costPerJoiner.total.toFixed(5),
      String(r.timeScale),
      fixed(r.realSeconds, 0),
    ];
  });
  return table(header, rows);
}

/** Our figures over the baseline's, per cohort size (below 1 is better for ours). */
export interface Ratio {
  size: number;
  /** Joiners onboarded by each flow: ratios over different survivors compare little. */
  onboarded: string;
  makespan: number;
  readyP50: number;
  readyP95: number;
  readyMax: number;
  lagP95: number;
  acceptedCallsPerJoiner: number;
  throttledPerJoiner: number;
}

export function ratios(results: readonly CohortResult[]): Ratio[] {
  const sizes = [...new Set(results.map((r) => r.size))].sort((a, b) => a - b);
  return sizes.flatMap((size) => {
    const ours = results.find((r) => r.size === size && r.flow === 'ours' && !r.provisioner);
    const base = results.find((r) => r.size === size && r.flow === 'baseline');
    if (!ours || !base) return [];
    const over = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
    return [
      {
        size,
        onboarded: `${ours.succeeded} / ${base.succeeded}`,
        makespan: over(ours.makespanSeconds, base.makespanSeconds),
        readyP50: over(ours.timeToReady.p50, base.timeToReady.p50),
        readyP95: over(ours.timeToReady.p95, base.timeToReady.p95),
        readyMax: over(ours.timeToReady.max, base.timeToReady.max),
        lagP95: over(ours.detectionLag.p95, base.detectionLag.p95),
        acceptedCallsPerJoiner: over(
          ours.workspacesApi.acceptedPerJoiner,
          base.workspacesApi.acceptedPerJoiner,
        ),
        throttledPerJoiner: over(
          ours.workspacesApi.throttledPerJoiner,
          base.workspacesApi.throttledPerJoiner,
        ),
      },
    ];
  });
}

export function ratioTable(rows: readonly Ratio[]): string {
  return table(
    [
      'N',
      'onboarded',
      'makespan',
      'ready p50',
      'ready p95',
      'ready max',
      'lag p95',
      'WS calls/j',
      'throttled/j',
    ],
    rows.map((r) => [
      String(r.size),
      r.onboarded,
      fixed(r.makespan),
      fixed(r.readyP50),
      fixed(r.readyP95),
      fixed(r.readyMax),
      fixed(r.lagP95),
      fixed(r.acceptedCallsPerJoiner),
      fixed(r.throttledPerJoiner),
    ]),
  );
}

/** The provisioner sweep: one row per (firstLookSeconds, callsPerSecond). */
export function sweepTable(results: readonly CohortResult[]): string {
  return table(
    [
      'firstLook s',
      'calls/s',
      'N',
      'ok',
      'failed',
      'makespan',
      'ratio',
      'ready p50',
      'p95',
      'lag p50',
      'p95',
      'WS calls/j',
      'thr/j',
      'trans/j',
      'failures',
    ],
    results.map((r) => [
      String(r.provisioner?.firstLookSeconds ?? '-'),
      String(r.provisioner?.callsPerSecond ?? '-'),
      String(r.size),
      String(r.succeeded),
      String(r.failed),
      duration(r.makespanSeconds),
      fixed(r.makespanRatio),
      duration(r.timeToReady.p50),
      duration(r.timeToReady.p95),
      duration(r.detectionLag.p50),
      duration(r.detectionLag.p95),
      fixed(r.workspacesApi.acceptedPerJoiner),
      fixed(r.workspacesApi.throttledPerJoiner),
      fixed(r.transitionsPerJoiner, 1),
      Object.entries(r.failureReasons)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  );
}

/** The issue's targets, checked on the 1000-joiner cohort of our flow. */
export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

export function targetChecks(r: CohortResult): TargetCheck[] {
  const calls = r.workspacesApi.acceptedPerJoiner;
  const withThrottled = calls + r.workspacesApi.throttledPerJoiner;
  const perOnboarded = r.succeeded > 0 ? (calls * r.size) / r.succeeded : Number.POSITIVE_INFINITY;
  return [
    { target: '0 failed executions', value: String(r.failed), met: r.failed === 0 },
    {
      target: 'makespan <= 1.25 x LB',
      // A makespan over part of the cohort says nothing about the cohort.
      value: `${fixed(r.makespanRatio)} x${r.failed > 0 ? ` (over the ${r.succeeded} who got an email)` : ''}`,
      met: r.failed === 0 && r.makespanRatio <= 1.25,
    },
    {
      target: '<= 4 WorkSpaces API calls per joiner',
      // Failed joiners stop early and flatter the average: judge by the joiners onboarded.
      value: `${fixed(calls)} accepted (${fixed(withThrottled)} with throttled answers); ${fixed(perOnboarded)} per onboarded joiner`,
      met: perOnboarded <= 4,
    },
    {
      target: '<= 25 state transitions per joiner',
      value: fixed(r.transitionsPerJoiner, 1),
      met: r.transitionsPerJoiner <= 25,
    },
    {
      target: 'detection lag p95 < 3 min',
      value: duration(r.detectionLag.p95),
      met: r.detectionLag.p95 < 180,
    },
  ];
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Time to ready (p50 and p95, simulated minutes) against cohort size (log scale) for both flows,
 * as a hand-written SVG.
 */
export function chartSvg(results: readonly CohortResult[], title: string): string {
  const width = 720;
  const height = 440;
  const left = 70;
  const right = 170;
  const top = 50;
  const bottom = 60;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const main = results.filter((r) => !r.provisioner);
  const sizes = [...new Set(main.map((r) => r.size))].sort((a, b) => a - b);
  const minutes = main.flatMap((r) => [r.timeToReady.p50 / 60, r.timeToReady.p95 / 60]);
  const yMax = Math.max(10, Math.ceil(Math.max(0, ...minutes) / 10) * 10);
  const lo = Math.log10(Math.min(...sizes, 10));
  const hi = Math.log10(Math.max(...sizes, 100));
  const x = (size: number) => left + (hi > lo ? ((Math.log10(size) - lo) / (hi - lo)) * plotW : plotW / 2);
  const y = (min: number) => top + plotH - (min / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
    '<title>Time to ready against cohort size, workspaces-lifecycle and the per-joiner baseline</title>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  const yStep = yMax / 5;
  for (let i = 0; i <= 5; i++) {
    const value = i * yStep;
    parts.push(
      `<line x1="${left}" y1="${y(value).toFixed(1)}" x2="${left + plotW}" y2="${y(value).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${left - 8}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${Math.round(value)}</text>`,
    );
  }
  for (const size of sizes) {
    parts.push(
      `<line x1="${x(size).toFixed(1)}" y1="${top}" x2="${x(size).toFixed(1)}" y2="${top + plotH}" stroke="#eee"/>`,
      `<text x="${x(size).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${size}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="black"/>`,
    `<text x="${left + plotW / 2}" y="${height - 18}" text-anchor="middle">joiners in the cohort (log scale)</text>`,
    `<text x="18" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 18 ${top + plotH / 2})">event to welcome email, simulated minutes</text>`,
  );
  const series = [
    { flow: 'ours', key: 'p50', label: 'state machine p50', color: '#1f6feb', dash: '' },
    { flow: 'ours', key: 'p95', label: 'state machine p95', color: '#1f6feb', dash: '6 4' },
    { flow: 'baseline', key: 'p50', label: 'baseline loop p50', color: '#d1242f', dash: '' },
    { flow: 'baseline', key: 'p95', label: 'baseline loop p95', color: '#d1242f', dash: '6 4' },
  ] as const;
  series.forEach((s, i) => {
    const points = main
      .filter((r) => r.flow === s.flow && r.succeeded > 0)
      .sort((a, b) => a.size - b.size)
      .map((r) => [x(r.size), y(r.timeToReady[s.key] / 60)] as const);
    if (points.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`,
        ...points.map(
          ([px, py]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${s.color}"/>`,
        ),
      );
    }
    const ly = top + 10 + i * 20;
    parts.push(
      `<line x1="${left + plotW + 15}" y1="${ly}" x2="${left + plotW + 45}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      `<text x="${left + plotW + 52}" y="${ly + 4}">${s.label}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Short names of the operations in the leaver tables. */
const operationAbbreviations: Record<string, string> = {
  DescribeWorkspaces: 'D',
  DescribeTags: 'T',
  CreateTags: 'Tag',
  ModifyWorkspaceProperties: 'M',
  StopWorkspaces: 'S',
  TerminateWorkspaces: 'X',
  CreateWorkspaces: 'C',
};

const leaverLabel = (r: LeaverCohortResult) => `${r.kind}${r.lastDay ? ' lastday' : ''}`;
const spreadCells = (s: { p50: number; p95: number; max: number }) => [
  duration(s.p50),
  duration(s.p95),
  duration(s.max),
];

/** The leaver table: one row per leaver (or mixed) cohort; /l = per leaver. */
export function leaverTable(results: readonly LeaverCohortResult[]): string {
  const header = [
    'cohort',
    'N',
    'AO',
    'ok',
    'failed',
    'cut p50',
    'p95',
    'max',
    'stopped p50',
    'p95',
    'max',
    'LB p95',
    'removed p95',
    'LB p95',
    'confirmed p95',
    'WS calls/l',
    'thr/l',
    'DS/l',
    'SFN List+Desc/l',
    'λ/l',
    'trans/l',
    '$/leaver',
    'scale',
    'real s',
  ];
  const rows = results.map((r) => {
    const sfn = r.stepFunctionsApi.perLeaver;
    return [
      leaverLabel(r),
      String(r.size),
      String(r.alwaysOn),
      String(r.succeeded),
      String(r.failed),
      ...spreadCells(r.accessCut),
      ...spreadCells(r.stopped),
      duration(r.lowerBounds.stoppedP95Seconds),
      duration(r.removedAfterGrace.p95),
      duration(r.lowerBounds.removedP95Seconds),
      duration(r.removalConfirmed.p95),
      fixed(r.workspacesApi.acceptedPerLeaver),
      fixed(r.workspacesApi.throttledPerLeaver),
      fixed(r.directoryApi.perLeaver),
      `${fixed(sfn.ListExecutions ?? 0)}+${fixed(sfn.DescribeExecution ?? 0)}`,
      fixed(r.lambdaInvocationsPerLeaver, 1),
      fixed(r.transitionsPerLeaver, 1),
      r.costPerLeaver.total.toFixed(5),
      String(r.timeScale),
      fixed(r.realSeconds, 0),
    ];
  });
  return table(header, rows);
}

/** Calls per leaver by operation: WorkSpaces (accepted, then throttled), Directory Service, Step Functions. */
export function leaverCallsTable(results: readonly LeaverCohortResult[]): string {
  const keys = (pick: (r: LeaverCohortResult) => Record<string, number>) =>
    [...new Set(results.flatMap((r) => Object.keys(pick(r))))].sort();
  const sections: Array<[string, (r: LeaverCohortResult) => Record<string, number>]> = [
    ['workspaces', (r) => r.workspacesApi.accepted],
    ['workspaces throttled', (r) => r.workspacesApi.throttled],
    ['directory', (r) => r.directoryApi.calls],
    ['tagging', (r) => r.taggingApi.calls],
    ['states', (r) => r.stepFunctionsApi.calls],
  ];
  const rows = sections.flatMap(([section, pick]) =>
    keys(pick).map((op) => [
      `${section} ${operationAbbreviations[op] && section.startsWith('workspaces') ? `${op} (${operationAbbreviations[op]})` : op}`,
      ...results.map((r) => fixed((pick(r)[op] ?? 0) / r.size)),
    ]),
  );
  return table(['calls per leaver', ...results.map((r) => `${leaverLabel(r)} ${r.size}`)], rows);
}

/** The issue's leaver targets, checked on a cohort of 1000 immediate leavers (or any other). */
export function leaverTargetChecks(r: LeaverCohortResult): TargetCheck[] {
  const calls = r.workspacesApi.acceptedPerLeaver;
  const withThrottled = calls + r.workspacesApi.throttledPerLeaver;
  const complete = r.failed === 0;
  return [
    { target: '0 failed executions', value: String(r.failed), met: r.failed === 0 },
    {
      target: 'access cut p95 <= 2 min',
      value: `${duration(r.accessCut.p95)}${r.accessCut.missing > 0 ? ` (${r.accessCut.missing} never cut)` : ''}`,
      met: r.accessCut.missing === 0 && r.accessCut.p95 <= 120,
    },
    {
      target: 'WorkSpace stopped p95 <= 15 min',
      value: `${duration(r.stopped.p95)}${r.stopped.missing > 0 ? ` (${r.stopped.missing} never stopped)` : ''}`,
      met: r.stopped.missing === 0 && r.stopped.p95 <= 900,
    },
    {
      target: 'removal confirmed p95 <= 30 min after grace end',
      value: `${duration(r.removalConfirmed.p95)} (WorkSpace gone p95 ${duration(r.removedAfterGrace.p95)})`,
      met: complete && r.removalConfirmed.missing === 0 && r.removalConfirmed.p95 <= 1800,
    },
    {
      target: '<= 3 WorkSpaces calls per leaver, in total',
      value: `${fixed(calls)} accepted, ${fixed(withThrottled)} with throttled answers`,
      met: withThrottled <= 3,
    },
  ];
}
