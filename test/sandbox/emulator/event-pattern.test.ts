import { matchesEventPattern } from '../../../sandbox/emulator/event-pattern';

const event = {
  source: 'hr.system',
  'detail-type': 'Employee Joined',
  resources: ['arn:aws:example:employee/E-1001', 'arn:aws:example:team/T-7'],
  detail: {
    employeeId: 'E-1001',
    email: 'jamie.cole@example.com',
    level: 5,
    office: { country: 'DE', city: 'Berlin' },
    tags: ['contractor', 'remote'],
    manager: null,
  },
};

describe('matchesEventPattern', () => {
  test.each([
    ['exact value list', { source: ['hr.system', 'other'] }, true],
    ['exact value mismatch', { source: ['other'] }, false],
    ['several fields must all match', { source: ['hr.system'], 'detail-type': ['Employee Left'] }, false],
    ['nested objects', { detail: { office: { country: ['DE'] } } }, true],
    ['nested mismatch', { detail: { office: { country: ['FR'] } } }, false],
    ['a field that is absent never equals a value', { detail: { department: ['IT'] } }, false],
    ['array in the event matches when any element does', { detail: { tags: ['remote'] } }, true],
    ['array in the event with no matching element', { detail: { tags: ['employee'] } }, false],
    ['prefix', { detail: { employeeId: [{ prefix: 'E-' }] } }, true],
    ['prefix on an array element', { resources: [{ prefix: 'arn:aws:example:team/' }] }, true],
    ['suffix', { detail: { email: [{ suffix: '@example.com' }] } }, true],
    ['suffix mismatch', { detail: { email: [{ suffix: '@example.org' }] } }, false],
    ['equals-ignore-case', { 'detail-type': [{ 'equals-ignore-case': 'employee joined' }] }, true],
    ['wildcard', { detail: { email: [{ wildcard: 'jamie.*@example.com' }] } }, true],
    ['anything-but a value', { detail: { office: { country: [{ 'anything-but': 'FR' }] } } }, true],
    [
      'anything-but a listed value',
      { detail: { office: { country: [{ 'anything-but': ['DE', 'FR'] }] } } },
      false,
    ],
    ['anything-but a prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, true],
    ['anything-but needs the field', { detail: { department: [{ 'anything-but': 'IT' }] } }, false],
    ['exists true', { detail: { email: [{ exists: true }] } }, true],
    ['exists true on an absent field', { detail: { department: [{ exists: true }] } }, false],
    ['exists false on an absent field', { detail: { department: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { email: [{ exists: false }] } }, false],
    ['null matches a null value', { detail: { manager: [null] } }, true],
    ['numeric range', { detail: { level: [{ numeric: ['>', 3, '<=', 5] }] } }, true],
    ['numeric out of range', { detail: { level: [{ numeric: ['>=', 6] }] } }, false],
    ['numeric equality', { detail: { level: [{ numeric: ['=', 5] }] } }, true],
    ['numeric on a string never matches', { detail: { employeeId: [{ numeric: ['>', 0] }] } }, false],
    ['$or of alternatives', { $or: [{ source: ['other'] }, { detail: { level: [5] } }] }, true],
    ['$or with none matching', { $or: [{ source: ['other'] }, { detail: { level: [4] } }] }, false],
    ['a scalar in the pattern is not a valid matcher', { source: 'hr.system' }, false],
  ])('%s', (_, pattern, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });
});
