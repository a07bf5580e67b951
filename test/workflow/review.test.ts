import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { DirectoryServiceDataClient, ListUsersCommand } from '../../functions/commons/directory-service-data';
import { Env } from '../../functions/commons/env';
import { toItem } from '../../functions/commons/provisioning';
import { reviewKeys } from '../../functions/commons/review-store';
import { rosterToCsv } from '../../functions/commons/roster';
import { S3Client, S3ServiceError } from '../../functions/commons/s3';
import { installClock, ScaledClock } from '../../sandbox/clock';
import { runInstant } from '../helpers/workflow';

// test/setup-env.ts: bucket "fleet-review", directory d-906700c0de. The review's settings: every
// action on, 0.4 WorkSpaces calls a second; read when the handlers first load, after this line.
process.env[Env.FleetReviewSettings] = JSON.stringify({
  actions: { adopt: true, removeOrphaned: true, provisionMissing: true },
});
const bucket = 'fleet-review';
const rosterKey = 'roster/roster.csv';
const workspaces = mockClient(WorkSpacesClient);
const events = mockClient(EventBridgeClient);
const sns = mockClient(SNSClient);
const dynamodb = mockClient(DynamoDBClient);
let objects: Map<string, string>;
let estate: Array<{ id: string; user: string; tags: Record<string, string>; state?: string }>;
let callTimes: number[];
/** Directory users by name; ListUsers answers them two to a page. */
let directory: Map<string, boolean>;
let listUsersCalls: number;
let uninstallClock: () => void;

const person = (employeeId: string, userName: string, extra: Record<string, string> = {}) => ({
  employeeId,
  userName,
  givenName: 'G',
  familyName: 'F',
  email: `${userName}@example.com`,
  department: 'Sales',
  // The example configuration mails initial passwords: a joiner needs a manager.
  managerEmail: 'manager@example.com',
  ...extra,
});

beforeAll(() => {
  // The pacing inside ReadFleetPage sleeps in simulated time, as in the sandbox.
  uninstallClock = installClock(new ScaledClock(100_000));
});
afterAll(() => uninstallClock());

beforeEach(() => {
  objects = new Map();
  estate = [];
  directory = new Map();
  listUsersCalls = 0;
  callTimes = [];
  workspaces.reset();
  events.reset();
  sns.reset();
  dynamodb.reset();
  dynamodb.on(ScanCommand).resolves({ Items: [] });
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    const { Key, Body } = command.input as { Key: string; Body?: string };
    expect((command.input as { Bucket: string }).Bucket).toBe(bucket);
    if ('method' in command && command.method === 'PUT') {
      objects.set(Key, Body ?? '');
      return {};
    }
    const body = objects.get(Key);
    if (body === undefined) throw new S3ServiceError('NoSuchKey', 'no key', { httpStatusCode: 404 });
    return { Body: body };
  });
  workspaces.on(DescribeWorkspacesCommand).callsFake((input: { NextToken?: string; Limit?: number }) => {
    callTimes.push(Date.now());
    const start = Number(input.NextToken ?? 0);
    const end = start + (input.Limit ?? 25);
    return {
      Workspaces: estate.slice(start, end).map((w) => ({
        WorkspaceId: w.id,
        DirectoryId: 'd-906700c0de',
        UserName: w.user,
        State: w.state ?? 'AVAILABLE',
        BundleId: 'wsb-8vbljg4r6',
        WorkspaceProperties: { RunningMode: 'AUTO_STOP', ComputeTypeName: 'STANDARD' },
      })),
      NextToken: end < estate.length ? String(end) : undefined,
    };
  });
  workspaces.on(DescribeTagsCommand).callsFake((input: { ResourceId: string }) => {
    callTimes.push(Date.now());
    const ws = estate.find((w) => w.id === input.ResourceId);
    return { TagList: Object.entries(ws?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
  });
  workspaces
    .on(CreateTagsCommand)
    .callsFake((input: { ResourceId: string; Tags: Array<{ Key: string; Value: string }> }) => {
      callTimes.push(Date.now());
      const ws = estate.find((w) => w.id === input.ResourceId);
      for (const t of input.Tags) if (ws) ws.tags[t.Key] = t.Value;
      return {};
    });
  jest.spyOn(DirectoryServiceDataClient.prototype, 'send').mockImplementation(async (command) => {
    if (!(command instanceof ListUsersCommand)) throw new Error(`unexpected ${command.path}`);
    listUsersCalls++;
    const start = Number(command.input.NextToken ?? 0);
    const names = [...directory.keys()].slice(start, start + 2);
    return {
      Users: names.map((name) => ({ SAMAccountName: name, Enabled: directory.get(name) })),
      NextToken: start + 2 < directory.size ? String(start + 2) : undefined,
    } as never;
  });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

/** An estate of `n` untagged WorkSpaces whose users are on the roster, and a roster of them. */
function untaggedEstate(n: number) {
  const people = Array.from({ length: n }, (_, i) => person(`E${i}`, `user${i}`));
  estate = people.map((p, i) => ({ id: `ws-${String(i).padStart(9, '0')}`, user: p.userName, tags: {} }));
  return people;
}

// The review's time is the execution's start: the engine's own clock (here the scaled one).
const review = (input: object = {}, name = 'review-1') => runInstant('review', input, name);

describe('fleet review', () => {
  it('HappyPath_DryRunOnDemand_ReadsEveryPageReportsAndChangesNothing', async () => {
    const people = untaggedEstate(60);
    objects.set(rosterKey, rosterToCsv([...people, person('N1', 'newbie')]));

    const outcome = await review({ dryRun: true });

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({
      counts: { untagged: 60, missing: 1, orphaned: 0, unknown: 0 },
      fleetSize: 60,
      workspacesCalls: 3 + 60,
      adopted: 0,
      events: 0,
      reportHtml: `s3://${bucket}/${reviewKeys.reportHtml('review-1')}`,
    });
    expect(workspaces.commandCalls(DescribeWorkspacesCommand)).toHaveLength(3);
    expect(workspaces.commandCalls(DescribeTagsCommand)).toHaveLength(60);
    expect(workspaces.commandCalls(CreateTagsCommand)).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(objects.get(reviewKeys.latestHtml)).toContain('id="count-untagged">60<');
    expect(objects.get(reviewKeys.latestCsv)?.trim().split('\n')).toHaveLength(62);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toContain('untagged 60');
  });

  it('Review5000_Costs200PagesAnd5000TagReads_InTwoTransitionsAPage', async () => {
    const people = untaggedEstate(5000);
    objects.set(rosterKey, rosterToCsv(people));

    const outcome = await review({ dryRun: true });

    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces.commandCalls(DescribeWorkspacesCommand)).toHaveLength(200);
    expect(workspaces.commandCalls(DescribeTagsCommand)).toHaveLength(5000);
    expect(outcome.output).toMatchObject({ workspacesCalls: 5200, fleetSize: 5000 });
    // Two transitions a page (ReadFleetPage, MoreFleetPages), a handful around them: the
    // execution's history grows with the pages, not the WorkSpaces.
    expect(outcome.transitions).toBeLessThanOrEqual(2 * 200 + 12);
  }, 60_000);

  it('ReadsStayInsideTheReviewsShareOfTheBudget', async () => {
    const people = untaggedEstate(30);
    objects.set(rosterKey, rosterToCsv(people));

    await review();

    // 0.4 calls a second: 2.5 s apart, also across pages.
    const gaps = callTimes.slice(1).map((t, i) => t - callTimes[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2400);
  });

  it('ActionsOn_AdoptsThenStartsLeaversAndJoinersAsHrEvents', async () => {
    const people = untaggedEstate(40);
    estate.push({ id: 'ws-gone00001', user: 'gone', tags: { 'employee-id': 'X1', 'managed-by': 'other' } });
    objects.set(rosterKey, rosterToCsv([...people, person('N1', 'newbie')]));

    const outcome = await review();

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({ adopted: 40, events: 2 });
    expect(
      estate
        .slice(0, 40)
        .every((w) => w.tags['employee-id'] && w.tags['managed-by'] === 'workspaces-lifecycle'),
    ).toBe(true);
    const sent = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.[0]);
    expect(sent.map((e) => [e?.Source, e?.DetailType, JSON.parse(e?.Detail ?? '{}').eventId]).sort()).toEqual(
      [
        ['workspaces-lifecycle.hr', 'Employee Joined', 'fleet:joined:N1'],
        [
          'workspaces-lifecycle.hr',
          'Employee Left',
          expect.stringMatching(/^fleet:left:X1:\d{4}-\d{2}-\d{2}$/),
        ],
      ],
    );
  });

  it('NoRoster_FailsWithRosterNotFoundAndAlerts', async () => {
    untaggedEstate(3);

    const outcome = await review();

    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('RosterNotFoundError');
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toContain('review failed');
  });

  it('ThrottledPage_RetriedByTheDeclaredPolicy', async () => {
    const people = untaggedEstate(5);
    objects.set(rosterKey, rosterToCsv(people));
    let first = true;
    workspaces.on(DescribeWorkspacesCommand, { NextToken: undefined, Limit: 25 }).callsFake(() => {
      if (first) {
        first = false;
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return {
        Workspaces: estate.map((w) => ({
          WorkspaceId: w.id,
          DirectoryId: 'd-906700c0de',
          UserName: w.user,
          State: 'AVAILABLE',
        })),
      };
    });

    const outcome = await review();

    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces.commandCalls(DescribeWorkspacesCommand)).toHaveLength(2);
  });

  it('SecondReview_SeesTheFirstsHistory_StuckAfterTheLimit', async () => {
    const people = untaggedEstate(2);
    estate[0].state = 'ERROR';
    objects.set(rosterKey, rosterToCsv(people));
    objects.set(
      reviewKeys.history,
      JSON.stringify({ [estate[0].id]: { state: 'ERROR', since: '2026-11-29T00:00:00.000Z' } }),
    );

    const outcome = await review();

    expect(outcome.output).toMatchObject({ counts: { stuck: 1 } });
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain(
      `${estate[0].id} (user0): ERROR since 2026-11-29`,
    );
    expect(JSON.parse(objects.get(reviewKeys.history) ?? '{}')[estate[0].id].since).toBe(
      '2026-11-29T00:00:00.000Z',
    );
  });

  it('DirectoryUsers_ReadPageByPage_ADisabledUserOfAnActivePersonIsDrift', async () => {
    const people = untaggedEstate(3);
    for (const p of people) directory.set(p.userName, true);
    directory.set('user1', false);
    directory.set('someone.else', true);
    objects.set(rosterKey, rosterToCsv(people));

    const outcome = await review({ dryRun: true });

    expect(outcome.status).toBe('SUCCEEDED');
    expect(listUsersCalls).toBe(2);
    expect(outcome.output).toMatchObject({ counts: { untagged: 3, drifted: 1 } });
    expect(objects.get(reviewKeys.latestCsv)).toContain('its directory user is disabled');
  });

  it('JoinerWaitingInTheProvisioningQueue_NotMissing', async () => {
    objects.set(rosterKey, rosterToCsv([person('N1', 'newbie'), person('N2', 'other')]));
    const waiting = (employeeId: string, userName: string, token: string) =>
      toItem({
        kind: 'create',
        token,
        queuedAt: 0,
        request: {
          DirectoryId: 'd-906700c0de',
          UserName: userName,
          BundleId: 'wsb-8vbljg4r6',
          Tags: [{ Key: 'employee-id', Value: employeeId }],
        },
      });
    dynamodb
      .on(ScanCommand)
      .resolvesOnce({ Items: [waiting('N1', 'newbie', 't1')], LastEvaluatedKey: { id: { S: 'k1' } } })
      .resolvesOnce({ Items: [{ id: { S: 'stranger' } }] });

    const outcome = await review();

    expect(outcome.output).toMatchObject({ counts: { missing: 1 }, events: 1 });
    expect(dynamodb.commandCalls(ScanCommand).map((c) => c.args[0].input.ExclusiveStartKey)).toEqual([
      undefined,
      { id: { S: 'k1' } },
    ]);
    const sent = events
      .commandCalls(PutEventsCommand)
      .map((c) => JSON.parse(c.args[0].input.Entries?.[0].Detail ?? '{}'));
    expect(sent.map((d) => d.employeeId)).toEqual(['N2']);
  });

  it('TruncatedRoster_AdoptsButStartsNoLeaver_TheEmailSaysWhy', async () => {
    const people = untaggedEstate(30);
    estate.push({ id: 'ws-gone00001', user: 'gone', tags: { 'employee-id': 'X1' } });
    objects.set(rosterKey, `${rosterToCsv(people)}E99,cut`);

    const outcome = await review();

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({
      adopted: 30,
      events: 0,
      refusal: expect.stringContaining('cut short'),
    });
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('Removals refused:');
  });
});
