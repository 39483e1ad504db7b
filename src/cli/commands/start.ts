/** `payport start`: the HTTP server, until SIGTERM/SIGINT. */
import { loadConfig } from '../../config.js';
import { createLogger } from '../../observability/logger.js';
import { startPayport } from '../../server.js';
import { ensureFirstAdmin, firstRunBlock, startDemo, type RunningDemo } from '../../demo.js';
import { parseFlags, type Command } from '../command.js';

const help = `Usage: payport start [--port 8080] [--host 127.0.0.1] [--public-url URL] [--demo]

Runs the payport HTTP server. Applies database migrations first.

Options:
  --port N          port to listen on (default: PORT or 8080)
  --host H          address to bind (default: HOST or 127.0.0.1)
  --public-url URL  base URL customers and APS reach (default: PUBLIC_URL or http://localhost:<port>)
  --demo            also run the APS sandbox simulator on port+1 with a demo provider and admin user

Configuration is read from the environment and a .env file: PORT, HOST, PUBLIC_URL, DATABASE_URL,
PAYPORT_DATA_DIR, PAYPORT_SECRET, PAYPORT_ADMIN_PASSWORD, LOG_LEVEL, TRUST_PROXY, and the
reconciliation settings RECONCILE_INTERVAL_MS, RECONCILE_BATCH_SIZE, RECONCILE_CONCURRENCY,
RECONCILE_LEASE_MS, RECONCILE_PENDING_DAYS, RECONCILE_ABANDON_AFTER_HOURS.`;

/** The start command. */
export const command: Command = {
  name: 'start',
  summary: 'run the HTTP server',
  help,
  async run(argv, io) {
    const { values, help: wantsHelp } = parseFlags(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      demo: { type: 'boolean' },
    });
    if (wantsHelp) {
      io.stdout(help);
      return 0;
    }
    const config = loadConfig({
      env: io.env,
      cwd: io.cwd,
      flags: {
        port: values.port as string | undefined,
        host: values.host as string | undefined,
        publicUrl: values['public-url'] as string | undefined,
      },
    });
    // The demo's receivers run on this machine; loopback only, private networks stay refused.
    if (values.demo === true && config.eventTargets !== 'private') config.eventTargets = 'loopback';
    const logger = createLogger(config.logLevel);
    const running = await startPayport(config, { logger });
    logger.info({ address: running.address, publicUrl: config.publicUrl }, 'payport is listening');
    let demo: RunningDemo | undefined;
    try {
      if (values.demo === true) {
        demo = await startDemo(running.context.services, {
          port: config.port,
          host: config.host,
          dataDir: config.dataDir,
          adminPassword: config.adminPassword,
          logger,
        });
        io.stdout(firstRunBlock(demo.info));
      } else if (config.adminPassword !== undefined) {
        const created = await ensureFirstAdmin(running.context.services, config.adminPassword);
        if (created !== undefined)
          logger.info({ user: 'admin' }, 'created the first admin user from PAYPORT_ADMIN_PASSWORD');
      }
    } catch (err) {
      await running.close();
      throw err;
    }
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        Promise.all([running.close(), demo?.close()]).then(
          () => resolve(),
          (err) => {
            logger.error({ err }, 'error during shutdown');
            resolve();
          },
        );
      };
      const onTerm = () => stop('SIGTERM');
      const onInt = () => stop('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
    });
    return 0;
  },
};
