import { createHash } from 'node:crypto';

/**
 * The Step Functions execution name for an HR event: deterministic, so a repeated event,
 * a retried webhook or an archive replay names the same execution and starts nothing new.
 * Names allow 1-80 of [A-Za-z0-9-_]; an id that needs changing gets a hash suffix so two
 * different ids never share a name.
 */
export function executionNameFor(eventId: string): string {
  const clean = eventId.replace(/[^A-Za-z0-9_-]/g, '-');
  if (clean === eventId && clean.length > 0 && clean.length <= 80) return clean;
  const hash = createHash('sha256').update(eventId).digest('hex').slice(0, 12);
  return `${clean.slice(0, 80 - hash.length - 1)}-${hash}`;
}
