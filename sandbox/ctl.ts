import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { HrBusName, type HrDetailType, HrSource, hrDetailSchema } from '../functions/commons/contracts';
import { describeIssues } from '../functions/commons/issues';
import { entryLabel, fromItem } from '../functions/commons/provisioning';
import {
  noSandboxMessage,
  type SandboxTarget,
  sandboxDirVariable,
  sandboxTarget,
  sandboxUrlVariable,
} from './run-files';
import { provisioningTableName, sandboxCredentials } from './sandbox';
import { localRegion } from './state-machines';

const usage = `Usage (against \`npm start -- --serve\`, found through the address it records in .sandbox/):
  npm run event -- FILE                     put an HR event on the bus; FILE holds {"detail-type", "detail"}
  npm run event -- joined|left|rehired FILE put an HR event whose detail is FILE (the console input)
      --aws [--bus NAME]                    send to the real bus instead, with your default AWS credentials
  npm run inspect -- executions|workspaces|employees|emails|queue
Another sandbox: --port N (on 127.0.0.1), --url URL, or ${sandboxUrlVariable}=URL;
another folder of sandbox files: ${sandboxDirVariable}=DIR.`;

const shortTypes: Record<string, HrDetailType> = {
  joined: 'Employee Joined',
  left: 'Employee Left',
  rehired: 'Employee Rehired',
};

/** Validates an HR event from a file and puts it on the HR bus (the sandbox's, or with --aws the real one). */
async function sendEvent(args: string[], target: SandboxTarget): Promise<void> {
  const toAws = args.includes('--aws');
  const busAt = args.indexOf('--bus');
  const bus = busAt >= 0 ? args.splice(busAt, 2)[1] : HrBusName;
  const [first, second] = args.filter((a) => a !== '--aws');
  const file = Object.hasOwn(shortTypes, first) ? second : first;
  if (!file) fail(usage);
  let parsed: { 'detail-type'?: string; detail?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const detailType = Object.hasOwn(shortTypes, first) ? shortTypes[first] : parsed['detail-type'];
  const detail = Object.hasOwn(shortTypes, first) ? parsed : parsed.detail;
  const contract = detailType ? hrDetailSchema(detailType) : undefined;
  if (!contract)
    return fail(`${file}: say which event it is (joined, left, rehired) or give a known "detail-type"`);
  const checked = contract.schema.safeParse(detail);
  if (!checked.success)
    return fail(`${file} is not a valid ${detailType}:\n  ${describeIssues(checked.error).join('\n  ')}`);
  const client = toAws
    ? new EventBridgeClient({})
    : new EventBridgeClient({
        endpoint: target.url,
        region: localRegion,
        credentials: sandboxCredentials,
        maxAttempts: 1,
      });
  try {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: bus,
            Source: HrSource,
            DetailType: detailType,
            Detail: JSON.stringify(checked.data),
          },
        ],
      }),
    );
    const entry = out.Entries?.[0];
    if (!entry?.EventId) fail(`The bus refused the event: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
    console.log(`${detailType} ${checked.data.eventId} is on ${bus} (${entry?.EventId})`);
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!toAws && e.code === 'ECONNREFUSED') fail(noSandboxMessage(target));
    fail(`${e.name}: ${e.message}`);
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function admin(target: SandboxTarget, what: string): Promise<Record<string, unknown>[]> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/_sandbox/${what}`);
  } catch {
    return fail(noSandboxMessage(target));
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
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const url = option('--url');
  const port = option('--port');
  if (port !== undefined && !/^\d+$/.test(port)) fail(`--port must be a port number, not "${port}"`);
  const target = sandboxTarget({ url, port });
  const [command, ...rest] = args;
  if (command === 'event') return sendEvent(rest, target);
  if (command === 'list') {
    const [what] = rest;
    if (what === 'executions') {
      const rows = await admin(target, 'executions');
      table(rows, ['name', 'status', 'error', 'cause']);
    } else if (what === 'workspaces') {
      table(await admin(target, 'workspaces'), ['WorkspaceId', 'UserName', 'State', 'BundleId']);
    } else if (what === 'employees') {
      table(await admin(target, 'users'), [
        'samAccountName',
        'givenName',
        'surname',
        'emailAddress',
        'enabled',
      ]);
    } else if (what === 'emails') {
      table(await admin(target, 'emails'), ['to', 'subject', 'file']);
    } else if (what === 'queue') {
      // The provisioning queue: joiners waiting for their WorkSpace to be created or to settle.
      const tables = (await admin(target, 'tables')) as unknown as Record<
        string,
        Record<string, AttributeValue>[]
      >;
      const time = (ms?: number) => (ms === undefined ? '' : new Date(ms).toISOString());
      const entries = (tables[provisioningTableName] ?? []).flatMap((item) => fromItem(item) ?? []);
      table(
        entries.map((e) => ({
          kind: e.kind,
          for: entryLabel(e),
          queuedAt: time(e.queuedAt),
          lookAfter: time(e.kind === 'watch' ? e.lookAfter : undefined),
          deadline: time(e.kind === 'watch' ? e.deadline : undefined),
        })),
        ['kind', 'for', 'queuedAt', 'lookAfter', 'deadline'],
      );
    } else fail(usage);
    return;
  }
  fail(usage);
}

main();
