import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';

/** A request as the emulator's services see it: the body already read as text. */
export interface ServiceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a service answers; the server writes it out unchanged. */
export interface ServiceResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON object as parsed from a request. */
export type JsonObject = Record<string, unknown>;

/**
 * An error a service answers with. `code` is the wire error code the SDK turns into the
 * exception's `name`; `fields` are extra members of the error shape (for example `Reason`).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fields: JsonObject = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** Counts calls and throttled answers per `service.Operation`, for the bench and the admin API. */
export class ApiMetrics {
  readonly calls: Record<string, number> = {};
  readonly throttled: Record<string, number> = {};

  count(service: string, operation: string): void {
    const key = `${service}.${operation}`;
    this.calls[key] = (this.calls[key] ?? 0) + 1;
  }

  throttle(service: string, operation: string): void {
    const key = `${service}.${operation}`;
    this.throttled[key] = (this.throttled[key] ?? 0) + 1;
  }

  /** Changes with their simulated time, for the bench's figures (a directory user disabled, ...). */
  readonly journal: JournalEntry[] = [];

  note(service: string, operation: string, subject: string, at: number): void {
    this.journal.push({ key: `${service}.${operation}`, subject, at });
  }
}

/** One change the emulator made: `service.Operation`, what it changed, and when (simulated epoch ms). */
export interface JournalEntry {
  key: string;
  subject: string;
  at: number;
}

/** A response with a JSON body. */
export function jsonResponse(
  status: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): ServiceResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...headers },
    body: JSON.stringify(body),
  };
}

/** Parses a request body that must be a JSON object (an empty body counts as `{}`). */
export function parseJsonObject(text: string, errorCode: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(errorCode, 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(errorCode, 'The request body must be a JSON object.');
  }
  return value as JsonObject;
}

/** Checks `value` against `schema`, answering the service's validation error when it does not fit. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, errorCode: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ApiError(errorCode, `${where}${issue?.message ?? 'invalid request'}`);
}

/**
 * Offset pagination with an opaque token, as the list operations page; a token that is not one
 * this gave out is answered with `invalidToken()`.
 */
export function page<T>(
  items: readonly T[],
  limit: number,
  token: string | undefined,
  invalidToken: () => ApiError,
): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString());
  if (!Number.isInteger(start) || start < 0) throw invalidToken();
  const end = start + limit;
  return {
    items: items.slice(start, end),
    next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}

/** One operation of a JSON-RPC style service: takes the parsed input, returns the output object. */
export type Operation = (input: JsonObject) => unknown;

/** A service speaking awsJson1_0 or awsJson1_1 (`X-Amz-Target: Prefix.Operation`). */
export interface JsonRpcService {
  /** The name in the admin API and in metrics, usually the signing name. */
  name: string;
  version: '1.0' | '1.1';
  targetPrefix: string;
  operations: Record<string, Operation>;
  /** Runs before each known operation, for example to throttle; may throw an ApiError. */
  before?: (operation: string) => void;
}

/** Answers a request to an awsJson service, routed by target; an ApiError it throws is the caller's to render. */
export async function handleJsonRpc(
  service: JsonRpcService,
  request: ServiceRequest,
  metrics: ApiMetrics,
): Promise<ServiceResponse> {
  const target = String(request.headers['x-amz-target'] ?? '');
  const operationName = target.startsWith(`${service.targetPrefix}.`)
    ? target.slice(service.targetPrefix.length + 1)
    : '';
  const operation = Object.hasOwn(service.operations, operationName)
    ? service.operations[operationName]
    : undefined;
  if (!operation) throw new ApiError('UnknownOperationException', `Unknown operation ${target}`);
  metrics.count(service.name, operationName);
  service.before?.(operationName);
  const input = parseJsonObject(request.body, 'SerializationException');
  const output = await operation(input);
  return jsonResponse(200, output ?? {}, `application/x-amz-json-${service.version}`);
}

/** An awsJson error: the code in `__type`, beside the message and the error's extra fields. */
export function jsonRpcError(error: ApiError, version: JsonRpcService['version']): ServiceResponse {
  return jsonResponse(
    error.status,
    { __type: error.code, message: error.message, ...error.fields },
    `application/x-amz-json-${version}`,
  );
}

/**
 * A REST-JSON error: the code goes in `x-amzn-errortype`, the message under the key the
 * service's error shapes use (`message` for SES, `Message` for Directory Service Data).
 */
export function restJsonError(error: ApiError, messageKey: 'message' | 'Message'): ServiceResponse {
  return jsonResponse(error.status, { [messageKey]: error.message, ...error.fields }, 'application/json', {
    'x-amzn-errortype': error.code,
  });
}

/** Escapes text for an XML element. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An AWS query protocol success answer: `<ActionResponse><ActionResult>...`. */
export function queryResponse(action: string, namespace: string, resultXml: string): ServiceResponse {
  const body =
    `<${action}Response xmlns="${namespace}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

/** An AWS query protocol error answer (`<ErrorResponse><Error><Code>`), which the SDK maps by Code. */
export function queryError(error: ApiError, namespace: string): ServiceResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type>` +
    `<Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
}
