/**
 * Reuses prepared SQLite statements. Kysely prepares every query anew, and with better-sqlite3 the
 * preparation costs as much as running a small statement; payport runs the same few dozen statements
 * over and over, so they are kept (bounded, least recently used first out).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The most statements kept. */
export const STATEMENT_CACHE_SIZE = 1024;

/** Wraps a better-sqlite3 connection so that `prepare` returns cached statements. */
export function withStatementCache(db: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) {
        // Map order is insertion order: move it to the back (most recently used).
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
