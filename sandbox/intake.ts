import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { HrBusName, type HrDetailType, hrEventPattern, hrEventTypes } from '../functions/commons/contracts';
import { wallClockNow } from './clock';
import { type EventBridgeEvent, type EventDelivery, matchesEventPattern } from './emulator';
import { lambdaContext } from './state-machines';

/** Name of the webhook's HMAC key in the emulated Secrets Manager. */
export const webhookSecretName = 'workspaces-lifecycle/hr-webhook';
/** The sandbox's webhook key. Not a secret: the sandbox only listens on loopback. */
export const sandboxWebhookSecret = 'sandbox-webhook-key-not-for-production';

/** An event the dispatcher could not handle: what the dead-letter queue holds in AWS. */
export interface DeadLetter {
  event: EventBridgeEvent;
  error: string;
  reason: string;
}

type Dispatcher = (event: unknown, context: Context) => Promise<unknown>;
type Webhook = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Lambda's asynchronous invocation retries a failed event twice before its failure destination. */
const asyncAttempts = 3;

/**
 * The HR bus rules, run locally: an event on the HR bus that matches a rule's pattern (the
 * same patterns the CDK app deploys) invokes the dispatcher as Lambda would, retried twice,
 * and lands in `deadLetters` with its reason when it still fails.
 */
export function hrRuleRouter(dispatcher: Dispatcher, onDeadLetter: (letter: DeadLetter) => void) {
  return async (event: EventBridgeEvent, delivery: EventDelivery): Promise<void> => {
    if (delivery.eventBusName !== HrBusName) return;
    const matched = (Object.keys(hrEventTypes) as HrDetailType[]).some((type) =>
      matchesEventPattern(hrEventPattern(type), event),
    );
    if (!matched) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await dispatcher(event, lambdaContext('DispatchHrEvent'));
        return;
      } catch (error) {
        const { name, message } = error as Error;
        if (attempt >= asyncAttempts || name === 'InvalidInputError') {
          onDeadLetter({ event, error: name, reason: message });
          return;
        }
      }
    }
  };
}

/**
 * The webhook over real HTTP: each POST to /events becomes an API Gateway proxy event for the
 * webhook handler, as API Gateway would pass it.
 */
export async function startWebhookServer(webhook: Webhook, port: number, host = '127.0.0.1') {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (result: APIGatewayProxyResult) => {
        res.writeHead(result.statusCode, { 'content-type': 'application/json', ...result.headers });
        res.end(result.body);
      };
      const path = new URL(req.url ?? '/', 'http://webhook').pathname;
      if (path !== '/events')
        return reply({ statusCode: 404, body: JSON.stringify({ message: 'POST /events' }) });
      if (req.method !== 'POST')
        return reply({ statusCode: 405, body: JSON.stringify({ message: 'POST /events' }) });
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      const event = {
        httpMethod: 'POST',
        path,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        isBase64Encoded: false,
        // API Gateway stamps requests with the wall clock, which the sandbox's clock does not stretch.
        requestContext: {
          identity: { sourceIp: req.socket.remoteAddress ?? '' },
          requestTimeEpoch: wallClockNow(),
        },
      } as unknown as APIGatewayProxyEvent;
      webhook(event, lambdaContext('HrWebhook')).then(reply, () =>
        reply({ statusCode: 500, body: JSON.stringify({ message: 'internal error' }) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/events`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
