import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How the HR system signs a webhook request: `X-HR-Signature: sha256=<hex>` where the hex is
 * HMAC-SHA256, keyed with the shared secret, over `<X-HR-Timestamp>.<raw body>`; the timestamp is
 * Unix seconds. Signing the timestamp with the body stops a captured request being replayed
 * later with a fresh timestamp.
 */
export const SignatureHeaders = { timestamp: 'x-hr-timestamp', signature: 'x-hr-signature' } as const;

/** The signature header value for a body sent at `timestamp` (Unix seconds). */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks a request's signature and freshness. Header names are matched case-insensitively;
 * the comparison takes the same time whatever the signature, so it reveals nothing.
 */
export function verifySignature(request: {
  secret: string;
  headers: Record<string, string | undefined>;
  body: string;
  nowSeconds: number;
  windowSeconds: number;
}): Verdict {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const timestamp = headers[SignatureHeaders.timestamp];
  const signature = headers[SignatureHeaders.signature];
  if (!timestamp || !signature) return { ok: false, reason: 'missing signature or timestamp header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not Unix seconds' };
  const age = request.nowSeconds - Number(timestamp);
  if (age > request.windowSeconds) return { ok: false, reason: 'timestamp is too old' };
  if (-age > request.windowSeconds) return { ok: false, reason: 'timestamp is in the future' };
  const expected = Buffer.from(sign(request.secret, timestamp, request.body));
  const given = Buffer.from(signature);
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  return same ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
