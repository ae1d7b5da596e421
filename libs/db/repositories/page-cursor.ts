import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** The largest page any list answers (issue 8 §6: bounded work per request). */
export const MAX_PAGE_SIZE = 200;

/** The page size a list answers when the request names none. */
export const DEFAULT_PAGE_SIZE = 100;

/** A page request: how many rows, and the `nextCursor` of the previous page (none for the first page). */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/**
 * Keyset cursors. A cursor is opaque to clients: base64url of `[list, ...values]`, where the values are the sort key of
 * the last row of the previous page. Timestamps travel with microsecond precision in UTC (`cursorTs`), so the next
 * page starts exactly after that row whatever the precision the database holds.
 */
export type CursorList = 'inbox' | 'body' | 'cases' | 'notifications' | 'termStates' | 'orgLifeRecords' | 'lapseWatch';
type Part = 'ts' | 'ts?' | 'date' | 'date?' | 'text' | 'int';

const SHAPES: Record<CursorList, readonly Part[]> = {
  inbox: ['ts?', 'ts', 'text'],
  body: ['ts?', 'ts', 'text'],
  cases: ['ts', 'text'],
  notifications: ['ts', 'int'],
  /** election due (shiftedTo ?? termEnd, null last), org id */
  termStates: ['date?', 'text'],
  /** held on (newest first), record id */
  orgLifeRecords: ['date', 'text'],
  /** consecutive months (most first), person id, org id */
  lapseWatch: ['int', 'text', 'text'],
};

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(list: CursorList, values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify([list, ...values]), 'utf8').toString('base64url');
}

/** The values of a cursor of `list`, or null when it is not one (garbage, another list's cursor, a bad value). */
export function decodeCursor(list: CursorList, cursor: string): (string | number | null)[] | null {
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const shape = SHAPES[list];
  if (!Array.isArray(parsed) || parsed[0] !== list || parsed.length !== shape.length + 1) return null;
  const values = parsed.slice(1) as unknown[];
  for (const [i, part] of shape.entries()) {
    const v = values[i];
    if ((part === 'ts?' || part === 'date?') && v === null) continue;
    if (part === 'date' || part === 'date?') {
      // a calendar day as PostgreSQL's `date` prints it; one that does not exist (2026-02-30) is refused
      if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(v))) return null;
      if (new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) return null;
      continue;
    }
    if (part === 'ts' || part === 'ts?') {
      if (typeof v !== 'string' || !TS.test(v) || Number.isNaN(Date.parse(v.slice(0, 23) + 'Z'))) return null;
      // a date that does not exist (2026-02-30) parses in JavaScript but not in PostgreSQL
      if (new Date(v.slice(0, 23) + 'Z').toISOString().slice(0, 23) !== v.slice(0, 23)) return null;
    } else if (part === 'text') {
      if (typeof v !== 'string' || v.length === 0 || v.length > 500 || v.includes('\u0000')) return null;
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return null;
  }
  return values as (string | number | null)[];
}

export function isCursorOf(list: CursorList, cursor: string): boolean {
  return decodeCursor(list, cursor) !== null;
}

/** Decodes a cursor a repository was given; throws InvalidCursorError (the API validates cursors before this). */
export function cursorValues(list: CursorList, cursor: string): (string | number | null)[] {
  const values = decodeCursor(list, cursor);
  if (!values) throw new InvalidCursorError();
  return values;
}

/** A timestamp column as the cursor carries it: UTC, microseconds. */
export function cursorTs(column: SQLWrapper): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The page size to fetch: the request's, within 1..MAX_PAGE_SIZE, else `fallback`. */
export function pageSize(limit: number | undefined, fallback: number): number {
  return Math.min(Math.max(Math.trunc(limit ?? fallback), 1), MAX_PAGE_SIZE);
}
