import { type LifecycleError, ThrottledError, TransientError } from './errors';

type ErrorFactory = (message: string, cause: unknown) => LifecycleError;

/** Error names that AWS services use for throttling, across the services we call. */
const throttlingNames = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

function describe(error: unknown): { name: string; message: string; status?: number } {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return { name: error.name, message: error.message, status };
  }
  return { name: 'UnknownError', message: String(error) };
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
  const { name, message, status } = describe(error);
  const text = `${operation}: ${name}: ${message}`;
  const factory = known[name];
  if (factory) return factory(text, error);
  if (throttlingNames.has(name)) return new ThrottledError(text, { cause: error });
  if (status === undefined || status >= 500) return new TransientError(text, { cause: error });
  return error instanceof Error ? error : new Error(text);
}
