import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { z } from 'zod';
import { readJsonEnv, requireEnv, webhookLimitsSchema } from './commons/config';
import { type HrDetailType, HrSource, hrDetailSchema } from './commons/contracts';
import { Env } from './commons/env';
import { intakeIssues, readIntakeRules } from './commons/intake-rules';
import { describeIssues } from './commons/issues';
import { logger } from './commons/logger';
import { verifySignature } from './commons/signature';

const secretArn = requireEnv(Env.WebhookSecretArn);
const busName = requireEnv(Env.EventBusName);
const limits = readJsonEnv(Env.WebhookLimits, webhookLimitsSchema);
const rules = readIntakeRules();
// Answering the HR system synchronously: let the SDK retry a throttled PutEvents itself.
const client = new EventBridgeClient({});

/** What the HR system posts: one HR event, typed by `detail-type`. */
const bodySchema = z.strictObject({
  'detail-type': z.string().min(1),
  detail: z.unknown(),
});

const answer = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The HR system's webhook: checks size, type and HMAC signature, validates the event against
 * its contract and puts it on the HR bus. 202 means the event is on the bus; anything else
 * means it is not, and says why without a stack trace.
 */
export async function receive(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  if (Buffer.byteLength(raw) > limits.maxBodyBytes) {
    return answer(413, { message: `body is larger than ${limits.maxBodyBytes} bytes` });
  }
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  if (!/^application\/json\s*(;|$)/i.test(headers['content-type'] ?? '')) {
    return answer(415, { message: 'content-type must be application/json' });
  }
  // Cached for five minutes: a rotated secret is picked up without a cold start.
  const secret = await getSecret(secretArn, { maxAge: 300 });
  if (typeof secret !== 'string' || secret === '') throw new Error('The webhook secret is empty');
  const verdict = verifySignature({
    secret,
    headers,
    body: raw,
    // API Gateway's own receipt time: the moment that matters for freshness.
    nowSeconds: Math.floor((event.requestContext?.requestTimeEpoch ?? Date.now()) / 1000),
    windowSeconds: limits.replayWindowSeconds,
  });
  if (!verdict.ok) {
    logger.warn('Webhook request refused', {
      reason: verdict.reason,
      sourceIp: event.requestContext?.identity?.sourceIp,
    });
    return answer(401, { message: `unauthorized: ${verdict.reason}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return answer(400, { message: 'body is not valid JSON' });
  }
  const body = bodySchema.safeParse(json);
  if (!body.success) return answer(400, { message: 'invalid event', errors: describeIssues(body.error) });
  const detailType = body.data['detail-type'];
  const contract = hrDetailSchema(detailType);
  if (!contract)
    return answer(400, { message: 'invalid event', errors: [`detail-type: unknown type "${detailType}"`] });
  const detail = contract.schema.safeParse(body.data.detail);
  if (!detail.success) {
    return answer(400, { message: 'invalid event', errors: describeIssues(detail.error, ['detail']) });
  }
  const refused = intakeIssues(detailType as HrDetailType, detail.data, rules);
  if (refused.length > 0)
    return answer(400, { message: 'invalid event', errors: refused.map((issue) => `detail.${issue}`) });
  const { eventId } = detail.data;
  const put = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: HrSource,
          DetailType: detailType,
          Detail: JSON.stringify(detail.data),
        },
      ],
    }),
  );
  const entry = put.Entries?.[0];
  if (!entry?.EventId) {
    logger.error('The bus refused an HR event', { eventId, errorCode: entry?.ErrorCode });
    return answer(502, {
      message: `the event bus refused the event (${entry?.ErrorCode ?? 'no entry'}); send it again`,
      eventId,
    });
  }
  logger.info('HR event accepted', { eventId, detailType, busEventId: entry.EventId });
  return answer(202, { eventId, busEventId: entry.EventId });
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    try {
      return await receive(event);
    } catch (error) {
      // Never a stack trace to the caller; the log has the detail.
      logger.error('Webhook failed', { error: error as Error });
      return answer(503, { message: 'the event could not be accepted now; send it again' });
    }
  });
