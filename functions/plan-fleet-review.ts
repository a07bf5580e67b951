import { z } from 'zod';
import {
  fleetReviewSettingsSchema,
  profilesConfigSchema,
  readDirectoryId,
  readJsonEnv,
  readJsonFileEnv,
  requireEnv,
} from './commons/config';
import { Env } from './commons/env';
import { ReviewStoreError, RosterNotFoundError } from './commons/errors';
import {
  type DirectoryUserSummary,
  type FleetEvent,
  type FleetWorkspace,
  findingKinds,
  reviewFleet,
  type StateHistory,
} from './commons/fleet';
import { reportCsv, reportHtml } from './commons/fleet-report';
import { readIntakeRules } from './commons/intake-rules';
import { logger } from './commons/logger';
import { getText, putText, reviewKeys } from './commons/review-store';
import { parseRoster, rosterFormatOf } from './commons/roster';
import { S3Client } from './commons/s3';
import { taskHandler } from './commons/task';

const bucket = requireEnv(Env.ReviewBucket);
const settings = readJsonEnv(Env.FleetReviewSettings, fleetReviewSettingsSchema);
const profiles = readJsonFileEnv(Env.ProfilesFile, profilesConfigSchema);
const directoryId = readDirectoryId();
const intakeRules = readIntakeRules();
const s3 = new S3Client();

/**
 * WorkSpaces calls a leaver makes in its first minute: FindLeaverWorkspaces, ReadWorkspaceTags,
 * TagWorkspace, SetAutoStop, StopWorkspace and the look a minute later.
 */
export const leaverStartCalls = 6;

const inputSchema = z.object({
  reviewId: z.string().min(1),
  startedAt: z.string().min(1),
  pages: z.number().int().min(0),
  /** Pages of directory users kept by ReadDirectoryUsersPage; absent or `usersRead` false: not read. */
  userPages: z.number().int().min(0).default(0),
  usersRead: z.boolean().default(false),
  /** Pages of the provisioning queue kept by ReadProvisioningQueue. */
  queuePages: z.number().int().min(0).default(0),
  calls: z.number().int().min(0).default(0),
  /** The execution's input: on demand, `{"dryRun": true}` makes a dry run whatever the configuration says. */
  request: z.looseObject({ dryRun: z.boolean().optional() }).default({}),
});

/**
 * Joins the fleet the review read with the roster and the previous review's history, applies the
 * safety rules ({@link reviewFleet}), writes the report (CSV and HTML) and the new history, and
 * hands the state machine the actions to take: the adoptions, and the HR events for the
 * existing flows. Reads and writes only the review's store; no WorkSpaces call.
 */
export const handler = taskHandler(
  inputSchema,
  async ({ reviewId, startedAt, pages, userPages, usersRead, queuePages, calls, request }) => {
    const { dryRun } = request;
    const rosterText = await getText(s3, bucket, settings.rosterKey);
    if (rosterText === undefined) {
      throw new RosterNotFoundError(
        `No roster at s3://${bucket}/${settings.rosterKey}: upload one (see README, "The roster")`,
      );
    }
    const roster = parseRoster(rosterText, rosterFormatOf(settings.rosterKey));
    const workspaces: FleetWorkspace[] = [];
    for (let page = 0; page < pages; page++) {
      const text = await getText(s3, bucket, reviewKeys.page(reviewId, page));
      if (text === undefined)
        throw new RosterNotFoundError(`Page ${page} of review ${reviewId} is missing from the store`);
      workspaces.push(...(JSON.parse(text) as FleetWorkspace[]));
    }
    let users: DirectoryUserSummary[] | undefined;
    if (usersRead) {
      users = [];
      for (let page = 0; page < userPages; page++) {
        const text = await getText(s3, bucket, reviewKeys.users(reviewId, page));
        if (text === undefined)
          throw new ReviewStoreError(`Users page ${page} of review ${reviewId} is missing from the store`);
        users.push(...(JSON.parse(text) as DirectoryUserSummary[]));
      }
    }
    const runningJoiners: string[] = [];
    for (let page = 0; page < queuePages; page++) {
      const text = await getText(s3, bucket, reviewKeys.queued(reviewId, page));
      if (text === undefined)
        throw new ReviewStoreError(`Queue page ${page} of review ${reviewId} is missing from the store`);
      runningJoiners.push(...(JSON.parse(text) as string[]));
    }
    const historyText = await getText(s3, bucket, reviewKeys.history);
    const history = historyText ? (JSON.parse(historyText) as StateHistory) : {};
    const effective = dryRun === undefined ? settings : { ...settings, dryRun };
    const review = reviewFleet({
      now: new Date(startedAt).toISOString(),
      directoryId,
      roster,
      workspaces,
      runningJoiners,
      history,
      profiles,
      settings: effective,
      intakeRules,
      users,
    });
    const meta = {
      reviewId,
      now: startedAt,
      rosterSource: `s3://${bucket}/${settings.rosterKey}`,
      rosterRows: roster.rows,
      rosterErrors: roster.errors,
      dryRun: effective.dryRun,
      workspacesCalls: calls,
    };
    const html = reportHtml(review, meta);
    const csv = reportCsv(review);
    await putText(s3, bucket, reviewKeys.reportHtml(reviewId), html, 'text/html; charset=utf-8');
    await putText(s3, bucket, reviewKeys.reportCsv(reviewId), csv, 'text/csv; charset=utf-8');
    await putText(s3, bucket, reviewKeys.latestHtml, html, 'text/html; charset=utf-8');
    await putText(s3, bucket, reviewKeys.latestCsv, csv, 'text/csv; charset=utf-8');
    if (!effective.dryRun) await putText(s3, bucket, reviewKeys.history, JSON.stringify(review.history));
    const started = review.findings.filter((f) => f.outcome === 'started').length;
    logger.info('Fleet reviewed', { reviewId, counts: review.counts, started, refusal: review.refusal });
    return {
      reviewId,
      counts: review.counts,
      fleetSize: review.fleetSize,
      rosterRows: roster.rows,
      rosterErrors: roster.errors.length,
      refusal: review.refusal ?? null,
      dryRun: effective.dryRun,
      workspacesCalls: calls,
      directoryUsers: users?.length ?? null,
      /** Compact: the tags are rebuilt by AdoptWorkspace, so a thousand fit in the payload. */
      adoptions: review.adoptions.map((a) => ({
        workspaceId: a.workspaceId,
        employeeId: a.tags['employee-id'],
      })),
      adoptedAt: new Date(startedAt).toISOString(),
      events: review.events.map((e: FleetEvent) => ({ detailType: e.detailType, detail: e.detail })),
      stuck: review.findings
        .filter((f) => f.kind === 'stuck')
        .map((f) => `${f.workspaceId} (${f.userName}): ${f.detail}`),
      reportHtml: `s3://${bucket}/${reviewKeys.reportHtml(reviewId)}`,
      reportCsv: `s3://${bucket}/${reviewKeys.reportCsv(reviewId)}`,
      summary: findingKinds.map((k) => `${k} ${review.counts[k]}`).join(', '),
      /** Seconds between two adoptions: the review's share of the WorkSpaces budget. */
      paceSeconds: Math.ceil(1 / effective.callsPerSecond),
      /** Seconds between two leavers: each makes about {@link leaverStartCalls} WorkSpaces calls as it starts. */
      leaverPaceSeconds: Math.ceil(leaverStartCalls / effective.callsPerSecond),
    };
  },
);
