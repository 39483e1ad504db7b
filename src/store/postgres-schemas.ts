/**
 * Creating and dropping PostgreSQL schemas, for isolating test runs (each in its own throwaway schema,
 * then opened with `searchPath`) and for deployments that keep payport in a schema of its own.
 */
import { ConfigError } from '../errors.js';
import { openDatabase } from './database.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkName(name: string): string {
  if (!SCHEMA_NAME.test(name)) {
    throw new ConfigError(
      'schema',
      `"${name}" must be a lower-case identifier (letters, digits, _; at most 63)`,
    );
  }
  return name;
}

function openPostgres(url: string) {
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new ConfigError('url', 'schemas exist only on PostgreSQL: pass a postgres:// URL');
  return openDatabase({ url, dataDir: '.', poolSize: 1 });
}

/** Creates schema `name` in the database at `url` unless it exists. */
export async function createPostgresSchema(url: string, name: string): Promise<void> {
  const store = openPostgres(url);
  try {
    await store.db.schema.createSchema(checkName(name)).ifNotExists().execute();
  } finally {
    await store.close();
  }
}

/** Drops schema `name` and everything in it, if it exists. */
export async function dropPostgresSchema(url: string, name: string): Promise<void> {
  const store = openPostgres(url);
  try {
    await store.db.schema.dropSchema(checkName(name)).ifExists().cascade().execute();
  } finally {
    await store.close();
  }
}
