/**
 * Conversions between records and portable column values, shared by the repositories: 0/1 flags,
 * canonical ISO-8601 timestamps (compared as text, so every stored time must have the same shape),
 * JSON text, keyset-pagination cursors and LIKE patterns.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ValidationError } from '../../errors.js';

/** A boolean as stored: INTEGER 0/1. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

/** A stored 0/1 flag as a boolean. */
export function fromFlag(value: number): boolean {
  return value !== 0;
}

/** Canonical UTC timestamp (`2026-01-01T00:00:00.000Z`) of a Date or an ISO-8601 string; refuses anything else. */
export function toIso(value: Date | string, field = 'time'): string {
  const date = value instanceof Date ? value : parseIso(value);
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new ValidationError(`${field} must be an ISO-8601 date-time`, [
      { field, message: `"${String(value)}" is not an ISO-8601 date-time` },
    ]);
  }
  return date.toISOString();
}

/** Like {@link toIso} but keeps `null` and `undefined`. */
export function toIsoOrNull(value: Date | string | null | undefined, field = 'time'): string | null {
  return value === null || value === undefined ? null : toIso(value, field);
}

function parseIso(text: string): Date | undefined {
  // Require a date and a time with an explicit zone, so "2026-01-01" or "01/02/2026" cannot be misread.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  return new Date(text);
}

/** `iso` plus `ms` milliseconds, as a canonical timestamp. */
export function addMilliseconds(iso: string, ms: number): string {
  return new Date(new Date(iso).getTime() + ms).toISOString();
}

/** Refuses an amount that is not a non-negative safe integer of minor units. */
export function requireMinorUnits(value: number, field = 'amount'): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${field} must be a non-negative whole number of minor units`, [
      { field, message: `${String(value)} is not a non-negative integer` },
    ]);
  }
  return value;
}

/** Refuses a count (limit, lease, duration) that is not a positive safe integer. */
export function requirePositiveInteger(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive whole number`, [
      { field, message: `${String(value)} is not a positive integer` },
    ]);
  }
  return value;
}

/** JSON text of a value. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON column; a corrupt value is reported with its column instead of a bare SyntaxError. */
export function fromJson<T>(text: string, column: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`stored ${column} is not valid JSON`, { cause: error });
  }
}

/** Parses a JSON column holding an array of strings. */
export function fromJsonStringArray(text: string, column: string): string[] {
  const value = fromJson<unknown>(text, column);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`stored ${column} is not a JSON array of strings`);
  }
  return value;
}

/** Parses a JSON column holding an object. */
export function fromJsonObject<T extends object>(text: string, column: string): T {
  const value = fromJson<unknown>(text, column);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`stored ${column} is not a JSON object`);
  }
  return value as T;
}

/** Position after the last item of a page, ordered by (time, id) descending. */
export interface CursorPosition {
  at: string;
  id: string;
}

/** Opaque cursor text for a position. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor from {@link encodeCursor} stands for; anything else is a validation error. */
export function decodeCursor(cursor: string): CursorPosition {
  const invalid = () =>
    new ValidationError('cursor is not valid: pass the next_cursor of a previous page unchanged', [
      { field: 'cursor', message: 'not a cursor returned by this service' },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    typeof value[1] !== 'string'
  ) {
    throw invalid();
  }
  return { at: toIso(value[0], 'cursor'), id: value[1] };
}

/** Rows strictly after `position` in (timeColumn, id) descending order: the keyset condition of the next page. */
export function after(timeColumn: string, position: CursorPosition): RawBuilder<SqlBool> {
  const time = sql.ref(timeColumn);
  return sql<SqlBool>`(${time} < ${position.at} or (${time} = ${position.at} and ${sql.ref('id')} < ${position.id}))`;
}

/** Default and largest page sizes of every list. */
export const DEFAULT_PAGE_SIZE = 50;
/** See {@link DEFAULT_PAGE_SIZE}. */
export const MAX_PAGE_SIZE = 500;

/** The page size to use: the default when absent, refused when outside 1…MAX_PAGE_SIZE. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, [
      { field: 'limit', message: `${String(limit)} is out of range` },
    ]);
  }
  return limit;
}

/** Page request: `limit` (1…500, default 50) and the `nextCursor` of the previous page. */
export interface PageRequest {
  limit?: number;
  cursor?: string | null;
}

/** One page of a list and the cursor of the next page (`null` on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows, so the extra row tells whether another page exists. */
export function toPage<T>(rows: T[], limit: number, position: (item: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

/** A case-insensitive "contains" LIKE pattern for `term`, with LIKE's wildcards escaped by `\`. */
export function containsPattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
