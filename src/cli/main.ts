/** `payport <command>`: dispatches to one module per command (src/cli/commands/). */
import { ConfigError, UsageError } from '../errors.js';
import type { Command, CommandIO } from './command.js';

type Loader = () => Promise<{ command: Command }>;

const COMMANDS: Record<string, Loader> = {
  start: () => import('./commands/start.js'),
  migrate: () => import('./commands/migrate.js'),
  simulator: () => import('./commands/simulator.js'),
  aps: () => import('./commands/aps.js'),
  users: () => import('./commands/users.js'),
  neutralize: () => import('./commands/neutralize.js'),
  'api-keys': () => import('./commands/api-keys.js'),
  prune: () => import('./commands/prune.js'),
  links: () => import('./commands/links.js'),
};

const SUMMARIES: Record<string, string> = {
  start: 'run the HTTP server (with --demo: also the APS simulator and demo data)',
  migrate: 'apply database migrations',
  simulator: 'run the APS sandbox simulator alone',
  aps: 'sign or verify APS parameters (diagnose "00008 Signature mismatch")',
  users: 'add back-office users or reset their passwords',
  neutralize: 'for a copy of a production database: disable live providers, erase APS credentials',
  'api-keys': 'create, list or revoke merchant API keys',
  prune: 'delete unverified provider messages and abandoned drafts older than 30 days',
  links: 'print a signed /payment/pay link (links sign --amount 12.50 --currency SAR …)',
};

/** Top-level help text. */
export function usage(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((n) => n.length));
  const lines = Object.entries(SUMMARIES).map(([name, text]) => `  ${name.padEnd(width)}  ${text}`);
  return [
    'Usage: payport <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `payport <command> --help` for the options of one command.',
  ].join('\n');
}

/** The real process streams and environment. */
export function processIO(): CommandIO {
  return {
    stdin: process.stdin,
    stdout: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`payport: unknown command "${name}" (run \`payport --help\` for the list)`);
    return 2;
  }
  try {
    const { command } = await load();
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`payport ${name}: ${err.message} (see \`payport ${name} --help\`)`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.stderr(`payport: invalid configuration: ${err.message}`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`payport ${name}: ${message}`);
    if (io.env.LOG_LEVEL === 'debug' && err instanceof Error && err.stack) io.stderr(err.stack);
    return 1;
  }
}
