import { readFileSync } from 'node:fs';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionNameFor } from '../functions/commons/execution-name';
import { sandboxCredentials } from './sandbox';
import { localRegion, stateMachineArnOf } from './state-machines';

const usage = `Usage (against \`npm start -- --serve\`; --url defaults to http://127.0.0.1:4599):
  npm run event -- joiner FILE [--url URL]        start a joiner from a JSON file (console input or EventBridge event)
  npm run inspect -- executions|workspaces|employees|emails [--url URL]`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const noSandbox = (url: string) => `No sandbox answers at ${url}: start one with \`npm start -- --serve\``;

async function admin(url: string, what: string): Promise<Record<string, unknown>[]> {
  let response: Response;
  try {
    response = await fetch(`${url}/_sandbox/${what}`);
  } catch {
    return fail(noSandbox(url));
  }
  return (await response.json()) as Record<string, unknown>[];
}

function table(rows: Record<string, unknown>[], columns: string[]): void {
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  console.log(line(columns));
  for (const row of cells) console.log(line(row));
  if (rows.length === 0) console.log('(none)');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const urlAt = args.indexOf('--url');
  const url = urlAt >= 0 ? args.splice(urlAt, 2)[1] : 'http://127.0.0.1:4599';
  const [command, ...rest] = args;
  if (command === 'event') {
    const [flow, file] = rest;
    if (flow !== 'joiner' || !file) fail(usage);
    let input: { eventId?: string; detail?: { eventId?: string } };
    try {
      input = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return fail(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const eventId = input.eventId ?? input.detail?.eventId;
    if (!eventId) fail(`${file} has no eventId (at the top or in detail)`);
    const sfn = new SFNClient({
      endpoint: url,
      region: localRegion,
      credentials: sandboxCredentials,
      maxAttempts: 1,
    });
    try {
      const out = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArnOf(flow),
          name: executionNameFor(eventId),
          input: JSON.stringify(input),
        }),
      );
      console.log(`started ${out.executionArn}`);
    } catch (error) {
      const e = error as Error & { code?: string };
      if (e.name === 'ExecutionAlreadyExists')
        fail(`event ${eventId} was already handled: nothing new started`);
      if (e.code === 'ECONNREFUSED') fail(noSandbox(url));
      fail(`${e.name}: ${e.message}`);
    }
    return;
  }
  if (command === 'list') {
    const [what] = rest;
    if (what === 'executions') {
      const rows = await admin(url, 'executions');
      table(rows, ['name', 'status', 'error', 'cause']);
    } else if (what === 'workspaces') {
      table(await admin(url, 'workspaces'), ['WorkspaceId', 'UserName', 'State', 'BundleId']);
    } else if (what === 'employees') {
      table(await admin(url, 'users'), ['samAccountName', 'givenName', 'surname', 'emailAddress', 'enabled']);
    } else if (what === 'emails') {
      table(await admin(url, 'emails'), ['to', 'subject', 'file']);
    } else fail(usage);
    return;
  }
  fail(usage);
}

main();
