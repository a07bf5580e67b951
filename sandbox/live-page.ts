import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type HrDetailType,
  hrDetailSchema,
  LifecycleSource,
  unwrapEvent,
} from '../functions/commons/contracts';
import { entryLabel, fromItem } from '../functions/commons/provisioning';
import { reviewKeys } from '../functions/commons/review-store';
import { provisioningTableName, type Sandbox } from './sandbox';

/** An example HR event the page can send with a click. */
export interface PageExample {
  /** `employee-joined`, or `invalid/bad-user-name` for one the dispatcher refuses. */
  id: string;
  detailType: HrDetailType;
  detail: Record<string, unknown>;
  /** Whether the contract refuses it: sent anyway, to show a dead letter. */
  invalid: boolean;
}

const pageDir = join(__dirname, 'page');
const examplesDir = join(__dirname, '..', 'examples', 'events');

/** Every example in `examples/events/` (and `invalid/`) whose detail-type is an HR event type. */
export function readExamples(dir = examplesDir): PageExample[] {
  const read = (sub: string, invalid: boolean) =>
    readdirSync(join(dir, sub))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .flatMap((file): PageExample[] => {
        const parsed = JSON.parse(readFileSync(join(dir, sub, file), 'utf8')) as {
          'detail-type'?: string;
          detail?: Record<string, unknown>;
        };
        const detailType = parsed['detail-type'] ?? '';
        if (!hrDetailSchema(detailType) || !parsed.detail) return [];
        const id = `${sub ? `${sub}/` : ''}${file.replace(/\.json$/, '')}`;
        return [{ id, detailType: detailType as HrDetailType, detail: parsed.detail, invalid }];
      });
  return [...read('', false), ...read('invalid', true)];
}

const flowStates: Record<string, string> = { joiner: 'joining', leaver: 'leaving', rehire: 'rehiring' };
const eventStates: Record<string, string> = {
  'WorkSpace Ready': 'ready',
  'Onboarding Failed': 'onboarding failed',
  'Access Revoked': 'access revoked, removal pending',
  'WorkSpace Removed': 'removed',
  'Removal Cancelled': 'staying: removal cancelled',
  'Offboarding Failed': 'offboarding failed',
};

type Detail = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What the page shows, read from the running sandbox. Times are simulated epoch milliseconds. */
export function pageState(sandbox: Sandbox, examples: PageExample[]) {
  const { state } = sandbox.emulator;
  const flowOf = (arn: string) => arn.split(':').pop() ?? arn;
  const executions = state.executions.map((e) => {
    let input: Detail = {};
    try {
      input = (unwrapEvent(JSON.parse(e.input)) ?? {}) as Detail;
    } catch {
      // An input that is not JSON names no employee; the execution is still listed.
    }
    return {
      name: e.name,
      flow: flowOf(e.stateMachineArn),
      status: e.status,
      state: sandbox.progress.get(e.name)?.state ?? e.status,
      userName: text(input.userName),
      givenName: text(input.givenName),
      familyName: text(input.familyName),
      employeeId: text(input.employeeId),
      startDate: e.startDate,
      stopDate: e.stopDate,
      error: e.error,
    };
  });
  const events = state.events
    .filter((e) => e.source === LifecycleSource)
    .map((e) => {
      const detail = (e.detail ?? {}) as Detail;
      return {
        id: e.id,
        time: Date.parse(e.time),
        detailType: e['detail-type'],
        userName: text(detail.userName),
        workspaceId: text(detail.workspaceId) ?? (detail.workspaceIds as string[] | undefined)?.join(' '),
        note: text(detail.error) ?? (detail.reasons as string[] | undefined)?.join('; '),
      };
    });

  const names = new Set<string>();
  for (const e of executions) if (e.userName) names.add(e.userName);
  for (const u of state.users) names.add(u.samAccountName);
  for (const w of state.workspaces) names.add(w.UserName);
  const employees = [...names].sort().map((userName) => {
    const theirs = executions.filter((e) => e.userName === userName);
    const latest = theirs.reduce<(typeof theirs)[number] | undefined>(
      (a, b) => (a && a.startDate >= b.startDate ? a : b),
      undefined,
    );
    const running = theirs.filter((e) => e.status === 'RUNNING');
    const lastEvent = events.filter((e) => e.userName === userName).at(-1);
    const user = state.users.find((u) => u.samAccountName === userName);
    const workspace = state.workspaces
      .filter((w) => w.UserName === userName)
      .reduce<(typeof state.workspaces)[number] | undefined>(
        (a, b) => (a && a.createdAt >= b.createdAt ? a : b),
        undefined,
      );
    const named = theirs.find((e) => e.givenName);
    return {
      userName,
      name: named ? `${named.givenName} ${named.familyName ?? ''}`.trim() : undefined,
      employeeId: latest?.employeeId,
      state:
        running.length > 0
          ? running.map((e) => `${flowStates[e.flow] ?? e.flow} (${e.state})`).join(', ')
          : lastEvent
            ? (eventStates[lastEvent.detailType] ?? lastEvent.detailType)
            : (latest?.status.toLowerCase() ?? 'no flow yet'),
      directoryUser: user ? (user.enabled ? 'enabled' : 'disabled') : undefined,
      workspaceId: workspace?.WorkspaceId,
      workspaceState: workspace?.State,
    };
  });

  // The emulator keeps items as DynamoDB's wire format, which is what fromItem reads.
  const items = (state.tables[provisioningTableName] ?? []) as unknown as Record<string, AttributeValue>[];
  const queue = items
    .flatMap((item) => fromItem(item) ?? [])
    .map((e) => ({
      kind: e.kind,
      for: entryLabel(e),
      queuedAt: e.queuedAt,
      lookAfter: e.kind === 'watch' ? e.lookAfter : undefined,
      deadline: e.kind === 'watch' ? e.deadline : undefined,
    }));

  return {
    now: Date.now(),
    timeScale: sandbox.clock.scale,
    employees,
    executions,
    queue,
    emails: state.emails.map((m) => ({ id: m.messageId, to: m.to, subject: m.subject, sentAt: m.sentAt })),
    events,
    alerts: state.messages.map((m) => ({
      id: m.messageId,
      time: m.publishedAt,
      subject: m.subject,
      message: m.message,
    })),
    deadLetters: sandbox.deadLetters.map((d) => ({
      eventId: text((d.event.detail as Detail | undefined)?.eventId),
      detailType: d.event['detail-type'],
      error: d.error,
      reason: d.reason,
    })),
    examples: examples.map((e) => ({ id: e.id, detailType: e.detailType, invalid: e.invalid })),
  };
}

/**
 * A joiner like the first joiner example with identifiers of its own, so a click starts a new
 * flow instead of repeating an event the sandbox has already seen.
 */
export function newJoiner(examples: PageExample[], n: number): PageExample | undefined {
  const base = examples.find((e) => e.detailType === 'Employee Joined' && !e.invalid);
  if (!base) return undefined;
  const user = String(base.detail.userName).slice(0, 16);
  return {
    ...base,
    id: 'new-joiner',
    detail: {
      ...base.detail,
      eventId: `${String(base.detail.eventId)}-new-${n}`,
      employeeId: `${String(base.detail.employeeId)}-${n}`,
      userName: `${user}${n}`,
      email: `${user}${n}@example.com`,
    },
  };
}

const MAX_BODY = 64 * 1024;
const staticFiles: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * Serves the live page of a running sandbox: the page and its script, `GET /api/state`,
 * `GET /api/emails/<id>` and `POST /api/send` (`{"example": "employee-joined"}` or
 * `{"example": "new-joiner"}`), which puts the example on the HR bus as `npm run event` does.
 */
export async function startLivePage(sandbox: Sandbox, port: number, host = '127.0.0.1') {
  const examples = readExamples();
  let joiners = 0;

  const send = async (body: string): Promise<[number, unknown]> => {
    let id: unknown;
    try {
      id = (JSON.parse(body) as { example?: unknown }).example;
    } catch {
      return [400, { message: 'The body must be JSON: {"example": "<id>"}' }];
    }
    const example = id === 'new-joiner' ? newJoiner(examples, ++joiners) : examples.find((e) => e.id === id);
    if (!example) return [404, { message: `No example ${String(id)}` }];
    const busEventId = await sandbox.putHrEvent(example.detailType, example.detail);
    return [202, { eventId: example.detail.eventId, busEventId }];
  };

  const answer = async (req: IncomingMessage, body: string): Promise<[number, unknown, string?]> => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (req.method === 'POST' && path === '/api/send') return send(body);
    if (req.method !== 'GET') return [405, { message: 'GET, or POST /api/send' }];
    if (path === '/api/state') return [200, pageState(sandbox, examples)];
    const email = /^\/api\/emails\/([^/]+)$/.exec(path);
    if (email) {
      const found = sandbox.emulator.state.emails.find((m) => m.messageId === decodeURIComponent(email[1]));
      return found
        ? [
            200,
            { to: found.to, subject: found.subject, text: found.text, html: found.html, file: found.file },
          ]
        : [404, { message: 'No such email' }];
    }
    // The latest fleet review's report, as PlanFleetReview wrote it to the review's bucket.
    if (path === '/report' || path === '/report.csv') {
      const key = path === '/report' ? reviewKeys.latestHtml : reviewKeys.latestCsv;
      const report = sandbox.emulator.s3.get(sandbox.reviewBucket, key);
      return report
        ? [200, report.body, report.contentType]
        : [404, 'No fleet review has run yet: `npm run roster -- review`', 'text/plain; charset=utf-8'];
    }
    const asset = Object.hasOwn(staticFiles, path) ? staticFiles[path] : undefined;
    if (asset) return [200, readFileSync(join(pageDir, asset.file), 'utf8'), asset.type];
    return [404, { message: `Nothing at ${path}` }];
  };

  const reply = (res: ServerResponse, [status, body, type]: [number, unknown, string?]) => {
    const payload = Buffer.from(type ? String(body) : JSON.stringify(body));
    res.writeHead(status, {
      'content-type': type ?? 'application/json',
      'content-length': String(payload.length),
      'cache-control': 'no-store',
    });
    res.end(payload);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return reply(res, [413, { message: 'Body too large' }]);
      answer(req, Buffer.concat(chunks).toString('utf8')).then(
        (result) => reply(res, result),
        (error: unknown) => reply(res, [500, { message: (error as Error).message }]),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
