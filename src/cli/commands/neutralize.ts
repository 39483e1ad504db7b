/**
 * `payport neutralize`: makes a copy of a production database safe to run (Odoo's neutralisation, S2):
 * every Enabled provider becomes Disabled (and unpublished), Test ones stay Test, and every provider's
 * APS credentials are erased, so the copy can neither take real money nor talk to APS as the merchant.
 */
import { parseFlags, type Command } from '../command.js';
import { withStore } from '../store.js';

const help = `Usage: payport neutralize

For a copy of a production database (staging, tests): switches every Enabled payment provider to
Disabled, leaves Test providers in Test, and erases the APS credentials (Merchant Identifier, Access
Code, SHA Request and Response Phrases) of every provider. Works on the configured store
(DATABASE_URL, or the SQLite file in PAYPORT_DATA_DIR); pending migrations are applied first.

Never run this against the production database itself: the erased credentials cannot be recovered.`;

/** The neutralize command. */
export const command: Command = {
  name: 'neutralize',
  summary: 'disable live providers and erase APS credentials (for database copies)',
  help,
  async run(argv, io) {
    const { help: wantsHelp } = parseFlags(argv, {});
    if (wantsHelp) {
      io.stdout(help);
      return 0;
    }
    return withStore(io, async (store) => {
      const result = await store.transaction((repos) => repos.providers.neutralize());
      io.stdout(
        `Neutralized ${store.location}: ${result.disabled} enabled provider(s) switched to Disabled; ` +
          `credentials erased on ${result.erased} provider(s). Test providers stay in Test.`,
      );
      return 0;
    });
  },
};
