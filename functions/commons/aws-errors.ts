import { type LifecycleError, ThrottledError, TransientError } from './errors';

type ErrorFactory = (message: string, cause: unknown) => LifecycleError;

/** Error names that AWS services use for throttling, across the services we call. */
const throttlingNames = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
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
]);

type Described = { name: string; message: string; status?: number; code?: string };

function describe(error: unknown): Described {
  if (!(error instanceof Error)) return { name: 'UnknownError', message: String(error) };
  const e = error as Error & {
    $metadata?: { httpStatusCode?: number };
    code?: string;
    cause?: { code?: string };
  };
  return {
    name: e.name,
    message: e.message,
    status: e.$metadata?.httpStatusCode,
    code: e.code ?? e.cause?.code,
  };
}

/**
 * Turns an error from an AWS SDK call into the named error the ASL retries or catches.
 * `known` maps service error names to our errors; throttling and 5xx / network failures map to
 * {@link ThrottledError} and {@link TransientError}; anything else is returned unchanged, so
 * the execution fails with the service's own error name rather than a guess.
 */
export function mapAwsError(
  error: unknown,
  operation: string,
  known: Record<string, ErrorFactory> = {},
): Error {
  const { name, message, status, code } = describe(error);
  const text = `${operation}: ${name}: ${message}`;
  const factory = known[name];
  if (factory) return factory(text, error);
  if (throttlingNames.has(name)) return new ThrottledError(text, { cause: error });
  const unanswered = networkCodes.has(name) || (code !== undefined && networkCodes.has(code));
  if ((status !== undefined && status >= 500) || unanswered)
    return new TransientError(text, { cause: error });
  return error instanceof Error ? error : new Error(text);
}
