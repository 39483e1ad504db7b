/**
 * Hand-written SQL for the statements an ingestion batch runs with many rows — the multi-row INSERTs of
 * notifications and history entries, the read of the payments a batch locks and the UPDATE that stores
 * their state changes — and for the hot
 * single-row INSERTs of a new payment and its history entry (46 columns built anew by Kysely each
 * time otherwise). Kysely builds one
 * operation node per value (a batch of 32 messages is some 400 nodes a statement), freezes and compiles
 * them for every batch; these write the same SQL text once per shape (table and row count) and pass the
 * values as they are. Both databases: `?` placeholders on SQLite, `$n` on PostgreSQL.
 */
import { CompiledQuery } from 'kysely';
import type { RepositoryContext } from './context.js';

/** Texts are kept for batches up to this many rows (group commit's largest batch is 64). */
const KEPT_UP_TO_ROWS = 64;
const texts = new Map<string, string>();
/** PostgreSQL texts of {@link texts}, with the name of their prepared statement. */
const named = new Map<string, string>();

/**
 * The name under which PostgreSQL keeps the statement `text` prepared on each connection, when `text` is
 * one of the batch statements written here (others are parsed anew each time, as pg does by default).
 */
export function preparedStatementName(text: string): string | undefined {
  return named.get(text);
}

function placeholders(ctx: RepositoryContext, count: number, from: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    if (i > 0) text += ', ';
    text += ctx.dialect === 'postgres' ? `$${from + i + 1}` : '?';
  }
  return text;
}

function kept(key: string, rows: number, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    if (rows <= KEPT_UP_TO_ROWS) {
      texts.set(key, text);
      if (key.startsWith('postgres ')) named.set(text, `payport_batch_${named.size + 1}`);
    }
  }
  return text;
}

/** `insert into "table" ("c1", …) values (…), (…)` of `rows`, each read in the order of `columns`. */
export async function insertRows<Row extends object>(
  ctx: RepositoryContext,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const width = columns.length;
  const text = kept(`${ctx.dialect} insert ${table} ${rows.length}`, rows.length, () => {
    const tuples: string[] = [];
    for (let r = 0; r < rows.length; r++) tuples.push(`(${placeholders(ctx, width, r * width)})`);
    return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  });
  const parameters: unknown[] = new Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    for (let c = 0; c < width; c++) parameters[r * width + c] = row[columns[c]!];
  }
  await ctx.db.executeQuery(CompiledQuery.raw(text, parameters));
}

/**
 * Every column of the rows of `table` whose `column` is one of `values`, ordered by it; on PostgreSQL
 * locked `FOR UPDATE` when `lock` is set.
 */
export async function selectRowsIn<Row>(
  ctx: RepositoryContext,
  table: string,
  column: string,
  values: readonly string[],
  lock: boolean,
): Promise<Row[]> {
  if (values.length === 0) return [];
  const forUpdate = lock && ctx.dialect === 'postgres';
  const text = kept(
    `${ctx.dialect} select ${table} ${column} ${forUpdate} ${values.length}`,
    values.length,
    () =>
      `select * from "${table}" where "${column}" in (${placeholders(ctx, values.length, 0)}) order by "${column}"${forUpdate ? ' for update' : ''}`,
  );
  const result = await ctx.db.executeQuery<Row>(CompiledQuery.raw(text, [...values]));
  return result.rows;
}

/** A column that {@link updateRowsById} sets, with the SQL type its value is cast to (if any). */
export interface UpdatedColumn<Row> {
  /** The column written, and where its value is read from in each row. */
  readonly name: keyof Row & string;
  /** Further columns set to the same value (e.g. `updated_at` with `last_state_change`). */
  readonly alsoSets?: readonly string[];
  /** `integer` or `bigint`: the value is cast (a VALUES list carries no column types on PostgreSQL). */
  readonly cast?: 'integer' | 'bigint';
}

/**
 * `update "table" set c = v.columnN, … from (values (id, …), …) as v where "table".id = v.column1`: each
 * row's `id` and `columns` written in one statement (VALUES columns are column1…columnN on both
 * databases).
 */
export async function updateRowsById<Row extends { id: string }>(
  ctx: RepositoryContext,
  table: string,
  columns: readonly UpdatedColumn<Row>[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const width = columns.length + 1;
  const names = columns.map((c) => c.name).join(' ');
  const text = kept(`${ctx.dialect} update ${table} ${names} ${rows.length}`, rows.length, () => {
    const sets: string[] = [];
    columns.forEach((column, i) => {
      const value = column.cast ? `cast(v.column${i + 2} as ${column.cast})` : `v.column${i + 2}`;
      for (const name of [column.name, ...(column.alsoSets ?? [])]) sets.push(`"${name}" = ${value}`);
    });
    const tuples: string[] = [];
    for (let r = 0; r < rows.length; r++) tuples.push(`(${placeholders(ctx, width, r * width)})`);
    return `update "${table}" set ${sets.join(', ')} from (values ${tuples.join(', ')}) as v where "${table}"."id" = v.column1`;
  });
  const parameters: unknown[] = new Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown> & { id: string };
    parameters[r * width] = row.id;
    for (let c = 0; c < columns.length; c++) parameters[r * width + c + 1] = row[columns[c]!.name];
  }
  await ctx.db.executeQuery(CompiledQuery.raw(text, parameters));
}
