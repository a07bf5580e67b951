import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { readAddress, type ServedAddress } from '../../sandbox/run-files';
import { launchBrowser } from '../helpers/browser';
import { until } from './until';

// The roster commands as an operator runs them, against `npm start -- --serve` seeded with the
// estate scenario (60 untagged WorkSpaces, 5 leavers, 4 missing, 3 unknown; actions on), and the
// report the review writes, in a real browser.
const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function childEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_DIR: dir };
  delete env.JEST_WORKER_ID;
  delete env.SANDBOX_URL;
  return env;
}

function roster(args: string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, join(root, 'sandbox', 'roster-cli.ts'), ...args],
      { cwd: root, env: childEnv(dir), timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run roster against npm start -- --serve with an estate', () => {
  let npm: ChildProcess;
  let dir: string;
  let address: ServedAddress;
  let browser: Browser;
  let output = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-roster-'));
    npm = spawn(
      'npm',
      [
        'start',
        '--',
        '--serve',
        '--port',
        '0',
        '--time-scale',
        '1200',
        '--scenario',
        'examples/estate-scenario.json',
      ],
      { cwd: root, env: childEnv(dir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    npm.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    npm.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    [browser] = await Promise.all([
      launchBrowser(),
      until('the sandbox to print its banner', () => output.includes('Stop with Ctrl-C'), 90_000),
    ]);
    const recorded = readAddress(dir);
    if (!recorded) throw new Error(`no address recorded; it printed:\n${output}`);
    address = recorded;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    try {
      if (npm?.pid) process.kill(-npm.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('Banner: says the estate was seeded and how to review it', () => {
    expect(output).toContain('Seeded an existing estate: 63 untagged WorkSpaces');
    expect(output).toContain('npm run roster -- review');
  });

  test('Review: runs on demand and says where the report is; the report loads, counts, and filters', async () => {
    const { code, stdout } = await roster(['review'], dir);

    expect(code).toBe(0);
    expect(stdout).toContain('Found: untagged 60, orphaned 5, missing 4, stuck 0, drifted 0, unknown 3');
    expect(stdout).toContain('Done: 60 adopted');
    expect(stdout).toContain(`Open ${address.pageUrl}report`);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
    await page.goto(`${address.pageUrl}report`);
    expect(await page.locator('#count-untagged').textContent()).toBe('60');
    expect(await page.locator('#count-unknown').textContent()).toBe('3');
    const rows = page.locator('#findings tbody tr');
    const all = await rows.count();
    expect(all).toBeGreaterThanOrEqual(60 + 5 + 3);

    await page.selectOption('#kind-filter', 'unknown');
    expect(await page.locator('#findings tbody tr:visible').count()).toBe(3);
    expect(await page.locator('#shown').textContent()).toBe(`3 of ${all} shown`);
    await page.selectOption('#kind-filter', 'all');
    await page.fill('#text-filter', 'est0002');
    expect(await page.locator('#findings tbody tr:visible').count()).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
  test('Import: bad rows named with their line, the rest sent as joiner and leaver events, with a summary', async () => {
    const file = join(dir, 'intake.csv');
    writeFileSync(
      file,
      [
        'employeeId,userName,givenName,familyName,email,department,profile,startDate,endDate,managerEmail',
        'T1,term.one,Term,One,term.one@example.com,Sales,,2026-01-05,2099-06-30,m@example.com',
        'T2,bad name,Term,Two,term.two@example.com,Sales,,,,m@example.com',
        'T3,term.three,Term,Three,term.three@example.com,Sales,,,,m@example.com',
      ].join('\n'),
    );

    const { code, stdout, stderr } = await roster(['import', file], dir);

    expect({ code, stderr: stderr.replace(/\[[#.]+\] \d+\/\d+ events sent\n?/g, '') }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(stdout).toContain('3 rows, 2 valid, 1 refused');
    expect(stdout).toContain('line 3, userName:');
    expect(stdout).toContain('3 events: 2 joiners, 1 leavers');
    expect(stdout).toContain('Summary: 3 events on the bus, 0 refused by the bus, 1 rows skipped.');
    expect(stderr).toContain('3/3 events sent');
  }, 120_000);
});
