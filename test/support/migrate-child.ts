/**
 * A separate process that applies the migrations to the store described by its JSON argument
 * (`{url?, dataDir, searchPath?}`) and prints the names it applied as JSON. Concurrency tests run two of
 * these at once: a synchronous SQLite driver cannot wait for a lock held by its own process.
 */
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

const options = JSON.parse(process.argv[2] ?? '{}') as { url?: string; dataDir: string; searchPath?: string };
const store = openDatabase(options);
try {
  process.stdout.write(JSON.stringify(await migrate(store)));
} finally {
  await store.close();
}
