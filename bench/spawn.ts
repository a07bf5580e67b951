import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  type CohortKind,
  type CohortResult,
  type Flow,
  type LeaverCohortResult,
  resultPrefix,
  type SweptSettings,
} from './metrics';

/** One cohort to run in a child process. */
export interface CohortRequest {
  flow: Flow;
  size: number;
  seed: number;
  /** Simulated seconds per real second; the cohort's default when absent. */
  timeScale?: number;
  provisioner?: SweptSettings;
  /** Joiners (the default), leavers, or as many of each at once; `size` counts each kind. */
  cohort?: CohortKind;
  /** Leavers: a `lastWorkingDay` ending shortly after the events, instead of `immediate: true`. */
  lastDay?: boolean;
  /** Leavers: share of WorkSpaces running ALWAYS_ON (default 0.3). */
  alwaysOnShare?: number;
  /** Leavers: the grace period in hours (default 1). */
  graceHours?: number;
}

const root = join(__dirname, '..');

/** The command line of `bench/cohort.ts` for a request. */
export function cohortArgs(request: CohortRequest): string[] {
  return [
    '--flow',
    request.flow,
    '--size',
    String(request.size),
    '--seed',
    String(request.seed),
    ...(request.timeScale !== undefined ? ['--time-scale', String(request.timeScale)] : []),
    ...(request.cohort !== undefined ? ['--cohort', request.cohort] : []),
    ...(request.lastDay ? ['--last-day'] : []),
    ...(request.alwaysOnShare !== undefined ? ['--always-on', String(request.alwaysOnShare)] : []),
    ...(request.graceHours !== undefined ? ['--grace-hours', String(request.graceHours)] : []),
    ...(request.provisioner
      ? [
          '--first-look',
          String(request.provisioner.firstLookSeconds),
          '--calls-per-second',
          String(request.provisioner.callsPerSecond),
        ]
      : []),
  ];
}

/**
 * Runs one cohort in its own process (the sandbox's clock is process-wide and the task
 * functions build their clients once per process) with this process's Node and tsx, and
 * resolves to the line of figures it prints.
 */
export function runCohortProcess(request: CohortRequest): Promise<CohortResult> {
  return runChild<CohortResult>({ ...request, cohort: undefined });
}

/** Runs one leaver or mixed cohort in its own process, as {@link runCohortProcess} does. */
export function runLeaverCohortProcess(
  request: CohortRequest & { cohort: 'leavers' | 'mixed' },
): Promise<LeaverCohortResult> {
  return runChild<LeaverCohortResult>({ ...request, flow: 'ours' });
}

function runChild<T>(request: CohortRequest): Promise<T> {
  const env = { ...process.env };
  // Under jest the sandbox skips its own ESM resolution; the child is no jest worker.
  delete env.JEST_WORKER_ID;
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(root, 'bench', 'cohort.ts'),
      ...cohortArgs(request),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(resultPrefix));
      if (code !== 0 || !line) {
        reject(new Error(`cohort ${cohortArgs(request).join(' ')} exited ${code}:\n${stderr.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(resultPrefix.length)) as T);
    });
  });
}
