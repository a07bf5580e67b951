import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/** Names the folder a sandbox keeps its files in; `.sandbox` in the working directory by default. */
export const sandboxDirVariable = 'SANDBOX_DIR';
/** Names the sandbox that `npm run event` / `npm run inspect` talk to, ahead of the recorded one. */
export const sandboxUrlVariable = 'SANDBOX_URL';
/** Where `--serve` listened before anything recorded it, and still the fallback. */
export const defaultSandboxPort = 4599;

/** The folder of this run's files: the address of a served sandbox, the outbox, the previous outbox. */
export function sandboxDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[sandboxDirVariable];
  return dir ? dir : join(process.cwd(), '.sandbox');
}

/** A path as a person in the working directory would type it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Gives this run an empty outbox and keeps the previous run's as `outbox.prev`, so the emails a
 * person opens are this run's. Returns the outbox's path.
 */
export function freshOutbox(dir: string): string {
  const outbox = join(dir, 'outbox');
  const previous = join(dir, 'outbox.prev');
  if (existsSync(outbox)) {
    rmSync(previous, { recursive: true, force: true });
    renameSync(outbox, previous);
  }
  mkdirSync(outbox, { recursive: true });
  return outbox;
}

/** What `--serve` records so that the control commands find it. */
export interface ServedAddress {
  /** The AWS APIs' endpoint (and the admin API under /_sandbox). */
  url: string;
  webhookUrl: string;
  pageUrl: string;
  pid: number;
}

const addressFile = (dir: string) => join(dir, 'serve.json');

/** Records where this process serves the sandbox. */
export function recordAddress(dir: string, address: ServedAddress): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(addressFile(dir), `${JSON.stringify(address, null, 2)}\n`);
}

/** Removes the record, unless another sandbox has replaced it meanwhile. */
export function forgetAddress(dir: string, pid: number): void {
  if (readAddress(dir)?.pid === pid) rmSync(addressFile(dir), { force: true });
}

/** The recorded address, or undefined when there is none or it cannot be read. */
export function readAddress(dir: string): ServedAddress | undefined {
  try {
    const parsed = JSON.parse(readFileSync(addressFile(dir), 'utf8')) as Partial<ServedAddress>;
    if (typeof parsed.url !== 'string' || typeof parsed.pid !== 'number') return undefined;
    return {
      url: parsed.url,
      pid: parsed.pid,
      webhookUrl: String(parsed.webhookUrl ?? ''),
      pageUrl: String(parsed.pageUrl ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** Whether a process with this id still runs (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The sandbox a control command talks to, and what chose it. */
export interface SandboxTarget {
  url: string;
  from: string;
}

/**
 * Picks the sandbox to talk to: `--url`, then `--port`, then the environment variable, then the
 * address `--serve` recorded in the sandbox folder, then the default port.
 */
export function sandboxTarget(
  flags: { url?: string; port?: string },
  env: NodeJS.ProcessEnv = process.env,
): SandboxTarget {
  if (flags.url) return { url: flags.url.replace(/\/+$/, ''), from: '--url' };
  if (flags.port) return { url: `http://127.0.0.1:${flags.port}`, from: '--port' };
  const fromEnv = env[sandboxUrlVariable];
  if (fromEnv) return { url: fromEnv.replace(/\/+$/, ''), from: sandboxUrlVariable };
  const dir = sandboxDir(env);
  const recorded = readAddress(dir);
  if (recorded) return { url: recorded.url, from: shownPath(addressFile(dir)) };
  return { url: `http://127.0.0.1:${defaultSandboxPort}`, from: 'the default port' };
}

/** What to say when nothing answers at the target: how to start one, and how to point elsewhere. */
export function noSandboxMessage(target: SandboxTarget, env: NodeJS.ProcessEnv = process.env): string {
  const recorded = readAddress(sandboxDir(env));
  const stale =
    recorded && recorded.url === target.url && !isRunning(recorded.pid)
      ? ` The sandbox recorded there (pid ${recorded.pid}) is no longer running.`
      : '';
  return [
    `No sandbox answers at ${target.url} (from ${target.from}).${stale}`,
    'Start one in another terminal with `npm start -- --serve` (it records its address for these commands),',
    `or point at a running one with --port N, --url URL or ${sandboxUrlVariable}=URL.`,
  ].join('\n');
}
