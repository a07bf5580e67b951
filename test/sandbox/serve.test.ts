import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { isRunning, readAddress, type ServedAddress } from '../../sandbox/run-files';
import { launchBrowser } from '../helpers/browser';
import { until } from './until';

// `npm start -- --serve` as a person runs it: a real npm process, real HTTP, a real browser,
// real signals. Each sandbox gets its own folder (SANDBOX_DIR) and free ports (--port 0).
const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Served {
  npm: ChildProcess;
  dir: string;
  address: ServedAddress;
  output: () => string;
  exited: Promise<number | null>;
}

function childEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_DIR: dir };
  // Under jest the sandbox skips its own ESM resolution; these children are no jest workers.
  delete env.JEST_WORKER_ID;
  delete env.SANDBOX_URL;
  return env;
}

async function serve(): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-serve-'));
  // Its own process group, as a shell's job: a signal to the group is what Ctrl-C sends.
  const npm = spawn('npm', ['start', '--', '--serve', '--port', '0', '--time-scale', '1200'], {
    cwd: root,
    env: childEnv(dir),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  npm.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  try {
    await until('the sandbox to print its banner', () => output.includes('Stop with Ctrl-C'), 90_000);
  } catch (error) {
    stopGroup(npm);
    throw new Error(`${(error as Error).message}; it printed:\n${output}`);
  }
  const address = readAddress(dir);
  if (!address) throw new Error(`no address recorded in ${dir}; it printed:\n${output}`);
  return { npm, dir, address, output: () => output, exited };
}

/** Ends whatever is left of a sandbox a failed test did not stop. */
function stopGroup(npm: ChildProcess): void {
  try {
    if (npm.pid) process.kill(-npm.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const portsOf = (address: ServedAddress) =>
  [address.url, address.webhookUrl, address.pageUrl].map((url) => Number(new URL(url).port));

/** Whether a port on loopback can be listened on again, which is what a freed port means. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Runs sandbox/ctl.ts (`npm run event` / `npm run inspect`) with the sandbox folder as its only clue. */
function ctl(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, join(root, 'sandbox', 'ctl.ts'), ...args],
      { cwd: root, env, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function expectStoppedAndFree(served: Served, signalled: string): Promise<void> {
  const deadline = new Promise<'still running'>((resolve) =>
    setTimeout(() => resolve('still running'), 20_000).unref(),
  );
  expect(await Promise.race([served.exited, deadline])).toBe(0);
  expect(served.output()).toContain(`Stopping (${signalled})`);
  expect(isRunning(served.address.pid)).toBe(false);
  for (const port of portsOf(served.address)) expect(await isFree(port)).toBe(true);
  expect(existsSync(join(served.dir, 'serve.json'))).toBe(false);
}

describe('npm start -- --serve', () => {
  let served: Served;
  let browser: Browser;
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (served) {
      stopGroup(served.npm);
      rmSync(served.dir, { recursive: true, force: true });
    }
  });

  test('Banner: names the live page and how to stop, and records the address', () => {
    const text = served.output();
    expect(text).toContain(`live page   ${served.address.pageUrl}`);
    expect(text).toContain(`AWS APIs    ${served.address.url}`);
    expect(text).toContain(`kill ${served.address.pid}`);
    expect(served.address.pid).not.toBe(served.npm.pid);
    expect(new Set(portsOf(served.address)).size).toBe(3);
  });

  test('InspectFindsIt: inspect and event reach it through the recorded address, without --url', async () => {
    const env = childEnv(served.dir);
    const sent = await ctl(['event', 'joined', 'examples/jane.json'], env);
    expect(sent).toMatchObject({ code: 0, stderr: '' });
    expect(sent.stdout).toContain('Employee Joined');
    const listed = await ctl(['list', 'executions'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(/^name +status/);
    expect(listed.stdout).toMatch(/^hr-2026-11-23-0001 +(RUNNING|SUCCEEDED)/m);
  }, 60_000);

  test('LivePage: loads without a console error; a joiner sent from it shows AVAILABLE, and its email opens', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));

    await page.goto(served.address.pageUrl);
    await page.locator('button[data-example="employee-joined"]').click();
    const row = page.locator('tr[data-employee="rosa.alvarez"]');
    await row.waitFor({ timeout: 20_000 });
    await page
      .locator('tr[data-employee="rosa.alvarez"] td.workspace-state', { hasText: 'AVAILABLE' })
      .waitFor({ timeout: 60_000 });
    await page.locator('tr[data-employee="rosa.alvarez"] td.state', { hasText: 'ready' }).waitFor();
    expect(await row.locator('td.workspace').textContent()).toMatch(/^ws-[0-9a-z]{8,}$/);
    expect(await page.locator('#status').textContent()).toContain('is on the HR bus');
    await page
      .locator('tr[data-execution="hr-2026-11-23-0101"] td.status', { hasText: 'SUCCEEDED' })
      .waitFor();

    await page.locator('tr.email', { hasText: 'rosa.alvarez@example.com' }).click();
    await page.locator('#email pre', { hasText: 'rosa.alvarez' }).waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  test('Sigterm: kill of the PID a shell gives for npm start stops the sandbox and frees its ports', async () => {
    if (!served.npm.pid) throw new Error('npm has no pid');
    process.kill(served.npm.pid, 'SIGTERM');
    await expectStoppedAndFree(served, 'SIGTERM');
  }, 60_000);
});

describe('Ctrl-C on npm start -- --serve', () => {
  test('Sigint: Ctrl-C (SIGINT to the whole process group) stops it and frees its ports', async () => {
    const served = await serve();
    try {
      if (!served.npm.pid) throw new Error('npm has no pid');
      process.kill(-served.npm.pid, 'SIGINT');
      await expectStoppedAndFree(served, 'SIGINT');
    } finally {
      stopGroup(served.npm);
      rmSync(served.dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('no sandbox to talk to', () => {
  test('EventRefusedAtTheDoor: npm run event refuses an unknown profile and a missing manager, naming them', async () => {
    // Refused before anything is sent: no sandbox needs to answer.
    const dir = mkdtempSync(join(tmpdir(), 'refused-'));
    const file = join(dir, 'refused.json');
    const jane = JSON.parse(readFileSync(join(root, 'examples', 'jane.json'), 'utf8'));
    writeFileSync(file, JSON.stringify({ ...jane, profile: 'gold', managerEmail: undefined }));
    const sent = await ctl(['event', 'joined', file], childEnv(dir));
    rmSync(dir, { recursive: true, force: true });
    expect(sent.code).not.toBe(0);
    expect(sent.stderr).toContain('profile: no profile named "gold"');
    expect(sent.stderr).toContain('managerEmail: required');
  }, 60_000);

  test('NoSandbox: inspect says how to start one and how to point at another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-none-'));
    try {
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      const answer = await ctl(['list', 'executions', '--port', String(closed)], childEnv(dir));
      expect(answer.code).toBe(2);
      expect(answer.stderr).toContain(`No sandbox answers at http://127.0.0.1:${closed} (from --port)`);
      expect(answer.stderr).toContain('npm start -- --serve');
      expect(answer.stderr).toContain('--port N, --url URL or SANDBOX_URL=URL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
