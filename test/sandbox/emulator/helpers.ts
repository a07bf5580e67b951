import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Emulator } from '../../../sandbox/emulator';

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 0, 5, 9, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** Client configuration for the real SDK clients: loopback endpoint, dummy keys, no SDK retries. */
export function clientConfig(emulator: Emulator) {
  return {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** What a Directory Service Data call answered. */
export interface DsDataAnswer {
  status: number;
  errorType: string | null;
  body: Record<string, unknown>;
}

/**
 * Calls Directory Service Data over signed HTTP, as the project's own client does (there is no
 * SDK v3 client on this registry).
 */
export async function dsData(
  emulator: Emulator,
  operation: string,
  directoryId: string,
  input: Record<string, unknown> | string,
): Promise<DsDataAnswer> {
  const url = new URL(`/Users/${operation}`, emulator.url);
  url.searchParams.set('DirectoryId', directoryId);
  const body = typeof input === 'string' ? input : JSON.stringify(input);
  const signer = new SignatureV4({
    service: 'ds-data',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: { DirectoryId: directoryId },
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  const response = await fetch(url, { method: 'POST', headers: signed.headers, body });
  const text = await response.text();
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
