/**
 * EventBridge content filtering: whether `event` matches `pattern`. Supports exact values,
 * `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` (values, prefix or
 * suffix), `exists`, `numeric`, nested objects, `$or`, and arrays in the event (any element may
 * match). Rules from https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * and eb-create-pattern-operators.html.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') {
      return (
        Array.isArray(expected) && expected.some((alternative) => matchesEventPattern(alternative, event))
      );
    }
    const actual = isObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) return matchesField(expected, actual);
    if (isObject(expected)) return isObject(actual) && matchesEventPattern(expected, actual);
    return false;
  });
}

function matchesField(matchers: unknown[], actual: unknown): boolean {
  if (actual === undefined) return matchers.some((m) => isObject(m) && m.exists === false);
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((m) => {
    if (isObject(m) && 'exists' in m) return m.exists === true;
    return values.some((value) => matchesValue(m, value));
  });
}

function matchesValue(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  if ('prefix' in matcher) return typeof value === 'string' && affix(matcher.prefix, value, 'start');
  if ('suffix' in matcher) return typeof value === 'string' && affix(matcher.suffix, value, 'end');
  if ('equals-ignore-case' in matcher) {
    const expected = matcher['equals-ignore-case'];
    return (
      typeof value === 'string' &&
      typeof expected === 'string' &&
      value.toLowerCase() === expected.toLowerCase()
    );
  }
  if ('wildcard' in matcher) return typeof value === 'string' && wildcard(matcher.wildcard, value);
  if ('anything-but' in matcher) return anythingBut(matcher['anything-but'], value);
  if ('numeric' in matcher) return typeof value === 'number' && numeric(matcher.numeric, value);
  return false;
}

function affix(expected: unknown, value: string, side: 'start' | 'end'): boolean {
  if (isObject(expected) && typeof expected['equals-ignore-case'] === 'string') {
    return affix(expected['equals-ignore-case'].toLowerCase(), value.toLowerCase(), side);
  }
  if (typeof expected !== 'string') return false;
  return side === 'start' ? value.startsWith(expected) : value.endsWith(expected);
}

function anythingBut(excluded: unknown, value: unknown): boolean {
  if (isObject(excluded)) {
    if ('prefix' in excluded) return typeof value === 'string' && !affix(excluded.prefix, value, 'start');
    if ('suffix' in excluded) return typeof value === 'string' && !affix(excluded.suffix, value, 'end');
    return false;
  }
  const list = Array.isArray(excluded) ? excluded : [excluded];
  return !list.includes(value);
}

function wildcard(expected: unknown, value: string): boolean {
  if (typeof expected !== 'string') return false;
  const source = expected
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

function numeric(conditions: unknown, value: number): boolean {
  if (!Array.isArray(conditions) || conditions.length % 2 !== 0) return false;
  for (let i = 0; i < conditions.length; i += 2) {
    const [op, bound] = [conditions[i], conditions[i + 1]];
    if (typeof bound !== 'number') return false;
    const holds =
      (op === '<' && value < bound) ||
      (op === '<=' && value <= bound) ||
      (op === '=' && value === bound) ||
      (op === '>' && value > bound) ||
      (op === '>=' && value >= bound);
    if (!holds) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
