import {
  employeeJoinedV1Schema,
  LifecycleSource,
  samAccountNameSchema,
} from '../../../../functions/commons/contracts';
import { exampleJoiner } from '../../../helpers/examples';

const joiner = exampleJoiner;

describe('samAccountNameSchema', () => {
  it.each(['a', 'ada.lovelace', 'a_b-c.d', 'A1', 'abcdefghij0123456789', '_ada', 'ada-'])(
    'Valid_%s_IsAccepted',
    (name) => {
      expect(samAccountNameSchema.safeParse(name).success).toBe(true);
    },
  );

  it.each(['', '.ada', 'ada.', 'abcdefghij01234567890', 'ada lovelace', 'ada@corp', 'ada/x', 'ädä'])(
    'Invalid_%s_IsRejected',
    (name) => {
      expect(samAccountNameSchema.safeParse(name).success).toBe(false);
    },
  );
});

describe('employeeJoinedV1Schema', () => {
  it('MinimalJoiner_IsAccepted', () => {
    expect(employeeJoinedV1Schema.parse(joiner)).toEqual(joiner);
  });

  it('Names_AreTrimmed', () => {
    expect(employeeJoinedV1Schema.parse({ ...joiner, givenName: '  Ada ' }).givenName).toBe('Ada');
  });

  it.each(['evt 1', 'evt/1', 'évt', 'x'.repeat(129)])('BadEventId_%s_IsRejected', (eventId) => {
    expect(employeeJoinedV1Schema.safeParse({ ...joiner, eventId }).success).toBe(false);
  });

  it.each(['2030-01-10', '2030-01-10T09:00:00Z', '2030-01-10T09:00:00+02:00'])(
    'StartDate_%s_IsAccepted',
    (startDate) => {
      expect(employeeJoinedV1Schema.safeParse({ ...joiner, startDate }).success).toBe(true);
    },
  );

  it.each(['10/01/2030', '2030-13-01', '2030-01-10T09:00:00', 'tomorrow'])(
    'BadStartDate_%s_IsRejected',
    (startDate) => {
      const result = employeeJoinedV1Schema.safeParse({ ...joiner, startDate });

      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toBe('must be a date (YYYY-MM-DD) or an ISO 8601 date-time');
    },
  );

  it('UnknownField_IsRejected', () => {
    expect(employeeJoinedV1Schema.safeParse({ ...joiner, salary: 1 }).success).toBe(false);
  });

  it('LifecycleSource_IsTheProjectName', () => {
    expect(LifecycleSource).toBe('workspaces-lifecycle');
  });
});
