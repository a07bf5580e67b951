/**
 * `npm run bench`: cohorts of joiners through the sandbox in compressed time, with the
 * emulator's API rate limit and provisioning-time distribution on, for the project's state
 * machine and for a baseline polling loop; cohorts of leavers, and of joiners and leavers at
 * once; prints the figures, writes them as JSON and a chart.
 * Exits 0 when every cohort ran, whatever the figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CohortResult, type LeaverCohortResult, prices } from './metrics';
import { defaultAlwaysOnShare, defaultGraceHours } from './people';
import {
  chartSvg,
  cohortTable,
  duration,
  leaverCallsTable,
  leaverTable,
  leaverTargetChecks,
  ratios,
  ratioTable,
  sweepTable,
  table,
  targetChecks,
} from './report';
import { type CohortRequest, runCohortProcess, runLeaverCohortProcess } from './spawn';

const defaultSweep = '300:1.5,600:1,600:1.5,600:1.9,900:1.5';

const usage = `Usage: npm run bench -- [options]
  --sizes 10,100,1000   cohort sizes (default 10,100,1000)
  --large               add a 5000-joiner cohort
  --seed N              emulator seed (default 1)
  --time-scale X        simulated seconds per real second for every cohort
                        (default per size: 120 up to 10 joiners, 30 up to 100,
                        10 up to 1000, 5 above)
  --no-baseline         only the state machine
  --sweep               also sweep the provisioner's settings for --sweep-size joiners (state machine only)
  --sweep-only          only the sweep
  --sweep-size N        joiners per sweep cohort (default 1000)
  --sweep-grid LIST     firstLookSeconds:callsPerSecond pairs (default ${defaultSweep})
  --repeat N            run each main cohort N times and report how far the runs differ (default 1)
  --leavers 100,1000    leaver cohorts: N people with AVAILABLE WorkSpaces leave at t = 0, immediate
  --mixed 100           mixed cohorts: N joiners and N (other) leavers at t = 0
  --lastday             leavers also (mixed: instead) with a lastWorkingDay ending 15 simulated
                        minutes after the events, so every cut falls due at the same midnight
  --always-on SHARE     share of leavers' WorkSpaces running ALWAYS_ON (default ${defaultAlwaysOnShare})
  --grace-hours H       the leavers' grace period (default ${defaultGraceHours}; fractions of days are allowed)
  --out DIR             where results go (default bench/results)
With no cohort option, everything runs: joiners 10,100,1000 (and baselines), leavers 100,1000 and
mixed 100. Naming --sizes, --leavers or --mixed runs only the cohorts named.`;

function list(text: string, flag: string, emptyAllowed = false): number[] {
  if (emptyAllowed && text === '') return [];
  const values = text.split(',').map(Number);
  if (values.some((n) => !(Number.isInteger(n) && n > 0)))
    throw new Error(`${flag}: whole numbers, comma-separated`);
  return values;
}

function grid(text: string) {
  return text.split(',').map((pair) => {
    const [firstLookSeconds, callsPerSecond] = pair.split(':').map(Number);
    if (!(Number.isInteger(firstLookSeconds) && firstLookSeconds >= 0 && callsPerSecond > 0))
      throw new Error(`--sweep-grid: "${pair}" is not firstLookSeconds:callsPerSecond`);
    return { firstLookSeconds, callsPerSecond };
  });
}

const label = (r: Pick<CohortRequest, 'flow' | 'size' | 'provisioner'>) =>
  `${r.flow} N=${r.size}${r.provisioner ? ` firstLook=${r.provisioner.firstLookSeconds}s calls=${r.provisioner.callsPerSecond}/s` : ''}`;

async function run(request: CohortRequest): Promise<CohortResult> {
  process.stdout.write(`  running ${label(request)} ... `);
  const result = await runCohortProcess(request);
  console.log(
    `${result.succeeded}/${result.size} ok, ${result.realSeconds.toFixed(0)} s real at scale ${result.timeScale} (flows started within ${result.startSpreadSeconds.toFixed(0)} s simulated; event loop delay p99 ${result.eventLoopDelayMs.p99.toFixed(0)} ms, max ${result.eventLoopDelayMs.max.toFixed(0)} ms)`,
  );
  warnUnhandled(result);
  return result;
}

function warnUnhandled(result: Pick<CohortResult, 'unhandledRejections'>) {
  const unhandled = result.unhandledRejections;
  if (unhandled)
    console.log(`    the sandbox left ${unhandled.count} rejections unhandled (first: ${unhandled.first})`);
}

/** Relative difference of two runs' figures: |a - b| / mean. */
function variation(a: CohortResult, b: CohortResult) {
  const rel = (x: number, y: number) => (x + y === 0 ? 0 : Math.abs(x - y) / ((x + y) / 2));
  return {
    size: a.size,
    flow: a.flow,
    makespan: rel(a.makespanSeconds, b.makespanSeconds),
    readyP50: rel(a.timeToReady.p50, b.timeToReady.p50),
    readyP95: rel(a.timeToReady.p95, b.timeToReady.p95),
    lagP95: rel(a.detectionLag.p95, b.detectionLag.p95),
    callsPerJoiner: rel(a.workspacesApi.acceptedPerJoiner, b.workspacesApi.acceptedPerJoiner),
    throttledPerJoiner: rel(a.workspacesApi.throttledPerJoiner, b.workspacesApi.throttledPerJoiner),
    transitionsPerJoiner: rel(a.transitionsPerJoiner, b.transitionsPerJoiner),
    failed: `${a.failed} / ${b.failed}`,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      large: { type: 'boolean' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      'no-baseline': { type: 'boolean' },
      sweep: { type: 'boolean' },
      'sweep-only': { type: 'boolean' },
      'sweep-size': { type: 'string' },
      'sweep-grid': { type: 'string' },
      repeat: { type: 'string' },
      leavers: { type: 'string' },
      mixed: { type: 'string' },
      lastday: { type: 'boolean' },
      'always-on': { type: 'string' },
      'grace-hours': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const named = values.sizes !== undefined || values.leavers !== undefined || values.mixed !== undefined;
  const sizes =
    named && values.sizes === undefined
      ? values.large
        ? [5000]
        : []
      : [...list(values.sizes ?? '10,100,1000', '--sizes'), ...(values.large ? [5000] : [])];
  const leaverSizes = named ? list(values.leavers ?? '', '--leavers', true) : [100, 1000];
  const mixedSizes = named ? list(values.mixed ?? '', '--mixed', true) : [100];
  const alwaysOnShare = values['always-on'] === undefined ? undefined : Number(values['always-on']);
  const graceHours = values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']);
  const seed = Number(values.seed ?? 1);
  const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
  const repeat = Number(values.repeat ?? 1);
  const flows = values['no-baseline'] ? (['ours'] as const) : (['ours', 'baseline'] as const);
  const sweepSize = list(values['sweep-size'] ?? '1000', '--sweep-size')[0];
  const sweepGrid = values.sweep || values['sweep-only'] ? grid(values['sweep-grid'] ?? defaultSweep) : [];
  const startedAt = new Date();
  const realStart = performance.now();

  console.log('workspaces-lifecycle bench: Monday-morning cohorts through the sandbox, simulated time');
  console.log(
    'Emulator defaults: 2 WorkSpaces API calls/s, bursts of 5; provisioning ~N(20 min, 3 min), at least 10 min.\n',
  );
  const results: CohortResult[] = [];
  const repeats: CohortResult[][] = [];
  if (!values['sweep-only']) {
    for (const size of sizes)
      for (const flow of flows) {
        const runs: CohortResult[] = [];
        for (let i = 0; i < repeat; i++) runs.push(await run({ flow, size, seed, timeScale }));
        results.push(runs[0]);
        repeats.push(runs);
      }
  }
  const leaverRequests: Array<CohortRequest & { cohort: 'leavers' | 'mixed' }> = [
    ...leaverSizes.flatMap((size) => [
      { cohort: 'leavers' as const, size, lastDay: false },
      ...(values.lastday ? [{ cohort: 'leavers' as const, size, lastDay: true }] : []),
    ]),
    ...mixedSizes.map((size) => ({ cohort: 'mixed' as const, size, lastDay: values.lastday ?? false })),
  ].map((r) => ({ ...r, flow: 'ours' as const, seed, timeScale, alwaysOnShare, graceHours }));
  const leaverResults: LeaverCohortResult[] = [];
  for (const request of leaverRequests) {
    process.stdout.write(
      `  running ${request.cohort}${request.lastDay ? ' lastday' : ''} N=${request.size} ... `,
    );
    const result = await runLeaverCohortProcess(request);
    console.log(
      `${result.succeeded}/${result.size} leavers ok${result.joiners ? `, ${result.joiners.succeeded}/${result.joiners.size} joiners ok` : ''}, ${result.realSeconds.toFixed(0)} s real at scale ${result.timeScale} (flows started within ${result.startSpreadSeconds.toFixed(0)} s simulated; event loop delay p99 ${result.eventLoopDelayMs.p99.toFixed(0)} ms, max ${result.eventLoopDelayMs.max.toFixed(0)} ms)`,
    );
    warnUnhandled(result);
    leaverResults.push(result);
  }
  const sweep: CohortResult[] = [];
  for (const provisioner of sweepGrid)
    sweep.push(await run({ flow: 'ours', size: sweepSize, seed, timeScale, provisioner }));

  if (results.length > 0) {
    console.log('\nPer cohort (durations h:mm:ss simulated; /j = per joiner):\n');
    console.log(cohortTable(results));
    const failing = [...results, ...sweep].filter((r) => r.failed > 0);
    if (failing.length > 0) {
      console.log('\nWhy joiners failed (count, then the first cause seen):');
      for (const r of failing)
        for (const [reason, n] of Object.entries(r.failureReasons))
          console.log(`  ${label(r)}: ${reason} x${n}: ${r.failureSamples?.[reason] ?? ''}`);
    }
    const rows = ratios(results);
    if (rows.length > 0) {
      console.log('\nState machine / baseline (below 1: the state machine is lower):\n');
      console.log(ratioTable(rows));
    }
    const big = results.find((r) => r.flow === 'ours' && r.size === 1000);
    if (big) {
      console.log('\nTargets at 1000 joiners:\n');
      console.log(
        table(
          ['target', 'measured', 'met'],
          targetChecks(big).map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']),
        ),
      );
    }
  }
  if (leaverResults.length > 0) {
    const first = leaverResults[0];
    console.log(
      `\nLeavers (simulated h:mm:ss; /l = per leaver; AO = ALWAYS_ON WorkSpaces, ${(first.alwaysOnShare * 100).toFixed(0)} %; grace ${duration(first.graceSeconds)}; cut and stopped from when access fell due, removed and confirmed from the grace end):\n`,
    );
    console.log(leaverTable(leaverResults));
    console.log(
      "\nCalls per leaver by operation (mixed: DescribeWorkspaces is the leavers' share, as the provisioner's rounds counted it):\n",
    );
    console.log(leaverCallsTable(leaverResults));
    const mixed = leaverResults.filter((r) => r.joiners);
    if (mixed.length > 0) {
      console.log(
        '\nThe joiners of the mixed cohorts (WS calls: CreateWorkspaces and all DescribeWorkspaces):\n',
      );
      console.log(cohortTable(mixed.flatMap((r) => (r.joiners ? [r.joiners] : []))));
    }
    const failing = leaverResults.filter((r) => r.failed > 0);
    for (const r of failing)
      for (const [reason, n] of Object.entries(r.failureReasons))
        console.log(`  ${r.kind} N=${r.size}: ${reason} x${n}: ${r.failureSamples?.[reason] ?? ''}`);
    for (const r of leaverResults.filter((x) => x.size === 1000 && !x.lastDay)) {
      console.log(
        `\nTargets, ${r.kind} at 1000${r.kind === 'mixed' ? " (the leavers; the joiners' as above)" : ''}:\n`,
      );
      console.log(
        table(
          ['target', 'measured', 'met'],
          leaverTargetChecks(r).map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']),
        ),
      );
    }
    console.log(
      '\nLB: access cut 0 (one DisableUser each; the emulator does not limit Directory Service Data); stopped k-th = call ceil(k/25) + max(0, k - AUTO_STOP count) at max(0, j - 5)/2 s, + 60 s STOPPING; removed k-th = call ceil(k/25) at max(0, j - 5)/2 s after the grace end, + 240 s TERMINATING and TERMINATED; k = ceil(0.95 N) for p95.',
    );
  }
  if (sweep.length > 0) {
    console.log(`\nProvisioner settings sweep, ${sweepSize} joiners, state machine:\n`);
    console.log(sweepTable(sweep));
  }
  const variations = repeats.filter((runs) => runs.length > 1).map((runs) => variation(runs[0], runs[1]));
  if (variations.length > 0) {
    const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
    console.log(`\nRun to run, same seed (${seed}), first two runs, |a - b| / mean:\n`);
    console.log(
      table(
        [
          'flow',
          'N',
          'makespan',
          'ready p50',
          'ready p95',
          'lag p95',
          'calls/j',
          'thr/j',
          'trans/j',
          'failed',
        ],
        variations.map((v) => [
          v.flow,
          String(v.size),
          pct(v.makespan),
          pct(v.readyP50),
          pct(v.readyP95),
          pct(v.lagP95),
          pct(v.callsPerJoiner),
          pct(v.throttledPerJoiner),
          pct(v.transitionsPerJoiner),
          v.failed,
        ]),
      ),
    );
  }
  console.log(
    `\nLB = ceil(N/25)/2 s (fewest CreateWorkspaces calls at 2/s) + longest provisioning time drawn (availableAt - createdAt).`,
  );
  console.log(
    `Cost per joiner: Step Functions $${prices.stepFunctionsTransition * 1000}/1,000 transitions; Lambda $0.20/1M requests + arm64 $${prices.lambdaArmGbSecond}/GB-s at an assumed ${prices.assumedLambdaSeconds * 1000} ms per task and the provisioner's measured duration, ${prices.lambdaGb * 1024} MB; DynamoDB on-demand $1.25/1M writes, $0.25/1M reads (each Scan page counted as a full 1 MB); EventBridge $1/1M events; SES $0.10/1,000 emails; SNS $0.50/1M; WorkSpaces API calls free. The baseline's own compute is not priced.`,
  );

  const outDir = values.out ?? join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const jsonPath = join(outDir, `bench-${stamp}.json`);
  const svgPath = join(outDir, `bench-${stamp}.svg`);
  const cpu = cpus();
  writeFileSync(
    jsonPath,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
        machine: {
          cpu: cpu[0]?.model ?? 'unknown',
          cores: cpu.length,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          os: `${platform()} ${release()}`,
          node: process.version,
        },
        realSeconds: (performance.now() - realStart) / 1000,
        lowerBound: 'ceil(N/25)/2 s + longest provisioning time drawn (availableAt - createdAt)',
        prices,
        results,
        leaverResults,
        leaverLowerBound:
          'access cut 0; stopped k-th: ceil(k/25) + max(0, k - autoStop) calls, the j-th at max(0, j - 5)/2 s, + 60 s; removed k-th: ceil(k/25) calls from the grace end, + 240 s',
        ratios: ratios(results),
        sweep,
        repeats: repeats.filter((runs) => runs.length > 1),
        variations,
      },
      null,
      2,
    )}\n`,
  );
  if (results.length > 0)
    writeFileSync(svgPath, chartSvg(results, 'Time to ready against cohort size (simulated)'));
  console.log(`\nResults: ${jsonPath}`);
  if (results.length > 0) console.log(`Chart:   ${svgPath}`);
  console.log(`Bench took ${((performance.now() - realStart) / 1000).toFixed(0)} s real.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench: failed:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
