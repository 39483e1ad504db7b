/**
 * Runs a block of store tests on every database: SQLite (a fresh temporary directory) always, and
 * PostgreSQL when TEST_DATABASE_URL is set (a freshly created schema `pp_test_<random>`, dropped
 * afterwards). Without TEST_DATABASE_URL the PostgreSQL block is reported as skipped, with the reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import {
  openDatabase,
  type OpenDatabaseOptions,
  type Store,
  type StoreDialect,
} from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { createPostgresSchema, dropPostgresSchema } from '../../src/store/postgres-schemas.js';

/** What a test block gets: a store on a fresh database, and a way to open more stores on it. */
export interface TestDatabase {
  readonly dialect: StoreDialect;
  /** The clock of every store opened here; tests may move it. */
  readonly clock: ManualClock;
  /** A store opened (and, unless `migrate: false`, migrated) before the block's tests run. */
  readonly store: Store;
  /**
   * Opens another store on the same database, closed after the block. On SQLite, do not hold a transaction
   * in one store while another writes: the synchronous driver would wait on its own process (use a child
   * process and `location` to test concurrency there).
   */
  openStore(options?: Pick<OpenDatabaseOptions, 'poolSize'>): Store;
  /** The options that open this database, for a child process. */
  readonly location: OpenDatabaseOptions;
}

/** Options of {@link forEachDatabase}. */
export interface ForEachDatabaseOptions {
  /** Apply the migrations before the tests (default true). */
  migrate?: boolean;
}

/** Where the PostgreSQL variant runs, or `undefined` when it is skipped. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

interface Location {
  options: OpenDatabaseOptions;
  cleanup(): Promise<void>;
}

async function prepareSqlite(): Promise<Location> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-store-test-'));
  return {
    options: { dataDir },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function preparePostgres(url: string): Promise<Location> {
  const schema = `pp_test_${randomBytes(6).toString('hex')}`;
  await createPostgresSchema(url, schema);
  return {
    options: { url, dataDir: tmpdir(), searchPath: schema, poolSize: 5 },
    cleanup: () => dropPostgresSchema(url, schema),
  };
}

function defineBlock(
  dialect: StoreDialect,
  prepare: () => Promise<Location>,
  fn: (db: TestDatabase) => void,
  options: ForEachDatabaseOptions,
): void {
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const stores: Store[] = [];
  let location: Location | undefined;
  let main: Store | undefined;

  const openStore = (extra: Pick<OpenDatabaseOptions, 'poolSize'> = {}): Store => {
    if (location === undefined)
      throw new Error('openStore() is available inside tests, not while they are defined');
    const store = openDatabase({ ...location.options, ...extra, clock });
    stores.push(store);
    return store;
  };

  before(async () => {
    location = await prepare();
    main = openStore();
    if (options.migrate !== false) await migrate(main);
  });

  after(async () => {
    for (const store of stores) await store.close();
    await location?.cleanup();
  });

  fn({
    dialect,
    clock,
    openStore,
    get location(): OpenDatabaseOptions {
      if (location === undefined)
        throw new Error('location is available inside tests, not while they are defined');
      return location.options;
    },
    get store(): Store {
      if (main === undefined) throw new Error('store is available inside tests, not while they are defined');
      return main;
    },
  });
}

/** Defines `describe("<name> [sqlite]")` and `describe("<name> [postgres]")` running `fn`'s tests. */
export function forEachDatabase(
  name: string,
  fn: (db: TestDatabase) => void,
  options: ForEachDatabaseOptions = {},
): void {
  describe(`${name} [sqlite]`, () => defineBlock('sqlite', prepareSqlite, fn, options));
  const url = TEST_DATABASE_URL;
  if (url === undefined) {
    describe(`${name} [postgres]`, { skip: 'TEST_DATABASE_URL not set' }, () => {});
    return;
  }
  describe(`${name} [postgres]`, () => defineBlock('postgres', () => preparePostgres(url), fn, options));
}
