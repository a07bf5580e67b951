import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { requireEnv } from './commons/config';
import { Env } from './commons/env';
import { publishToOperators } from './commons/sns';
import { taskHandler } from './commons/task';

const topicArn = requireEnv(Env.AlertTopicArn);
const client = new SNSClient(taskClientConfig);

const inputSchema = z.object({
  reviewId: z.string(),
  summary: z.string(),
  fleetSize: z.number(),
  rosterRows: z.number(),
  rosterErrors: z.number(),
  refusal: z.string().nullable(),
  dryRun: z.boolean(),
  adoptions: z.array(z.unknown()),
  events: z.array(z.object({ detailType: z.string() })),
  stuck: z.array(z.string()),
  reportHtml: z.string(),
  reportCsv: z.string(),
});

/** The S3 console's page of an `s3://bucket/key` object, for the email's reader to open. */
export function consoleLink(uri: string): string {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) return uri;
  return `https://console.aws.amazon.com/s3/object/${match[1]}?prefix=${encodeURIComponent(match[2])}`;
}

/** Tells the operators what the fleet review found and did, where the report is, and what is stuck. */
export const handler = taskHandler(inputSchema, async (review) => {
  const started = (type: string) => review.events.filter((e) => e.detailType === type).length;
  const lines = [
    `Fleet review ${review.reviewId}: ${review.fleetSize} WorkSpaces, roster of ${review.rosterRows} rows (${review.rosterErrors} refused).`,
    `Found: ${review.summary}.`,
    review.dryRun
      ? 'Dry run: nothing was changed.'
      : `Done: ${review.adoptions.length} adopted, ${started('Employee Left')} leavers and ${started('Employee Joined')} joiners started.`,
    review.refusal ? `Removals refused: ${review.refusal}` : undefined,
    ...(review.stuck.length > 0 ? ['Stuck, for an operator:', ...review.stuck.map((s) => `  ${s}`)] : []),
    `Report: ${review.reportHtml} (CSV: ${review.reportCsv})`,
    `In the console: ${consoleLink(review.reportHtml)}`,
  ].filter((line): line is string => line !== undefined);
  const attention = review.stuck.length > 0 || review.refusal ? ' (needs attention)' : '';
  const messageId = await publishToOperators(client, {
    topicArn,
    subject: `workspaces-lifecycle: fleet review${attention}: ${review.summary}`,
    lines,
  });
  return { messageId };
});
