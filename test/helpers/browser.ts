import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const root = join(__dirname, '..', '..');

/**
 * The Chromium that `npm ci` brings: @sparticuz/chromium ships it compressed inside the npm
 * package and unpacks it to the temporary folder; nothing is downloaded. The package is ESM
 * only, which jest's CommonJS runtime cannot load, so a plain Node process asks it for the path.
 */
function chromiumPath(): string {
  return execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      "import chromium from '@sparticuz/chromium'; console.log(await chromium.executablePath());",
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  ).trim();
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
