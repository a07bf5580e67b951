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
