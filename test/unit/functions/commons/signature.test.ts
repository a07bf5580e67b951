import { SignatureHeaders, sign, verifySignature } from '../../../../functions/commons/signature';

const secret = 'test-webhook-secret';
const body = '{"detail-type":"Employee Joined","detail":{}}';
const now = 1_800_000_000;

function verify(
  headers: Record<string, string | undefined>,
  overrides: { body?: string; secret?: string; now?: number } = {},
) {
  return verifySignature({
    secret: overrides.secret ?? secret,
    headers,
    body: overrides.body ?? body,
    nowSeconds: overrides.now ?? now,
    windowSeconds: 300,
  });
}
const signed = (timestamp: number, payload = body, key = secret) => ({
  [SignatureHeaders.timestamp]: String(timestamp),
  [SignatureHeaders.signature]: sign(key, String(timestamp), payload),
});

describe('verifySignature', () => {
  it('Right_Accepted', () => {
    expect(verify(signed(now))).toEqual({ ok: true });
  });

  it('KnownVector_MatchesOpenssl', () => {
    // printf '%s' '1800000000.{}' | openssl dgst -sha256 -hmac test-webhook-secret
    expect(sign(secret, '1800000000', '{}')).toBe(
      'sha256=d85fafe50ee6a56e197453b9e4224c9610f44059584ffd9365600b3a6a48ad6e',
    );
  });

  it('Wrong_Refused', () => {
    const headers = { ...signed(now), [SignatureHeaders.signature]: `sha256=${'0'.repeat(64)}` };
    expect(verify(headers)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('Missing_Refused', () => {
    expect(verify({ [SignatureHeaders.timestamp]: String(now) })).toEqual({
      ok: false,
      reason: 'missing signature or timestamp header',
    });
    expect(verify({ [SignatureHeaders.signature]: signed(now)[SignatureHeaders.signature] })).toMatchObject({
      ok: false,
    });
  });

  it('Stale_Refused', () => {
    expect(verify(signed(now - 301))).toEqual({ ok: false, reason: 'timestamp is too old' });
    expect(verify(signed(now - 300))).toEqual({ ok: true });
  });

  it('FutureDated_Refused', () => {
    expect(verify(signed(now + 301))).toEqual({ ok: false, reason: 'timestamp is in the future' });
  });

  it('ReplayedLater_RefusedOnceOutsideTheWindow', () => {
    const captured = signed(now);
    expect(verify(captured)).toEqual({ ok: true });
    expect(verify(captured, { now: now + 600 })).toEqual({ ok: false, reason: 'timestamp is too old' });
  });

  it('ReplayedWithFreshTimestamp_RefusedBecauseTheTimestampIsSigned', () => {
    const captured = signed(now - 1000);
    const replay = { ...captured, [SignatureHeaders.timestamp]: String(now) };
    expect(verify(replay)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('TamperedBody_Refused', () => {
    expect(verify(signed(now), { body: body.replace('Joined', 'Left') })).toMatchObject({ ok: false });
  });

  it('WrongSecret_Refused', () => {
    expect(verify(signed(now, body, 'another-secret'))).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('HeaderCase_Ignored', () => {
    const headers = signed(now);
    expect(
      verify({
        'X-HR-Timestamp': headers[SignatureHeaders.timestamp],
        'X-Hr-Signature': headers[SignatureHeaders.signature],
      }),
    ).toEqual({ ok: true });
  });

  it('TimestampNotANumber_Refused', () => {
    expect(verify({ ...signed(now), [SignatureHeaders.timestamp]: '2026-11-21T10:00:00Z' })).toEqual({
      ok: false,
      reason: 'timestamp is not Unix seconds',
    });
  });
});
