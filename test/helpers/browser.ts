import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const root = join(__dirname, '..', '..');

/**
 * The Chromium that `npm ci` brings: @sparticuz/chromium ships it compressed inside the npm
 * package; nothing is downloaded. Left to itself it unpacks to the temporary folder's `chromium`,
 * which two jest workers (or two clones) may write at once, the second launching a half-written
 * binary; so each unpacks into a folder of its own and renames it into place, and a loser of that
 * race uses the winner's complete copy. The package is ESM only, which jest's CommonJS runtime
 * cannot load, so a plain Node process does the unpacking.
 */
function chromiumPath(): string {
  const { version } = JSON.parse(
    readFileSync(join(root, 'node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8'),
  ) as { version: string };
  const home = join(tmpdir(), `workspaces-lifecycle-chromium-${version}`);
  if (!existsSync(join(home, 'chromium'))) {
    const staging = mkdtempSync(join(tmpdir(), 'workspaces-lifecycle-chromium-'));
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        "import chromium from '@sparticuz/chromium'; await chromium.executablePath();",
      ],
      { cwd: root, env: { ...process.env, TMPDIR: staging }, timeout: 120_000 },
    );
    try {
      renameSync(staging, home);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return join(home, 'chromium');
}

/** A headless Chromium that reaches nothing but what a test points it at (playwright gives it a fresh profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
