/**
 * Turns driver errors into payport's typed errors, in one place. A database that cannot be reached or
 * cannot write right now becomes `Unavailable` (the HTTP layer answers 503, so APS and API clients retry);
 * a unique-key violation becomes `Conflict`. Anything else is a bug and passes through untouched.
 */
import { Conflict, PayportError, Unavailable, ValidationError } from '../errors.js';

/** Node socket errors meaning "the server is not there (any more)". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** PostgreSQL SQLSTATEs, besides class 08, that mean "try again later". */
const POSTGRES_RETRY_LATER = new Map<string, string>([
  ['57P01', 'the PostgreSQL server is shutting down (admin shutdown)'],
  ['57P02', 'the PostgreSQL server crashed (crash shutdown)'],
  ['57P03', 'the PostgreSQL server is not accepting connections yet'],
  ['55000', 'the PostgreSQL server is not in a state to do this (e.g. not accepting connections)'],
  ['25006', 'the PostgreSQL database is read-only (a standby, or a primary after failover)'],
  ['53300', 'the PostgreSQL server has too many connections'],
  ['53100', 'the PostgreSQL server is out of disk space'],
  ['53200', 'the PostgreSQL server is out of memory'],
  ['40001', 'the database aborted a transaction that conflicted with another (serialization failure)'],
  ['40P01', 'the database aborted a transaction caught in a deadlock'],
  ['55P03', 'a database lock could not be obtained in time'],
  ['3D000', 'the PostgreSQL database named in DATABASE_URL does not exist'],
  ['28P01', 'PostgreSQL refused the credentials in DATABASE_URL'],
  ['28000', 'PostgreSQL refused the connection (check pg_hba.conf and the user in DATABASE_URL)'],
]);

/** SQLite primary result codes that mean the file cannot be used right now. */
const SQLITE_UNAVAILABLE = new Map<string, string>([
  ['SQLITE_BUSY', 'the SQLite database stayed locked by another writer past the busy timeout'],
  ['SQLITE_LOCKED', 'the SQLite database is locked'],
  ['SQLITE_READONLY', 'the SQLite database is read-only (check the permissions of the data directory)'],
  ['SQLITE_IOERR', 'the SQLite database hit an I/O error'],
  ['SQLITE_CANTOPEN', 'the SQLite database file cannot be opened (check the data directory)'],
  ['SQLITE_FULL', 'the disk holding the SQLite database is full'],
]);

/** pg client messages for broken connections, which carry no code. */
const POSTGRES_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Client was closed',
  'timeout expired',
  'Query read timeout',
  'Cannot use a pool after calling end',
];

/** Node file-system errors met while creating or opening the SQLite file. */
const FILESYSTEM_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR']);

interface DriverErrorShape {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  table?: unknown;
  detail?: unknown;
}

/** Maps a driver error to `Unavailable` or `Conflict` when it is one of those; otherwise returns it as is. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof PayportError || typeof error !== 'object' || error === null) return error;
  const { code, message } = error as DriverErrorShape;
  const text = typeof message === 'string' ? message : String(error);
  if (typeof code === 'string') {
    // PostgreSQL refuses NUL bytes and unconvertible characters in text; that is bad input, not a crash.
    if (code === '22021' || code === '22P05') {
      return new ValidationError(
        'The input contains a character that cannot be stored (such as a NUL byte).',
      );
    }
    const unavailable = unavailableReason(code, text);
    if (unavailable !== undefined) {
      return new Unavailable(`The database is unavailable: ${unavailable}. Retry later.`, { cause: error });
    }
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      const conflict = new Conflict(
        `A record with the same ${duplicateKeyName(error as DriverErrorShape, text)} already exists.`,
      );
      Object.defineProperty(conflict, 'cause', {
        value: error,
        enumerable: false,
        configurable: true,
        writable: true,
      });
      return conflict;
    }
  }
  if (
    POSTGRES_CONNECTION_MESSAGES.some((fragment) => text.includes(fragment)) ||
    text.includes('database connection is not open')
  ) {
    return new Unavailable(`The database is unavailable: ${text}. Retry later.`, { cause: error });
  }
  return error;
}

/** Whether `error` (after mapping) means the database is unavailable. */
export function isUnavailable(error: unknown): boolean {
  return toStoreError(error) instanceof Unavailable;
}

function unavailableReason(code: string, text: string): string | undefined {
  if (NETWORK_CODES.has(code)) return `cannot reach the database server (${code}: ${text})`;
  if (FILESYSTEM_CODES.has(code)) return `cannot use the data directory (${code}: ${text})`;
  if (/^08[0-9A-Z]{3}$/.test(code)) return `the connection to PostgreSQL failed (${code}: ${text})`;
  const postgres = POSTGRES_RETRY_LATER.get(code);
  if (postgres !== undefined) return `${postgres} (${code})`;
  // Class 57P: the operator intervened (shutdown, crash, database dropped, session timeout).
  if (/^57P[0-9A-Z]{2}$/.test(code)) return `the PostgreSQL server stopped serving this session (${code})`;
  // SQLite extended codes (SQLITE_IOERR_FSYNC, SQLITE_BUSY_SNAPSHOT, …) share their primary code's meaning.
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  const sqlite = primary === undefined ? undefined : SQLITE_UNAVAILABLE.get(primary);
  if (sqlite !== undefined) return `${sqlite} (${code}: ${text})`;
  return undefined;
}

function duplicateKeyName(error: DriverErrorShape, text: string): string {
  // SQLite: "UNIQUE constraint failed: transactions.reference"; PostgreSQL names the constraint.
  const sqlite = /constraint failed: (.+)$/.exec(text)?.[1];
  if (sqlite !== undefined) return sqlite.trim();
  if (typeof error.constraint === 'string') return `key (${error.constraint})`;
  return 'unique key';
}
