import { type LifecycleError, ThrottledError, TransientError } from './errors';

/** One of our error classes: built with the message and the original error as its cause. */
export type LifecycleErrorClass = new (message: string, options?: { cause?: unknown }) => LifecycleError;

/** Error names that AWS services use for throttling, across the services we call. */
const throttlingNames = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // DynamoDB's names for it.
  'ProvisionedThroughputExceededException',
  'ThrottlingError',
  // S3's (503 SlowDown, S3 API reference "Error responses").
  'SlowDown',
]);

/** Error codes of a request that never got an answer: the network, not the request, failed. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  // Our fetch-based Directory Service Data client names an unanswered request so.
  'NetworkingError',
]);

type Described = { name: string; message: string; status?: number; code?: string };

// By shape, not `instanceof`: an error from another realm (a test sandbox, a bundled copy of a
// library) is still an error.
function describe(error: unknown): Described {
  if (typeof error !== 'object' || error === null || !('name' in error)) {
    return { name: 'UnknownError', message: String(error) };
  }
  const e = error as {
    name: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    code?: string;
    cause?: { code?: string };
  };
  const message = String(e.message ?? '');
  // The SDK wraps what the HTTP layer threw when it was not an Error of its own:
  // "AWS SDK error wrapper for TimeoutError: read ECONNRESET". The wrapped name and code count.
  const wrapped = /^AWS SDK error wrapper for (\w+)/.exec(message)?.[1];
  const wrappedCode = wrapped ? /\b(E[A-Z]{3,})\b/.exec(message)?.[1] : undefined;
  return {
    name: String(e.name),
    message,
    status: e.$metadata?.httpStatusCode,
    code: e.code ?? e.cause?.code ?? wrappedCode ?? wrapped,
  };
}

/** Whether `error` carries one of `names`: how a task tells an expected answer (gone, exists) from a failure. */
export function isErrorNamed(error: unknown, ...names: string[]): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && names.includes(String(error.name));
}

/**
 * Turns an error from an AWS SDK call into the named error the ASL retries or catches.
 * `known` maps service error names to our error classes; throttling and 5xx / network failures map to
 * {@link ThrottledError} and {@link TransientError}; anything else is returned unchanged, so
 * the execution fails with the service's own error name rather than a guess.
 */
export function mapAwsError(
  error: unknown,
  operation: string,
  known: Record<string, LifecycleErrorClass> = {},
): Error {
  const { name, message, status, code } = describe(error);
  const text = `${operation}: ${name}: ${message}`;
  const ErrorClass = known[name];
  if (ErrorClass) return new ErrorClass(text, { cause: error });
  if (throttlingNames.has(name)) return new ThrottledError(text, { cause: error });
  const unanswered = networkCodes.has(name) || (code !== undefined && networkCodes.has(code));
  if ((status !== undefined && status >= 500) || unanswered)
    return new TransientError(text, { cause: error });
  return typeof error === 'object' && error !== null && 'name' in error ? (error as Error) : new Error(text);
}
