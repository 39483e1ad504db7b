/** `payport migrate`: applies pending database migrations. */
import { parseFlags, type Command } from '../command.js';
import { withStore } from '../store.js';

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
    return withStore(io, async (_store, applied) => {
      io.stdout(
        applied.length === 0
          ? 'Database is up to date.'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}. Database is up to date.`,
      );
      return 0;
    });
  },
};
