import { parseRoster, rosterFormatOf, rosterToCsv } from '../../../../functions/commons/roster';

const header =
  'employeeId,userName,givenName,familyName,email,department,profile,startDate,endDate,managerEmail';
const ada = 'E1,ada,Ada,Lovelace,ada@example.com,Engineering,,2026-01-05,,boss@example.com';
const grace = 'E2,grace,Grace,Hopper,grace@example.com,Sales,,,2026-11-30,';

describe('parseRoster', () => {
  it('Csv_EveryRowValid_PeopleWithOptionalFieldsLeftOut', () => {
    const roster = parseRoster(`${header}\n${ada}\n${grace}\n`, 'csv');

    expect(roster.errors).toEqual([]);
    expect(roster.rows).toBe(2);
    expect(roster.truncated).toBe(false);
    expect(roster.people).toEqual([
      {
        employeeId: 'E1',
        userName: 'ada',
        givenName: 'Ada',
        familyName: 'Lovelace',
        email: 'ada@example.com',
        department: 'Engineering',
        startDate: '2026-01-05',
        managerEmail: 'boss@example.com',
      },
      {
        employeeId: 'E2',
        userName: 'grace',
        givenName: 'Grace',
        familyName: 'Hopper',
        email: 'grace@example.com',
        department: 'Sales',
        endDate: '2026-11-30',
      },
    ]);
  });

  it('BadRow_ReportedWithLineAndField_OthersKept', () => {
    const bad = 'E3,bad name!,Bad,Row,not-an-email,Sales,,,,';
    const roster = parseRoster(`${header}\n${ada}\n${bad}\n${grace}\n`, 'csv');

    expect(roster.people.map((p) => p.employeeId)).toEqual(['E1', 'E2']);
    expect(roster.errors).toEqual([
      expect.objectContaining({ line: 3, field: 'userName' }),
      expect.objectContaining({ line: 3, field: 'email' }),
    ]);
  });

  it('SameContractAsTheJoinedEvent_BadDateRefused', () => {
    const roster = parseRoster(`${header}\nE1,ada,Ada,L,ada@example.com,Eng,,5 January,,\n`, 'csv');

    expect(roster.errors).toEqual([expect.objectContaining({ line: 2, field: 'startDate' })]);
  });

  it('QuotedCells_CommasQuotesAndLineBreaks', () => {
    const row = 'E1,ada,"Ada, Countess","Love""lace",ada@example.com,"Research\nand Development",,,,';
    const roster = parseRoster(`${header}\r\n${row}\r\n`, 'csv');

    expect(roster.errors).toEqual([]);
    expect(roster.people[0]).toMatchObject({
      givenName: 'Ada, Countess',
      familyName: 'Love"lace',
      department: 'Research\nand Development',
    });
  });

  it('HeaderInAnyCaseOrSnakeCase_Accepted', () => {
    const snake =
      'EMPLOYEE_ID,user_name,Given Name,family-name,email,department,profile,start_date,end_date,manager_email';
    const roster = parseRoster(`${snake}\n${ada}\n`, 'csv');

    expect(roster.errors).toEqual([]);
    expect(roster.people).toHaveLength(1);
  });

  it('UnknownColumn_RefusedOnTheHeaderLine', () => {
    const roster = parseRoster(`${header},salary\n${ada},1\n`, 'csv');

    expect(roster.people).toEqual([]);
    expect(roster.errors).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('salary') }),
    ]);
  });

  it('DuplicateEmployeeId_SecondRowRefused', () => {
    const roster = parseRoster(`${header}\n${ada}\nE1,ada2,Ada,L,a2@example.com,Eng,,,,\n`, 'csv');

    expect(roster.people).toHaveLength(1);
    expect(roster.errors).toEqual([expect.objectContaining({ line: 3, field: 'employeeId' })]);
  });

  it('UserNameCollisionDifferingOnlyInCase_SecondRowRefused', () => {
    const roster = parseRoster(`${header}\n${ada}\nE9,ADA,Ada,Other,o@example.com,Eng,,,,\n`, 'csv');

    expect(roster.people.map((p) => p.employeeId)).toEqual(['E1']);
    expect(roster.errors).toEqual([
      expect.objectContaining({ line: 3, field: 'userName', message: expect.stringContaining('E1') }),
    ]);
  });

  it('LastRowCutShort_Truncated', () => {
    const roster = parseRoster(`${header}\n${ada}\nE2,grace,Gra`, 'csv');

    expect(roster.truncated).toBe(true);
    expect(roster.people).toHaveLength(1);
  });

  it('OpenQuoteAtTheEnd_Truncated', () => {
    expect(parseRoster(`${header}\n${ada}\nE2,"grace`, 'csv').truncated).toBe(true);
  });

  it('EmptyFileOrHeaderOnly_NoPeople', () => {
    expect(parseRoster('', 'csv')).toEqual({ people: [], errors: [], rows: 0, truncated: false });
    expect(parseRoster(`${header}\n`, 'csv').people).toEqual([]);
  });

  it('JsonLines_ValidBadAndCutShort', () => {
    const text = [
      JSON.stringify({
        employeeId: 'E1',
        userName: 'ada',
        givenName: 'Ada',
        familyName: 'L',
        email: 'a@example.com',
        department: 'Eng',
      }),
      '',
      JSON.stringify({
        employeeId: 'E2',
        userName: 'grace',
        givenName: 'G',
        familyName: 'H',
        email: 'g@example.com',
      }),
      '{"employeeId": "E3", "userNa',
    ].join('\n');
    const roster = parseRoster(text, 'jsonl');

    expect(roster.people.map((p) => p.employeeId)).toEqual(['E1']);
    expect(roster.errors).toEqual([
      expect.objectContaining({ line: 3, field: 'department' }),
      expect.objectContaining({ line: 4, field: 'row' }),
    ]);
    expect(roster.truncated).toBe(true);
  });

  it('UnknownJsonField_RefusedByTheStrictContract', () => {
    const line = JSON.stringify({
      employeeId: 'E1',
      userName: 'ada',
      givenName: 'A',
      familyName: 'L',
      email: 'a@example.com',
      department: 'Eng',
      salary: 1,
    });

    expect(parseRoster(line, 'jsonl').errors).toEqual([expect.objectContaining({ line: 1 })]);
  });

  it('RosterToCsv_ParsesBackToThePeople', () => {
    const people = parseRoster(`${header}\n${ada}\n${grace}\n`, 'csv').people;

    expect(parseRoster(rosterToCsv(people), 'csv').people).toEqual(people);
  });

  it('FormatByFileName', () => {
    expect(rosterFormatOf('hr.jsonl')).toBe('jsonl');
    expect(rosterFormatOf('hr.NDJSON')).toBe('jsonl');
    expect(rosterFormatOf('hr.csv')).toBe('csv');
  });
});
