import { ReviewStoreError, RosterNotFoundError } from '../../../functions/commons/errors';
import { reviewKeys } from '../../../functions/commons/review-store';
import { S3Client, S3ServiceError } from '../../../functions/commons/s3';
import { handler } from '../../../functions/plan-fleet-review';
import { lambdaContext } from '../../../sandbox/state-machines';

// test/setup-env.ts: the example configuration, so every action is off and initial passwords on.
const header =
  'employeeId,userName,givenName,familyName,email,department,profile,startDate,endDate,managerEmail';
let objects: Map<string, string>;
const run = (
  event: unknown = { reviewId: 'r1', startedAt: '2026-12-02T09:00:00.000Z', pages: 1, calls: 2 },
) => handler(event, lambdaContext('PlanFleetReview'));

beforeEach(() => {
  objects = new Map();
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    const { Key, Body } = command.input as { Key: string; Body?: string };
    if (command.method === 'PUT') {
      objects.set(Key, Body ?? '');
      return {};
    }
    const body = objects.get(Key);
    if (body === undefined) throw new S3ServiceError('NoSuchKey', 'no', { httpStatusCode: 404 });
    return { Body: body };
  });
});

describe('handler', () => {
  it('ActionsOff_ReportsEverythingStartsNothing_WritesReportsAndHistory', async () => {
    objects.set(
      'roster/roster.csv',
      `${header}\nE1,ada,Ada,L,ada@example.com,Sales,,,,m@example.com\nE2,bad name,B,N,b@example.com,Sales,,,,\n`,
    );
    objects.set(
      reviewKeys.page('r1', 0),
      JSON.stringify([
        {
          workspaceId: 'ws-a00000001',
          directoryId: 'd-906700c0de',
          userName: 'ADA',
          state: 'AVAILABLE',
          tags: {},
        },
      ]),
    );

    const out = await run();

    expect(out).toMatchObject({
      reviewId: 'r1',
      counts: { untagged: 1 },
      rosterRows: 2,
      rosterErrors: 1,
      adoptions: [],
      events: [],
      refusal: null,
      dryRun: false,
      reportHtml: 's3://fleet-review/reports/r1/report.html',
      summary: 'untagged 1, orphaned 0, missing 0, stuck 0, drifted 0, unknown 0',
    });
    expect(objects.get(reviewKeys.latestHtml)).toContain('line</th>');
    expect(objects.get(reviewKeys.reportCsv('r1'))).toContain('untagged,ws-a00000001');
    expect(JSON.parse(objects.get(reviewKeys.history) ?? '{}')).toEqual({
      'ws-a00000001': { state: 'AVAILABLE', since: '2026-12-02T09:00:00.000Z' },
    });
  });

  it('DryRunOnDemand_KeepsTheHistoryAsItWas', async () => {
    objects.set('roster/roster.csv', `${header}\n`);

    await expect(
      run({ reviewId: 'r1', startedAt: '2026-12-02T09:00:00Z', pages: 0, request: { dryRun: true } }),
    ).resolves.toMatchObject({
      dryRun: true,
    });
    expect(objects.has(reviewKeys.history)).toBe(false);
  });

  it('NoRoster_RosterNotFoundError', async () => {
    await expect(run()).rejects.toBeInstanceOf(RosterNotFoundError);
  });

  it('StoreDenied_ReviewStoreError', async () => {
    jest
      .spyOn(S3Client.prototype, 'send')
      .mockRejectedValue(new S3ServiceError('AccessDenied', 'no', { httpStatusCode: 403 }));

    await expect(run()).rejects.toBeInstanceOf(ReviewStoreError);
  });
});

describe('handler, cost part on', () => {
  type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
  /** The handler as loaded with the cost part on (configuration is read at cold start), and its S3 client class. */
  function load(): Handler {
    const saved = process.env.FLEET_REVIEW_SETTINGS;
    process.env.FLEET_REVIEW_SETTINGS = JSON.stringify({
      cost: { enabled: true, applyBillingMode: true, removeUnused: true },
    });
    let handler: Handler | undefined;
    jest.isolateModules(() => {
      const s3 = require('../../../functions/commons/s3') as typeof import('../../../functions/commons/s3');
      jest.spyOn(s3.S3Client.prototype, 'send').mockImplementation(async (command) => {
        const { Key, Body } = command.input as { Key: string; Body?: string };
        if (command.method === 'PUT') {
          objects.set(Key, Body ?? '');
          return {};
        }
        const body = objects.get(Key);
        if (body === undefined) throw new s3.S3ServiceError('NoSuchKey', 'no', { httpStatusCode: 404 });
        return { Body: body };
      });
      handler = (require('../../../functions/plan-fleet-review') as { handler: Handler }).handler;
    });
    process.env.FLEET_REVIEW_SETTINGS = saved;
    return handler as Handler;
  }
  const ws = (id: string, user: string, employeeId: string, tags: Record<string, string> = {}) => ({
    workspaceId: id,
    directoryId: 'd-906700c0de',
    userName: user,
    state: 'AVAILABLE',
    bundleId: 'wsb-8vbljg4r6',
    runningMode: 'AUTO_STOP',
    tags: {
      'employee-id': employeeId,
      'managed-by': 'workspaces-lifecycle',
      'lifecycle-adopted-at': '2026-09-01T00:00:00Z',
      ...tags,
    },
  });

  it('UsagePagesJoined_RemovalEventForTheLeaver_WarningWithTheRostersAddresses_CostCsv', async () => {
    objects.set(
      'roster/roster.csv',
      `${header}\nE1,ada,Ada,L,ada@example.com,Sales,,,,m@example.com\nE2,bob,Bob,B,bob@example.com,Finance,,,,m@example.com\n`,
    );
    objects.set(
      reviewKeys.page('r1', 0),
      JSON.stringify([
        ws('ws-a00000001', 'ada', 'E1', { 'lifecycle-unused-warned-at': '2026-11-20T09:00:00.000Z' }),
        ws('ws-a00000002', 'bob', 'E2'),
      ]),
    );
    objects.set(
      reviewKeys.connections('r1', 0),
      JSON.stringify({
        'ws-a00000001': { connectionState: 'DISCONNECTED', lastConnection: null },
        'ws-a00000002': { connectionState: 'DISCONNECTED', lastConnection: null },
      }),
    );
    objects.set(reviewKeys.hours('r1', 0), JSON.stringify({}));

    const out = await load()(
      {
        reviewId: 'r1',
        startedAt: '2026-11-30T20:00:00.000Z',
        pages: 1,
        usagePages: 1,
        usageRead: true,
        connectionCalls: 1,
        usageMetrics: 2,
      },
      lambdaContext('PlanFleetReview'),
    );

    expect(out.unusedRemovals).toEqual([
      {
        detailType: 'WorkSpace Unused',
        detail: expect.objectContaining({
          eventId: 'unused:ws-a00000001:2026-11-30',
          workspaceId: 'ws-a00000001',
          employeeId: 'E1',
          warnedAt: '2026-11-20T09:00:00.000Z',
        }),
      },
    ]);
    // Warned today, the removal day named is next month's last: fewer than 7 days are left.
    expect(out.unusedWarnings).toEqual([
      expect.objectContaining({
        workspaceId: 'ws-a00000002',
        email: 'bob@example.com',
        managerEmail: 'm@example.com',
        removalDay: '2026-12-31',
      }),
    ]);
    expect(out.cost).toMatchObject({ month: '2026-11', connectionCalls: 1, metricsRequested: 2 });
    expect(objects.get(reviewKeys.costCsv('r1'))?.split('\n')).toHaveLength(4);
    expect(objects.get(reviewKeys.reportHtml('r1'))).toContain('Cost 2026-11 (estimated)');
  });

  it('UsagePageMissing_ReviewStoreError', async () => {
    objects.set('roster/roster.csv', `${header}\nE1,ada,Ada,L,ada@example.com,Sales,,,,m@example.com\n`);
    objects.set(reviewKeys.page('r1', 0), JSON.stringify([ws('ws-a00000001', 'ada', 'E1')]));
    await expect(
      load()(
        { reviewId: 'r1', startedAt: '2026-11-30T20:00:00.000Z', pages: 1, usagePages: 1, usageRead: true },
        lambdaContext('PlanFleetReview'),
      ),
    ).rejects.toMatchObject({ name: 'ReviewStoreError' });
  });
});
