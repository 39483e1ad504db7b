/** Small builders the migrations share, so each table reads as its columns and rules. */
import { sql, type RawBuilder } from 'kysely';

/** A CHECK expression `column IN ('a', 'b', …)`; the values are written into the migration, never imported. */
export function oneOf(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/** A CHECK expression for an INTEGER 0/1 boolean column. */
export function isFlag(column: string): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (0, 1)`;
}

/** A CHECK expression for a non-negative integer column (amounts, counters). */
export function nonNegative(column: string): RawBuilder<unknown> {
  return sql`${sql.ref(column)} >= 0`;
}
