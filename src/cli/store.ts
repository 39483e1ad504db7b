/** The configured store for one CLI command: opened, migrated, handed over, closed. */
import { loadConfig } from '../config.js';
import { openDatabase, type Store } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import type { CommandIO } from './command.js';

/**
 * Opens the store of the configuration (DATABASE_URL, or the SQLite file in PAYPORT_DATA_DIR), applies
 * pending migrations, runs `fn` with it and the names of the migrations just applied, and closes it.
 */
export async function withStore<T>(
  io: CommandIO,
  fn: (store: Store, applied: string[]) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const store = openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    receipts: config.email !== undefined,
  });
  try {
    const applied = await migrate(store);
    return await fn(store, applied);
  } finally {
    await store.close();
  }
}
