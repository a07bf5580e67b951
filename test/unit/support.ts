import { logger } from '../../functions/commons/logger';

/** An error shaped like the ones the AWS SDK v3 throws for a service's answer. */
export function serviceError(name: string, httpStatusCode = 400, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/** An error shaped like a request that never got an answer (Node's socket errors). */
export function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

const logMethods = ['debug', 'info', 'warn', 'error', 'critical'] as const;

/**
 * Records everything handed to the shared logger, whatever the log level, and everything
 * written to stdout / stderr, until `stop` is called.
 */
export function recordLogs(): { text: () => string; stop: () => void } {
  const seen: string[] = [];
  const spies = [
    ...logMethods.map((method) =>
      jest.spyOn(logger, method).mockImplementation((...args: unknown[]) => {
        seen.push(
          JSON.stringify(args, (_, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v)),
        );
      }),
    ),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      seen.push(String(chunk));
      return true;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      seen.push(String(chunk));
      return true;
    }),
  ];
  return {
    text: () => seen.join('\n'),
    stop: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
