/** `payport simulator`: the APS sandbox simulator alone, until SIGTERM/SIGINT. */
import { pino } from 'pino';
import { UsageError } from '../../errors.js';
import { createSimulator } from '../../simulator/index.js';
import { parseFlags, type Command } from '../command.js';

const help = `Usage: payport simulator [--port 8081] [--host 127.0.0.1] [--state-file FILE] [--public-url URL]

Runs the APS sandbox simulator: a local stand-in for Amazon Payment Services with a hosted payment
page (/FortAPI/paymentPage), the server-to-server API (/FortAPI/paymentApi), feedback delivery, a back
office at /dashboard and a JSON control API under /_sim. A merchant account with random credentials is
created on first start; its credentials are printed below. See docs/simulator.md.

Options:
  --port N           port to listen on (default 8081)
  --host H           address to bind (default 127.0.0.1; the simulator has no sign-in)
  --state-file FILE  keep accounts, transactions and the delivery log in FILE (default: in memory)
  --public-url URL   base URL browsers use to reach the simulator (default http://<host>:<port>)`;

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8081;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

function parsePublicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/$/, '');
  } catch {
    // reported below
  }
  throw new UsageError(`--public-url must be an absolute http(s) URL, got "${value}"`);
}

/** The simulator command. */
export const command: Command = {
  name: 'simulator',
  summary: 'run the APS sandbox simulator alone',
  help,
  async run(argv, io) {
    const { values, help: wantsHelp } = parseFlags(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'state-file': { type: 'string' },
      'public-url': { type: 'string' },
    });
    if (wantsHelp) {
      io.stdout(help);
      return 0;
    }
    const port = parsePort(values.port as string | undefined);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const stateFile = values['state-file'] as string | undefined;
    if (stateFile === '') throw new UsageError('--state-file needs a file name');
    const publicUrlFlag = parsePublicUrl(values['public-url'] as string | undefined);

    const simulator = createSimulator({
      stateFile,
      publicUrl: publicUrlFlag,
      logger: pino({ level: io.env.LOG_LEVEL ?? 'info' }),
    });
    const address = await simulator.app.listen({ port, host });
    const base = publicUrlFlag ?? address.replace('://[::1]', '://localhost');
    const [account] = [...simulator.state.accounts.values()];
    io.stdout(
      [
        `APS simulator listening on ${address}`,
        `Dashboard:           ${base}/dashboard`,
        `paymentPage:         ${base}/FortAPI/paymentPage`,
        `paymentApi:          ${base}/FortAPI/paymentApi`,
        ...(account
          ? [
              `Merchant identifier: ${account.merchantIdentifier}`,
              `Access code:         ${account.accessCode}`,
              `SHA request phrase:  ${account.shaRequestPhrase}`,
              `SHA response phrase: ${account.shaResponsePhrase}`,
              `SHA type:            ${account.shaType}`,
            ]
          : []),
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        simulator.close().then(resolve, (err: unknown) => {
          io.stderr(
            `payport simulator: error during shutdown: ${err instanceof Error ? err.message : String(err)}`,
          );
          resolve();
        });
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    return 0;
  },
};
