/**
 * Test helpers for the back office: a payport app (SQLite in a temporary directory, logs captured) with
 * the admin routes registered, and a tiny cookie-keeping client over `app.inject()` that signs in and
 * posts forms with the CSRF token of the last page it read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../../src/clock.js';
import type { Config } from '../../../src/config.js';
import type { AdminOptions } from '../../../src/http/admin/index.js';
import type { AppContext } from '../../../src/http/context.js';
import { createLogger } from '../../../src/observability/logger.js';
import { startPayport } from '../../../src/server.js';
import { addUser } from '../../../src/services/auth/users.js';
import type { Store } from '../../../src/store/database.js';
import type { UserRole } from '../../../src/store/schema.js';

/** A running back office for one test file. */
export interface AdminHarness {
  app: FastifyInstance;
  ctx: AppContext;
  store: Store;
  clock: ManualClock;
  /** Every log line written so far. */
  logs: string[];
  /** Creates a user with a known password. */
  addUser(email: string, role: UserRole, password?: string): Promise<{ email: string; password: string }>;
  /** A new client without cookies. */
  client(): AdminClient;
  close(): Promise<void>;
}

/** Options of {@link startAdmin}. */
export interface HarnessOptions extends AdminOptions {
  publicUrl?: string;
  /** Start listening on 127.0.0.1 and a random port (for real browsers and the simulator's callbacks). */
  listen?: boolean;
  /** PAYPORT_REQUIRE_2FA. */
  require2fa?: boolean;
}

/** Starts payport with the back office. */
export async function startAdmin(options: HarnessOptions = {}): Promise<AdminHarness & { address: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-admin-test-'));
  const logs: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    publicUrl: options.publicUrl ?? 'http://payport.test',
    databaseUrl: undefined,
    dataDir,
    secret: 'test-secret-test-secret-test-secret-0123456789',
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'info',
    ...(options.require2fa && { require2fa: true }),
  };
  const running = await startPayport(config, { listen: false, logger, clock, http: { admin: options } });
  const app = running.app;
  let address = config.publicUrl;
  if (options.listen) address = await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.ready();
  const harness: AdminHarness & { address: string } = {
    app,
    ctx: running.context,
    store: running.store,
    clock,
    logs,
    address,
    async addUser(email, role, password = 'correct horse battery staple') {
      await addUser(running.store, { email, role, password });
      return { email, password };
    },
    client: () => new AdminClient(app),
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * HTML with insignificant whitespace removed (runs collapsed, none between tags or before `>`), so
 * assertions do not depend on how the templates are line-wrapped.
 */
export function normalizeHtml(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/>\s+</g, '><')
    .replace(/\s+>/g, '>')
    .replace(/<\/(\w+)\s+>/g, '</$1>');
}

/** One answer as the client saw it. */
export interface ClientResponse {
  status: number;
  /** The body, HTML whitespace-normalised (see {@link normalizeHtml}). */
  body: string;
  /** The body exactly as sent. */
  raw: string;
  headers: Record<string, string | string[] | number | undefined>;
  location: string | undefined;
}

/** A cookie-keeping client over `app.inject()`. */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page read (the `_csrf` field of its first form). */
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: {
    cookies: { name: string; value: string; maxAge?: number; expires?: Date }[];
    body: string;
  }): void {
    for (const cookie of response.cookies) {
      const expired =
        cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]*)"/.exec(response.body);
    if (match?.[1]) this.csrf = match[1];
  }

  private answer(response: {
    statusCode: number;
    body: string;
    headers: ClientResponse['headers'];
  }): ClientResponse {
    const isHtml = String(response.headers['content-type'] ?? '').startsWith('text/html');
    return {
      status: response.statusCode,
      body: isHtml ? normalizeHtml(response.body) : response.body,
      raw: response.body,
      headers: response.headers,
      location: response.headers.location as string | undefined,
    };
  }

  /** GET with the client's cookies. */
  async get(url: string, headers: Record<string, string> = {}): Promise<ClientResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.remember(response);
    return this.answer(response);
  }

  /** POST a form; `_csrf` is the last page's token unless given. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    options: { csrf?: string | null } = {},
  ): Promise<ClientResponse> {
    const params = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null) params.append('_csrf', token);
    for (const [name, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
    this.remember(response);
    return this.answer(response);
  }

  /** Signs in through the form; returns the POST's answer. */
  async signIn(email: string, password: string): Promise<ClientResponse> {
    await this.get('/admin/login');
    const answer = await this.post('/admin/login', { email, password });
    if (answer.status === 303) await this.get(answer.location ?? '/admin/transactions');
    return answer;
  }
}
