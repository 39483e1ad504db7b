/** `payport migrate`: applies pending database migrations. */
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../store/database.js';
import { migrate } from '../../store/migrator.js';
import { parseFlags, type Command } from '../command.js';

const help = `Usage: payport migrate

Applies pending database migrations to the configured store (DATABASE_URL, or the SQLite file in
PAYPORT_DATA_DIR) and exits. \`payport start\` applies them too.`;

/** The migrate command. */
export const command: Command = {
  name: 'migrate',
  summary: 'apply database migrations',
  help,
  async run(argv, io) {
    const { help: wantsHelp } = parseFlags(argv, {});
    if (wantsHelp) {
      io.stdout(help);
      return 0;
    }
    const config = loadConfig({ env: io.env, cwd: io.cwd });
    const store = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrate(store);
      io.stdout(
        applied.length === 0
          ? 'Database is up to date.'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}. Database is up to date.`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
