import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as realDelay } from 'node:timers/promises';
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  type EmployeeJoinedV1,
  type EmployeeLeftV1,
  HrBusName,
  HrSource,
} from '../functions/commons/contracts';
import { fleetEventId } from '../functions/commons/fleet';
import { parseRoster, type Roster, type RosterPerson, rosterFormatOf } from '../functions/commons/roster';
import { PutObjectCommand, S3Client } from '../functions/commons/s3';
import { loadConfig } from '../infra/config';
import {
  noSandboxMessage,
  readAddress,
  type SandboxTarget,
  sandboxDir,
  sandboxTarget,
  shownPath,
} from './run-files';
import { reviewBucketName, sandboxCredentials } from './sandbox';
import { localRegion, stateMachineArnOf } from './state-machines';

const usage = `Usage (against \`npm start -- --serve\`, or with --aws the deployed account):
  npm run roster -- import FILE          turn a roster (CSV or .jsonl) into HR events on the bus: an
                                         "Employee Joined" for each person not yet left, an "Employee Left"
                                         for each with an end date; bad rows are listed and skipped
      --dry-run                          check the file and count the events, send nothing
  npm run roster -- review               run the fleet review now and say where its report is
      --roster FILE                      upload FILE as the roster first
      --dry-run                          this run only describes what it would do
  --aws                                  the deployed account, default AWS credentials
      --bus NAME                         (import) the HR bus, default ${HrBusName}
      --bucket NAME                      (review --roster) the stack's FleetReview bucket
      --state-machine ARN                (review) default: the one whose name says review
Another sandbox: --port N, --url URL or SANDBOX_URL=URL.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** A one-line progress bar on stderr, redrawn in place on a terminal and printed at the end otherwise. */
export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let last = -1;
  return (done: number) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    if (filled === last && done !== total) return;
    last = filled;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
    if (stream.isTTY) stream.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) stream.write(`${line}\n`);
  };
}

/** The HR events a roster stands for: a joiner for each person not yet gone, a leaver for each end date. */
export function rosterEvents(
  roster: Roster,
  now = new Date(),
): Array<{ detailType: string; detail: object }> {
  const events: Array<{ detailType: string; detail: object }> = [];
  const occurredAt = now.toISOString();
  const today = occurredAt.slice(0, 10);
  for (const person of roster.people) {
    const { endDate, ...joiner } = person as RosterPerson;
    const gone = endDate !== undefined && endDate.slice(0, 10) < today;
    if (!gone) {
      const detail: EmployeeJoinedV1 = {
        ...joiner,
        eventId: fleetEventId('roster', 'joined', person.employeeId, person.startDate?.slice(0, 10) ?? 'now'),
        occurredAt,
      };
      events.push({ detailType: 'Employee Joined', detail });
    }
    if (endDate) {
      const lastWorkingDay = endDate.slice(0, 10);
      const detail: EmployeeLeftV1 = {
        eventId: fleetEventId('roster', 'left', person.employeeId, lastWorkingDay),
        employeeId: person.employeeId,
        userName: person.userName,
        lastWorkingDay,
        immediate: false,
        occurredAt,
      };
      events.push({ detailType: 'Employee Left', detail });
    }
  }
  return events;
}

function readRoster(file: string): Roster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const roster = parseRoster(text, rosterFormatOf(file));
  console.log(`${file}: ${roster.rows} rows, ${roster.people.length} valid, ${roster.errors.length} refused`);
  for (const e of roster.errors) console.log(`  line ${e.line}, ${e.field}: ${e.message}`);
  if (roster.truncated) console.log('  the last row is cut short: is the file complete?');
  return roster;
}

const clientConfig = (target: SandboxTarget, aws: boolean) =>
  aws ? {} : { endpoint: target.url, region: localRegion, credentials: sandboxCredentials, maxAttempts: 1 };

async function importRoster(args: string[], target: SandboxTarget, aws: boolean, bus: string): Promise<void> {
  const [file] = args;
  if (!file) fail(usage);
  const roster = readRoster(file);
  const events = rosterEvents(roster);
  const joiners = events.filter((e) => e.detailType === 'Employee Joined').length;
  console.log(`${events.length} events: ${joiners} joiners, ${events.length - joiners} leavers`);
  if (args.includes('--dry-run')) {
    console.log('Dry run: nothing sent.');
    return;
  }
  const client = new EventBridgeClient(clientConfig(target, aws));
  const bar = progressBar(events.length, 'events sent');
  let sent = 0;
  const refused: string[] = [];
  bar(0);
  // PutEvents takes at most 10 entries per call.
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10);
    const entries: PutEventsRequestEntry[] = batch.map((e) => ({
      EventBusName: bus,
      Source: HrSource,
      DetailType: e.detailType,
      Detail: JSON.stringify(e.detail),
    }));
    let out: PutEventsCommandOutput;
    try {
      out = await client.send(new PutEventsCommand({ Entries: entries }));
    } catch (error) {
      if (!aws) fail(noSandboxMessage(target));
      throw error;
    }
    out.Entries?.forEach((entry, j) => {
      if (entry.ErrorCode)
        refused.push(`${(batch[j].detail as { eventId: string }).eventId}: ${entry.ErrorCode}`);
      else sent++;
    });
    bar(Math.min(i + 10, events.length));
  }
  console.log(
    `Summary: ${sent} events on the bus, ${refused.length} refused by the bus, ${roster.errors.length} rows skipped.`,
  );
  for (const line of refused) console.log(`  refused ${line}`);
  console.log(
    'The dispatcher starts a flow per event, named from its event id: importing again starts nothing new.',
  );
  if (!aws) console.log('Follow them with `npm run inspect -- executions` or on the live page.');
}

async function reviewMachine(sfn: SFNClient, aws: boolean, given?: string): Promise<string> {
  if (given) return given;
  if (!aws) return stateMachineArnOf('review');
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    const found = page.stateMachines?.find((m) => /review/i.test(m.name ?? ''));
    if (found?.stateMachineArn) return found.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken);
  return fail('No state machine whose name says review: pass --state-machine ARN');
}

async function runReview(
  args: string[],
  target: SandboxTarget,
  aws: boolean,
  options: { rosterFile?: string; bucket?: string; stateMachine?: string },
): Promise<void> {
  const config = clientConfig(target, aws);
  const { fleetReview } = loadConfig('example').automation;
  if (options.rosterFile) {
    const roster = readRoster(options.rosterFile);
    const bucket = aws ? options.bucket : reviewBucketName;
    if (!bucket) fail('--roster with --aws needs --bucket NAME (the stack FleetReview bucket)');
    const s3 = new S3Client(
      aws ? {} : { endpoint: target.url, region: localRegion, credentials: sandboxCredentials },
    );
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: fleetReview.rosterKey,
          Body: readFileSync(options.rosterFile, 'utf8'),
          ContentType: 'text/csv',
        }),
      );
    } catch (error) {
      if (!aws) fail(noSandboxMessage(target));
      throw error;
    }
    console.log(`Uploaded as s3://${bucket}/${fleetReview.rosterKey} (${roster.people.length} people).`);
  }
  const sfn = new SFNClient(config);
  const stateMachineArn = await reviewMachine(sfn, aws, options.stateMachine);
  const name = `review-on-demand-${new Date()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
  let executionArn: string | undefined;
  try {
    ({ executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name,
        input: JSON.stringify(args.includes('--dry-run') ? { dryRun: true } : {}),
      }),
    ));
  } catch (error) {
    if (!aws) fail(noSandboxMessage(target));
    throw error;
  }
  console.log(`Started ${executionArn}`);
  process.stderr.write('Reviewing');
  let status = 'RUNNING';
  let described: Partial<DescribeExecutionCommandOutput> = {};
  const deadline = performance.now() + 60 * 60_000;
  while (status === 'RUNNING' && performance.now() < deadline) {
    await realDelay(aws ? 5000 : 250);
    process.stderr.write('.');
    described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    status = described.status ?? 'RUNNING';
  }
  process.stderr.write('\n');
  if (status !== 'SUCCEEDED') {
    console.log(`The review ended ${status}: ${described.error ?? ''} ${described.cause ?? ''}`);
    console.log('See `npm run failures` for what to do.');
    process.exitCode = 1;
    return;
  }
  const output = JSON.parse(described.output ?? '{}') as {
    counts: Record<string, number>;
    fleetSize: number;
    workspacesCalls: number;
    adopted: number;
    events: number;
    refusal: string | null;
    dryRun: boolean;
    reportHtml: string;
    reportCsv: string;
    reviewId: string;
  };
  console.log(
    `Fleet of ${output.fleetSize} WorkSpaces read with ${output.workspacesCalls} WorkSpaces calls.`,
  );
  console.log(
    `Found: ${Object.entries(output.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  console.log(
    output.dryRun
      ? 'Dry run: nothing changed.'
      : `Done: ${output.adopted} adopted, ${output.events} joiner and leaver events sent.`,
  );
  if (output.refusal) console.log(`Removals refused: ${output.refusal}`);
  console.log(`Report: ${output.reportHtml}`);
  console.log(`        ${output.reportCsv}`);
  if (!aws) {
    const dir = sandboxDir();
    const page = readAddress(dir)?.pageUrl;
    const file = join(dir, 's3', reviewBucketName, 'reports', output.reviewId, 'report.html');
    if (page) console.log(`Open ${page}report in a browser (the latest report), or ${shownPath(file)}.`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const url = option('--url');
  const port = option('--port');
  const bus = option('--bus') ?? HrBusName;
  const rosterFile = option('--roster');
  const bucket = option('--bucket');
  const stateMachine = option('--state-machine');
  const aws = args.includes('--aws');
  const rest = args.filter((a) => a !== '--aws');
  const target = sandboxTarget({ url, port });
  const [command, ...more] = rest;
  if (command === 'import') return importRoster(more, target, aws, bus);
  if (command === 'review') return runReview(more, target, aws, { rosterFile, bucket, stateMachine });
  fail(usage);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('roster:', (error as Error).message);
    process.exit(1);
  });
}
