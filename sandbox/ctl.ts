import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  type ExecutionStatus,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { stateMachineNames } from '../functions';
import { HrBusName, type HrDetailType, HrSource, hrDetailSchema } from '../functions/commons/contracts';
import { loadTemplate, render, splitSubject } from '../functions/commons/email';
import { intakeIssues, intakeRulesOf } from '../functions/commons/intake-rules';
import { describeIssues } from '../functions/commons/issues';
import { entryLabel, fromItem } from '../functions/commons/provisioning';
import { remedyFor } from '../functions/commons/remedies';
import { sendEmail } from '../functions/commons/ses';
import { loadConfig } from '../infra/config';
import {
  noSandboxMessage,
  type SandboxTarget,
  sandboxDirVariable,
  sandboxTarget,
  sandboxUrlVariable,
} from './run-files';
import { provisioningTableName, sandboxCredentials } from './sandbox';
import { localRegion, stateMachineArnOf } from './state-machines';

const usage = `Usage (against \`npm start -- --serve\`, found through the address it records in .sandbox/):
  npm run event -- FILE                     put an HR event on the bus; FILE holds {"detail-type", "detail"}
  npm run event -- joined|left|rehired|changed FILE put an HR event whose detail is FILE (the console input)
      --aws [--bus NAME]                    send to the real bus instead, with your default AWS credentials
  npm run inspect -- executions|workspaces|employees|emails|queue
  npm run failures -- [--hours N]           failed, timed-out and stopped executions of the last N hours (24),
                                            with the reason and what to do
  npm run redrive -- EXECUTION              retry a failed execution from the step that failed (name or ARN)
  npm run resend-welcome -- USER_NAME       send the welcome email again: the registration code, never a password
      --aws                                 any of these against the deployed account, default AWS credentials
                                            (redrive takes the ARN; resend-welcome needs --from SENDER)
Another sandbox: --port N (on 127.0.0.1), --url URL, or ${sandboxUrlVariable}=URL;
another folder of sandbox files: ${sandboxDirVariable}=DIR.`;

const shortTypes: Record<string, HrDetailType> = {
  joined: 'Employee Joined',
  left: 'Employee Left',
  rehired: 'Employee Rehired',
  changed: 'Employee Changed',
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
    return fail(
      `${file}: say which event it is (joined, left, rehired, changed) or give a known "detail-type"`,
    );
  const checked = contract.schema.safeParse(detail);
  if (!checked.success)
    return fail(`${file} is not a valid ${detailType}:\n  ${describeIssues(checked.error).join('\n  ')}`);
  // What the deployed flows would refuse later, refused here: the configuration's rules.
  const { automation } = loadConfig('example');
  const rules = intakeRulesOf(
    automation.profiles,
    automation.initialPassword,
    automation.directory.mode ?? 'managed-ad',
  );
  const refused = intakeIssues(detailType as HrDetailType, checked.data, rules);
  if (refused.length > 0) return fail(`${file} is not a valid ${detailType}:\n  ${refused.join('\n  ')}`);
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

/** Clients for the sandbox at `target`, or with `aws` for the account of the default credentials. */
function clients(target: SandboxTarget, aws: boolean) {
  const local = aws
    ? {}
    : { endpoint: target.url, region: localRegion, credentials: sandboxCredentials, maxAttempts: 1 };
  return {
    sfn: new SFNClient(local),
    workspaces: new WorkSpacesClient(local),
    ses: new SESv2Client(local),
  };
}

/** The flows' state machines: the sandbox's, or in AWS those whose name says joiner, leaver, rehire or review. */
async function flowMachines(sfn: SFNClient, aws: boolean): Promise<string[]> {
  if (!aws) return stateMachineNames.map(stateMachineArnOf);
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    for (const m of page.stateMachines ?? [])
      if (/joiner|leaver|rehire|review/i.test(m.name ?? '')) arns.push(m.stateMachineArn ?? '');
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

/** Which flow an execution or machine ARN belongs to. */
const flowOf = (arn: string) => /joiner|leaver|rehire|review/i.exec(arn)?.[0].toLowerCase() ?? 'flow';

/**
 * Lists what failed in the last `hours`: FAILED, TIMED_OUT and ABORTED executions of every
 * flow, each with its error, cause, whether it can be redriven, and what to do.
 */
async function failures(args: string[], target: SandboxTarget, aws: boolean): Promise<void> {
  const at = args.indexOf('--hours');
  const hours = at >= 0 ? Number(args[at + 1]) : 24;
  if (!(hours > 0)) fail('--hours must be a positive number');
  const { sfn } = clients(target, aws);
  const since = Date.now() - hours * 3_600_000;
  const statuses: ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];
  let found = 0;
  for (const machine of await flowMachines(sfn, aws)) {
    for (const statusFilter of statuses) {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter }));
      for (const summary of page.executions ?? []) {
        if ((summary.stopDate?.getTime() ?? 0) < since) continue;
        const e = await sfn.send(new DescribeExecutionCommand({ executionArn: summary.executionArn }));
        found++;
        console.log(`${flowOf(machine)} ${e.name}  ${e.status} at ${e.stopDate?.toISOString() ?? '?'}`);
        console.log(`  error: ${e.error ?? statusFilter}`);
        if (e.cause) console.log(`  cause: ${e.cause.slice(0, 400)}`);
        const redrive =
          e.redriveStatus === 'NOT_REDRIVABLE' ? ` (not redrivable: ${e.redriveStatusReason})` : '';
        console.log(`  what to do: ${remedyFor(e.error, e.executionArn)}${redrive}`);
      }
    }
  }
  if (found === 0) console.log(`Nothing failed in the last ${hours} hours.`);
}

/** Redrives one execution, given its ARN, or in the sandbox its name. */
async function redrive(args: string[], target: SandboxTarget, aws: boolean): Promise<void> {
  const [which] = args.filter((a) => a !== '--aws');
  if (!which) fail(usage);
  const { sfn } = clients(target, aws);
  let arn = which;
  if (!which.startsWith('arn:')) {
    if (aws) fail('With --aws, give the execution ARN (npm run failures -- --aws lists them).');
    const names = stateMachineNames.map((n) => stateMachineArnOf(n).replace(':stateMachine:', ':execution:'));
    const candidates = names.map((prefix) => `${prefix}:${which}`);
    const found = await Promise.all(
      candidates.map((executionArn) =>
        sfn.send(new DescribeExecutionCommand({ executionArn })).then(
          (e) => e,
          () => undefined,
        ),
      ),
    );
    const failed = found.find((e) => e && e.status !== 'RUNNING' && e.status !== 'SUCCEEDED');
    if (!failed?.executionArn) fail(`No failed execution named ${which}`);
    arn = failed.executionArn;
  }
  try {
    const out = await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    console.log(`Redriven at ${out.redriveDate?.toISOString()}: ${arn}`);
  } catch (error) {
    fail(`${(error as Error).name}: ${(error as Error).message}`);
  }
}

/**
 * Sends the welcome email again for a user whose joiner finished or whose email was lost: the
 * WorkSpace and the registration code as they are now, to the address of the user's latest
 * joiner execution. It sets no password (that is the joiner's SetInitialPassword only).
 */
async function resendWelcome(args: string[], target: SandboxTarget, aws: boolean): Promise<void> {
  const at = args.indexOf('--from');
  const from =
    at >= 0 ? args.splice(at, 2)[1] : aws ? undefined : loadConfig('example').automation.senderAddress;
  const [userName] = args.filter((a) => a !== '--aws');
  if (!userName || !from) fail(usage);
  const { sfn, workspaces, ses } = clients(target, aws);
  const joiner = (await flowMachines(sfn, aws)).find((arn) => flowOf(arn) === 'joiner');
  if (!joiner) return fail('No joiner state machine found.');
  type JoinerInput = {
    employee?: { userName?: string; givenName?: string; email?: string };
    userName?: string;
    givenName?: string;
    email?: string;
    profileName?: string;
    profile?: string;
  };
  let person: { givenName: string; email: string; profileName: string } | undefined;
  const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: joiner }));
  for (const summary of page.executions ?? []) {
    const e = await sfn.send(new DescribeExecutionCommand({ executionArn: summary.executionArn }));
    const input = JSON.parse(e.input ?? '{}') as JoinerInput & { detail?: JoinerInput };
    const d = input.detail ?? input;
    if ((d.userName ?? '').toLowerCase() !== userName.toLowerCase()) continue;
    person = {
      givenName: d.givenName ?? userName,
      email: d.email ?? '',
      profileName: d.profile ?? 'default',
    };
    break;
  }
  if (!person?.email)
    return fail(`No joiner execution found for ${userName}: nothing says where to send it.`);
  const directories = await workspaces.send(new DescribeWorkspaceDirectoriesCommand({}));
  const directory = directories.Directories?.[0];
  const found = await workspaces.send(
    new DescribeWorkspacesCommand({ DirectoryId: directory?.DirectoryId, UserName: userName }),
  );
  const workspace = found.Workspaces?.[0];
  if (!workspace?.WorkspaceId || !directory?.RegistrationCode)
    return fail(`${userName} has no WorkSpace yet: nothing to welcome them to.`);
  if (workspace.State !== 'AVAILABLE' && workspace.State !== 'STOPPED')
    console.log(`Note: ${workspace.WorkspaceId} is ${workspace.State}, not AVAILABLE yet.`);
  const values = {
    givenName: person.givenName,
    userName,
    registrationCode: directory.RegistrationCode,
    workspaceId: workspace.WorkspaceId,
    profileName: person.profileName,
  };
  const { subject, body } = splitSubject(render(loadTemplate('welcome.txt'), values));
  const messageId = await sendEmail(ses, {
    from,
    to: person.email,
    subject,
    text: body,
    html: render(loadTemplate('welcome.html'), values, true),
  }).catch((error: Error) => fail(`${error.name}: ${error.message}`));
  console.log(
    `Welcome email sent again to ${person.email} for ${workspace.WorkspaceId} (${messageId}); no password was changed.`,
  );
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
  const aws = rest.includes('--aws');
  if (command === 'failures') return failures(rest, target, aws);
  if (command === 'redrive') return redrive(rest, target, aws);
  if (command === 'resend-welcome') return resendWelcome(rest, target, aws);
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
