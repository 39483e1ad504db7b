/** `payport api-keys create|list|revoke`: merchant API keys (S12); a new key is printed once. */
import { UsageError } from '../../errors.js';
import { createApiKey, listApiKeys, parseApiScopes, revokeApiKey } from '../../services/api/api-keys.js';
import { parseFlags, type Command } from '../command.js';
import { withStore } from '../store.js';

const help = `Usage:
  payport api-keys create --name NAME [--scopes read,payments,operations,endpoints]
  payport api-keys list
  payport api-keys revoke --id ID

create  makes a merchant API key and prints it once; only its hash is stored, so copy it now.
        Send it as "Authorization: Bearer <key>" to /api/v1. --scopes limits what it may do:
        read (GET), payments (create payments and links), operations (capture, void, refund,
        status check), endpoints (manage event endpoints). Default: all but endpoints.
list    prints every key (its first characters, never the key), with when it was last used.
revoke  stops a key at once; requests made with it get 401.

The store is the configured one (DATABASE_URL, or the SQLite file in PAYPORT_DATA_DIR); pending
migrations are applied first.`;

function requireText(values: Record<string, string | boolean | undefined>, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} is required`);
  if (flag === 'name' && value.trim().length > 100)
    throw new UsageError('--name must be at most 100 characters');
  return value.trim();
}

/** The api-keys command. */
export const command: Command = {
  name: 'api-keys',
  summary: 'manage merchant API keys (prints a new key once)',
  help,
  async run(argv, io) {
    const [action, ...rest] = argv;
    if (action === undefined || action === '--help' || action === '-h') {
      io.stdout(help);
      return action === undefined ? 2 : 0;
    }
    switch (action) {
      case 'create': {
        const { values, help: wantsHelp } = parseFlags(rest, {
          name: { type: 'string' },
          scopes: { type: 'string' },
        });
        if (wantsHelp) return (io.stdout(help), 0);
        const name = requireText(values, 'name');
        const scopes = values.scopes === undefined ? undefined : requireText(values, 'scopes');
        try {
          parseApiScopes(scopes);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        const created = await withStore(io, (store) => createApiKey({ store }, { name, scopes }));
        io.stdout(
          [
            `Name:         ${created.apiKey.name}`,
            `Id:           ${created.apiKey.id}`,
            `Scopes:       ${created.apiKey.scopes.join(', ')}`,
            `API key:      ${created.key}`,
            '',
            'This key is shown only once: store it in your secret manager now. Use it as',
            '"Authorization: Bearer <key>"; revoke it with `payport api-keys revoke --id <id>`.',
          ].join('\n'),
        );
        return 0;
      }
      case 'list': {
        const { help: wantsHelp } = parseFlags(rest, {});
        if (wantsHelp) return (io.stdout(help), 0);
        const keys = await withStore(io, (store) => listApiKeys({ store }));
        if (keys.length === 0)
          io.stdout('No API keys yet: create one with `payport api-keys create --name NAME`.');
        for (const key of keys) {
          const status = key.revokedAt
            ? `revoked ${key.revokedAt}`
            : `last used ${key.lastUsedAt ?? 'never'}`;
          io.stdout(`${key.id}  ${key.prefix}…  ${key.name}  [${key.scopes.join(',')}]  (${status})`);
        }
        return 0;
      }
      case 'revoke': {
        const { values, help: wantsHelp } = parseFlags(rest, { id: { type: 'string' } });
        if (wantsHelp) return (io.stdout(help), 0);
        const id = requireText(values, 'id');
        const key = await withStore(io, (store) => revokeApiKey({ store }, id));
        io.stdout(`Revoked API key ${key.id} (${key.name}).`);
        return 0;
      }
      default:
        throw new UsageError(`unknown action "${action}" (use create, list or revoke)`);
    }
  },
};
