import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import type { Kysely } from 'kysely';
import { migrate, migrationStatus, type MigrationSet } from '../../src/store/migrator.js';
import { forEachDatabase } from '../support/databases.js';

const ALL = Object.keys(MIGRATIONS).sort();
const CHILD = fileURLToPath(new URL('../support/migrate-child.ts', import.meta.url));

forEachDatabase(
  'migrations',
  (db) => {
    test('a fresh database reports every migration as pending and none applied', async () => {
      assert.deepEqual(await migrationStatus(db.store), { applied: [], pending: ALL });
    });

    test('migrate applies every migration in name order and returns their names', async () => {
      assert.deepEqual(await migrate(db.store), ALL);
      assert.deepEqual(await migrationStatus(db.store), { applied: ALL, pending: [] });
    });

    test('migrating an up-to-date database applies nothing and changes nothing', async () => {
      assert.deepEqual(await migrate(db.store), []);
      assert.deepEqual(await migrationStatus(db.store), { applied: ALL, pending: [] });
    });

    test('the migrated schema accepts and returns records through the repositories', async () => {
      await db.store.repos.settings.set('schema-check', 'ok');
      assert.equal(await db.store.repos.settings.get('schema-check'), 'ok');
    });

    test('another process sees the database as fully migrated', async () => {
      const other = db.openStore();
      assert.deepEqual(await migrationStatus(other), { applied: ALL, pending: [] });
      assert.deepEqual(await migrate(other), []);
    });
  },
  { migrate: false },
);

forEachDatabase(
  'concurrent migrations',
  (db) => {
    test('two processes migrating at once apply each migration exactly once', async () => {
      const [first, second] = await Promise.all([migrateInChild(db.location), migrateInChild(db.location)]);
      assert.deepEqual([...first, ...second].sort(), ALL);
      assert.deepEqual(await migrationStatus(db.store), { applied: ALL, pending: [] });
    });
  },
  { migrate: false },
);

async function migrateInChild(location: object): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(location)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, `the migrating process failed: ${stderr}`);
  return JSON.parse(stdout) as string[];
}

forEachDatabase(
  'a failing migration',
  (db) => {
    const probe = (fail: boolean): MigrationSet => ({
      ...MIGRATIONS,
      '9999_probe': {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(kysely: Kysely<any>) {
          await kysely.schema.createTable('migration_probe').addColumn('id', 'text').execute();
          if (fail) throw new Error('probe failure');
        },
      },
    });

    test('is reported by name and the whole run is rolled back, leaving the database as it was', async () => {
      await assert.rejects(migrate(db.store, probe(true)), /9999_probe failed, so this run applied nothing/);
      assert.deepEqual(await migrationStatus(db.store, probe(true)), {
        applied: [],
        pending: [...ALL, '9999_probe'],
      });
    });

    test('leaves no trace of its own changes, so it applies cleanly once fixed', async () => {
      assert.deepEqual(await migrate(db.store), ALL);
      await assert.rejects(migrate(db.store, probe(true)), /9999_probe failed/);
      // Had the failed attempt left its table behind, creating it again would fail.
      assert.deepEqual(await migrate(db.store, probe(false)), ['9999_probe']);
    });
  },
  { migrate: false },
);

forEachDatabase(
  'migrations while another schema is dropped',
  (db) => {
    test("a table that vanishes from another schema during the migrator's scan is looked for again", async () => {
      // The migrator's first scan of the database's tables answers 42P01, as PostgreSQL does when the
      // scan of every schema meets a table that someone else's DROP SCHEMA has just removed.
      let scans = 0;
      const real = db.store.db;
      const vanishing = new Proxy(real, {
        get(target, property) {
          if (property === 'introspection') {
            const introspector = target.introspection;
            return {
              getSchemas: () => introspector.getSchemas(),
              getMetadata: (options?: Parameters<typeof introspector.getMetadata>[0]) =>
                introspector.getMetadata(options),
              getTables: async (options?: Parameters<typeof introspector.getTables>[0]) => {
                if (scans++ === 0)
                  throw Object.assign(new Error('relation "pp_other.api_keys" does not exist'), {
                    code: '42P01',
                  });
                return introspector.getTables(options);
              },
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      assert.deepEqual(await migrate({ db: vanishing, dialect: db.store.dialect }), ALL);
      assert.ok(scans > 1, 'the scan ran again after the vanished table');
      assert.deepEqual(await migrationStatus(db.store), { applied: ALL, pending: [] });
    });
  },
  { migrate: false },
);
