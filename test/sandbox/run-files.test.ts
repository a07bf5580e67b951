import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  forgetAddress,
  freshOutbox,
  noSandboxMessage,
  readAddress,
  recordAddress,
  sandboxTarget,
} from '../../sandbox/run-files';

describe('sandbox run files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const env = (extra: Record<string, string> = {}) => ({ SANDBOX_DIR: dir, ...extra });
  const served = { url: 'http://127.0.0.1:4711', webhookUrl: '', pageUrl: '', pid: process.pid };

  test('Target: --url, then --port, then SANDBOX_URL, then the recorded address, then the default', () => {
    expect(sandboxTarget({}, env())).toEqual({ url: 'http://127.0.0.1:4599', from: 'the default port' });
    recordAddress(dir, served);
    expect(sandboxTarget({}, env())).toEqual({ url: served.url, from: join(dir, 'serve.json') });
    expect(sandboxTarget({}, env({ SANDBOX_URL: 'http://127.0.0.1:5000/' }))).toEqual({
      url: 'http://127.0.0.1:5000',
      from: 'SANDBOX_URL',
    });
    expect(sandboxTarget({ port: '4800' }, env({ SANDBOX_URL: 'http://127.0.0.1:5000' }))).toEqual({
      url: 'http://127.0.0.1:4800',
      from: '--port',
    });
    expect(sandboxTarget({ url: 'http://127.0.0.1:4900', port: '4800' }, env())).toEqual({
      url: 'http://127.0.0.1:4900',
      from: '--url',
    });
  });

  test('StaleAddress: the message says the recorded sandbox is gone', () => {
    // A pid above the kernel's limit (2^22) is never a running process.
    recordAddress(dir, { ...served, pid: 4_194_305 });
    const message = noSandboxMessage(sandboxTarget({}, env()), env());
    expect(message).toContain('(pid 4194305) is no longer running');
    expect(message).toContain('--port N, --url URL or SANDBOX_URL=URL');
  });

  test('ForgetAddress: removes only its own record', () => {
    recordAddress(dir, served);
    forgetAddress(dir, served.pid + 1);
    expect(readAddress(dir)).toEqual(served);
    forgetAddress(dir, served.pid);
    expect(readAddress(dir)).toBeUndefined();
  });

  test('FreshOutbox: starts empty and keeps only the previous run as outbox.prev', () => {
    const outbox = freshOutbox(dir);
    writeFileSync(join(outbox, 'first.eml'), 'first run');
    freshOutbox(dir);
    writeFileSync(join(outbox, 'second.eml'), 'second run');
    freshOutbox(dir);
    expect(existsSync(join(outbox, 'second.eml'))).toBe(false);
    expect(readFileSync(join(dir, 'outbox.prev', 'second.eml'), 'utf8')).toBe('second run');
    expect(existsSync(join(dir, 'outbox.prev', 'first.eml'))).toBe(false);
  });

  test('FreshOutbox: creates the folder when there is none yet', () => {
    const nested = join(dir, 'not-yet');
    mkdirSync(dir, { recursive: true });
    expect(existsSync(freshOutbox(nested))).toBe(true);
  });
});
