/** `payport users add|reset-password|list`: back-office users; a generated password is printed once. */
import { UsageError, ValidationError } from '../../errors.js';
import { addUser, parseUserEmail, resetUserPassword } from '../../services/auth/users.js';
import { parseFlags, type Command, type CommandIO } from '../command.js';
import { withStore } from '../store.js';

const help = `Usage:
  payport users add --email EMAIL --role admin|operator
  payport users reset-password --email EMAIL
  payport users list

add             creates a back-office user and prints a generated password once.
reset-password  replaces the user's password with a generated one (printed once), lifts any sign-in
                lockout and signs the user out everywhere.
list            prints every user with their role.

Roles: admin (everything, including provider credentials and users) and operator (transactions,
refunds, payment links; never credentials or users). The store is the configured one (DATABASE_URL,
or the SQLite file in PAYPORT_DATA_DIR); pending migrations are applied first.`;

function requireEmail(values: Record<string, string | boolean | undefined>): string {
  const email = values.email;
  if (typeof email !== 'string' || email.trim() === '') throw new UsageError('--email is required');
  try {
    return parseUserEmail(email);
  } catch (err) {
    if (err instanceof ValidationError)
      throw new UsageError(`--email ${err.fields[0]?.message ?? 'is invalid'}`);
    throw err;
  }
}

function printPassword(io: CommandIO, email: string, role: string, password: string): void {
  io.stdout(
    [
      `User:         ${email}`,
      `Role:         ${role}`,
      `Password:     ${password}`,
      '',
      'This password is shown only once. Hand it over securely; it can be replaced with',
      `\`payport users reset-password --email ${email}\`.`,
    ].join('\n'),
  );
}

function showHelp(io: CommandIO): number {
  io.stdout(help);
  return 0;
}

/** The users command. */
export const command: Command = {
  name: 'users',
  summary: 'manage back-office users (prints a generated password once)',
  help,
  async run(argv, io) {
    const [action, ...rest] = argv;
    if (action === undefined || action === '--help' || action === '-h') {
      io.stdout(help);
      return action === undefined ? 2 : 0;
    }
    switch (action) {
      case 'add': {
        const { values, help: wantsHelp } = parseFlags(rest, {
          email: { type: 'string' },
          role: { type: 'string' },
        });
        if (wantsHelp) return showHelp(io);
        const email = requireEmail(values);
        const role = values.role;
        if (role !== 'admin' && role !== 'operator') throw new UsageError('--role must be admin or operator');
        const created = await withStore(io, (store) => addUser(store, { email, role }));
        printPassword(io, created.user.email, created.user.role, created.password);
        return 0;
      }
      case 'reset-password': {
        const { values, help: wantsHelp } = parseFlags(rest, { email: { type: 'string' } });
        if (wantsHelp) return showHelp(io);
        const email = requireEmail(values);
        const reset = await withStore(io, (store) => resetUserPassword(store, email));
        printPassword(io, reset.user.email, reset.user.role, reset.password);
        return 0;
      }
      case 'list': {
        const { help: wantsHelp } = parseFlags(rest, {});
        if (wantsHelp) return showHelp(io);
        const users = await withStore(io, (store) => store.repos.users.list());
        if (users.length === 0)
          io.stdout('No users yet: create one with `payport users add --email E --role admin`.');
        for (const user of users) {
          const locked = user.lockedUntil !== null ? `  (locked until ${user.lockedUntil})` : '';
          io.stdout(`${user.role.padEnd(8)}  ${user.email}${locked}`);
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown action "${action}" (use add, reset-password or list)`);
    }
  },
};
