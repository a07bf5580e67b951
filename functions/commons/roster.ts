import type { z } from 'zod';
import { employeeJoinedV1Schema, isoDate } from './contracts';

/**
 * The roster: who should have a desktop, as HR knows it. A CSV with a header row, or JSON Lines
 * (one object per line), with the fields of the "Employee Joined" event plus `endDate`. Each row
 * is checked with the event's own contract, so a row the roster accepts is an event the joiner
 * accepts; a bad row is reported with its line and field and does not stop the others.
 */

/** The columns, in the order the documented CSV has them; the header names them (any case). */
export const rosterColumns = [
  'employeeId',
  'userName',
  'givenName',
  'familyName',
  'email',
  'department',
  'profile',
  'startDate',
  'endDate',
  'managerEmail',
] as const;
type RosterColumn = (typeof rosterColumns)[number];

/** One person of the roster: the joiner's fields (no event id) and when they leave, if HR knows. */
export const rosterPersonSchema = employeeJoinedV1Schema
  .omit({ eventId: true, occurredAt: true })
  .extend({ endDate: isoDate.optional() });
export type RosterPerson = z.output<typeof rosterPersonSchema>;

/** A row the roster refused, with where and why. */
export interface RosterError {
  /** 1-based line of the file (the CSV header is line 1). */
  line: number;
  /** The field at fault, or `row` for the row as a whole. */
  field: string;
  message: string;
}

export interface Roster {
  people: RosterPerson[];
  errors: RosterError[];
  /** Data rows read, good and bad (not the header, not blank lines). */
  rows: number;
  /**
   * The last data row was cut short (fewer columns, an open quote, broken JSON): the signature of a
   * file copied or uploaded half-way. Removals are refused for such a roster.
   */
  truncated: boolean;
}

export type RosterFormat = 'csv' | 'jsonl';

/** The format by file name: `.jsonl` / `.ndjson` are JSON Lines, anything else CSV. */
export function rosterFormatOf(name: string): RosterFormat {
  return /\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : 'csv';
}

/** Parses and validates a roster; never throws for bad content, it reports it. */
export function parseRoster(text: string, format: RosterFormat): Roster {
  const records = format === 'csv' ? csvRecords(text) : jsonlRecords(text);
  const roster: Roster = { people: [], errors: [], rows: 0, truncated: false };
  const byId = new Map<string, number>();
  const byUser = new Map<string, { line: number; employeeId: string }>();
  records.forEach((record, index) => {
    roster.rows++;
    const last = index === records.length - 1;
    if ('error' in record) {
      roster.errors.push({ line: record.line, field: 'row', message: record.error });
      if (last && record.cutShort) roster.truncated = true;
      return;
    }
    const result = rosterPersonSchema.safeParse(record.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        roster.errors.push({
          line: record.line,
          field: issue.path.length > 0 ? issue.path.join('.') : 'row',
          message: issue.message,
        });
      }
      return;
    }
    const person = result.data;
    const earlier = byId.get(person.employeeId);
    if (earlier !== undefined) {
      roster.errors.push({
        line: record.line,
        field: 'employeeId',
        message: `${person.employeeId} is already on line ${earlier}`,
      });
      return;
    }
    // sAMAccountName is case-insensitive: "JSmith" and "jsmith" are one directory user.
    const user = byUser.get(person.userName.toLowerCase());
    if (user) {
      roster.errors.push({
        line: record.line,
        field: 'userName',
        message: `${person.userName} is already ${user.employeeId}'s, on line ${user.line}`,
      });
      return;
    }
    byId.set(person.employeeId, record.line);
    byUser.set(person.userName.toLowerCase(), { line: record.line, employeeId: person.employeeId });
    roster.people.push(person);
  });
  return roster;
}

type RawRecord =
  | { line: number; value: Record<string, unknown> }
  | { line: number; error: string; cutShort?: boolean };

function jsonlRecords(text: string): RawRecord[] {
  const records: RawRecord[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        records.push({ line, error: 'is not a JSON object' });
      } else records.push({ line, value: dropEmpty(value as Record<string, unknown>) });
    } catch {
      records.push({ line, error: 'is not valid JSON', cutShort: true });
    }
  });
  return records;
}

function csvRecords(text: string): RawRecord[] {
  const rows = csvRows(text);
  const header = rows.shift();
  if (!header) return [];
  const known = new Map(rosterColumns.map((c) => [c.toLowerCase(), c]));
  const columns: Array<RosterColumn | undefined> = header.cells.map((cell) =>
    known.get(
      cell
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, ''),
    ),
  );
  const unknown = header.cells.filter((_, i) => columns[i] === undefined);
  if (unknown.length > 0) {
    return [
      {
        line: header.line,
        error: `unknown column(s): ${unknown.join(', ')}; expected ${rosterColumns.join(', ')}`,
      },
    ];
  }
  return rows
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
    .map((row): RawRecord => {
      if (row.openQuote) return { line: row.line, error: 'has a quote that is never closed', cutShort: true };
      if (row.cells.length !== columns.length) {
        return {
          line: row.line,
          error: `has ${row.cells.length} columns, the header ${columns.length}`,
          cutShort: row.cells.length < columns.length,
        };
      }
      const value: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        const cell = row.cells[i].trim();
        if (column && cell !== '') value[column] = cell;
      });
      return { line: row.line, value };
    });
}

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
function csvRows(text: string): Array<{ line: number; cells: string[]; openQuote: boolean }> {
  const rows: Array<{ line: number; cells: string[]; openQuote: boolean }> = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const source = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    cells.push(cell);
    rows.push({ line: start, cells, openQuote: false });
    cells = [];
    cell = '';
  };
  while (i < source.length) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else cell += c;
    i++;
  }
  if (quoted) rows.push({ line: start, cells: [...cells, cell], openQuote: true });
  else if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

function dropEmpty(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== null));
}

/** The roster as the documented CSV (the sandbox's seeding writes one). */
export function rosterToCsv(people: readonly RosterPerson[]): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = people.map((p) => rosterColumns.map((c) => quote(String(p[c] ?? ''))).join(','));
  return `${[rosterColumns.join(','), ...lines].join('\n')}\n`;
}
