/**
 * Makes the database unavailable for a while, for real: on PostgreSQL payport connects through a TCP
 * proxy that is then shut (connections reset, new ones refused); on SQLite another connection holds the
 * write lock past the busy timeout.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { OpenDatabaseOptions } from '../../src/store/database.js';

/** A database outage that a test can start and end. */
export interface Outage {
  /** The store options payport must use (through the proxy on PostgreSQL). */
  database: Partial<OpenDatabaseOptions>;
  /** Starts the outage. */
  start(): Promise<void>;
  /** Ends it; safe to call twice. */
  end(): Promise<void>;
  /** Ends it and releases everything it holds (the proxy's listening socket). */
  close(): Promise<void>;
}

/** Prepares an outage of the database described by `location`. */
export async function simulateOutage(location: OpenDatabaseOptions): Promise<Outage> {
  if (location.url) return postgresOutage(location);
  let locker: BetterSqlite3.Database | undefined;
  return {
    database: location,
    async start() {
      locker = new BetterSqlite3(join(location.dataDir, 'payport.db'));
      locker.exec('BEGIN IMMEDIATE');
    },
    async end() {
      if (!locker) return;
      locker.exec('ROLLBACK');
      locker.close();
      locker = undefined;
    },
    async close() {
      if (!locker) return;
      locker.exec('ROLLBACK');
      locker.close();
      locker = undefined;
    },
  };
}

async function postgresOutage(location: OpenDatabaseOptions): Promise<Outage> {
  const target = new URL(location.url!);
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const proxied = new URL(location.url!);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return {
    database: { ...location, url: proxied.toString() },
    async start() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    async end() {
      down = false;
    },
    async close() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
