/**
 * `payport prune`: applies the retention policy now (S14) — unverified provider messages and abandoned
 * drafts older than 30 days, expired spent form tokens. A running payport does the same once a day.
 */
import { systemClock } from '../../clock.js';
import { applyRetention, RETENTION_DAYS } from '../../services/retention.js';
import { parseFlags, type Command } from '../command.js';
import { withStore } from '../store.js';

const help = `Usage: payport prune

Applies the retention policy to the configured store (DATABASE_URL, or the SQLite file in
PAYPORT_DATA_DIR): deletes provider messages that failed verification or named no known transaction,
and draft payments abandoned before reaching APS, once they are older than ${RETENTION_DAYS} days; forgets
expired single-use form tokens. Verified messages, payments and their history are never deleted.`;

/** The prune command. */
export const command: Command = {
  name: 'prune',
  summary: `delete unverified messages and abandoned drafts older than ${RETENTION_DAYS} days`,
  help,
  async run(argv, io) {
    const { help: wantsHelp } = parseFlags(argv, {});
    if (wantsHelp) {
      io.stdout(help);
      return 0;
    }
    return withStore(io, async (store) => {
      const result = await applyRetention(store, systemClock);
      io.stdout(
        `Pruned ${store.location}: ${result.notifications} unverified message(s), ${result.drafts} abandoned ` +
          `draft(s), ${result.spentTokens} expired form token(s).`,
      );
      return 0;
    });
  },
};
