/**
 * Configuration from flags, the environment and a `.env` file (flags win, then the environment, then
 * `.env`). Invalid settings raise a ConfigError naming the setting; the CLI prints it on one line and
 * exits with code 2.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse as parseDotenv } from 'dotenv';
import { parseReconciliationSettings, type ReconciliationSettings } from './config-reconciliation.js';
import { ConfigError } from './errors.js';

/** Log levels accepted by LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything payport needs to know to run. */
export interface Config {
  port: number;
  host: string;
  /** Base URL that APS and customers reach, without a trailing slash. */
  publicUrl: string;
  /** `postgres://…` for PostgreSQL; undefined for the embedded SQLite file. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Key material for encryption at rest and token signing. */
  secret: string;
  adminPassword: string | undefined;
  logLevel: LogLevel;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): false (default: none), true
   * (any: only when nothing but the load balancer can reach payport), a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
  /** The reconciliation worker's settings (`RECONCILE_*`); its defaults when absent (S8). */
  reconciliation?: ReconciliationSettings;
  /**
   * Which addresses event endpoints may reach (S14): `public` unless PAYPORT_EVENT_ALLOW_PRIVATE=true
   * (`private`); `start --demo` allows this machine (`loopback`). Absent means `public`.
   */
  eventTargets?: 'public' | 'loopback' | 'private';
  /** PAYPORT_REQUIRE_2FA: admins must set up the TOTP second factor before using the back office. */
  require2fa?: boolean;
  /** When set, `/metrics` is served only here (METRICS_PORT), not on the customer port. */
  metrics?: { host: string; port: number };
  /** PAYPORT_APS_RATE_LIMIT: APS messages per minute per address on each of its two routes (0: no limit). */
  apsRateLimitPerMinute?: number;
  /** Email (S21) when SMTP_URL is set: payment links sent by email and receipts after payment. */
  email?: EmailConfig;
}

/** How payport sends email (SMTP_URL, SMTP_FROM). */
export interface EmailConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  smtpUrl: string;
  /** The sender, `payments@example.com` or `Shop <payments@example.com>`. */
  from: string;
}

/** Flags that override the environment (from `payport start`). */
export interface ConfigFlags {
  port?: string | undefined;
  host?: string | undefined;
  publicUrl?: string | undefined;
}

/** Merged raw settings: the environment over `<cwd>/.env`. */
export function readEnvironment(env: NodeJS.ProcessEnv, cwd: string): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

function parsePort(raw: string, setting: string): number {
  if (!/^\d{1,5}$/.test(raw)) throw new ConfigError(setting, `must be a port number (0-65535), got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError(setting, `must be a port number (0-65535), got "${raw}"`);
  return port;
}

function parsePublicUrl(raw: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      setting,
      `must be an absolute http(s) URL such as https://pay.example.com, got "${raw}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(setting, `must use http or https, got "${url.protocol}"`);
  }
  if (url.search || url.hash) throw new ConfigError(setting, 'must not contain a query string or fragment');
  return url.toString().replace(/\/+$/, '');
}

function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a PostgreSQL URL (postgres://user:pass@host:5432/db); leave it unset for the embedded SQLite store',
    );
  }
  try {
    new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  return raw;
}

/** Reads `<dataDir>/secret.key`, creating it (random, mode 0600) the first time. */
export function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length < 32) throw new ConfigError('PAYPORT_SECRET', `${file} is shorter than 32 characters`);
    return value;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return value;
}

/** Builds and validates the configuration; generates the secret key file when needed. */
export function loadConfig(options: { env: NodeJS.ProcessEnv; cwd: string; flags?: ConfigFlags }): Config {
  const raw = readEnvironment(options.env, options.cwd);
  const flags = options.flags ?? {};
  const port =
    flags.port !== undefined
      ? parsePort(flags.port, '--port')
      : parsePort(raw.PORT?.trim() || '8080', 'PORT');
  const host = (flags.host ?? raw.HOST ?? '127.0.0.1').trim();
  if (host === '') throw new ConfigError(flags.host !== undefined ? '--host' : 'HOST', 'must not be empty');
  const publicSetting = flags.publicUrl !== undefined ? '--public-url' : 'PUBLIC_URL';
  const publicRaw = flags.publicUrl ?? raw.PUBLIC_URL;
  const displayHost = host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host;
  const publicUrl = publicRaw?.trim()
    ? parsePublicUrl(publicRaw.trim(), publicSetting)
    : `http://${displayHost}:${port}`;
  const logLevel = (raw.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const dataDir = resolve(options.cwd, raw.PAYPORT_DATA_DIR?.trim() || './data');
  const databaseUrl = parseDatabaseUrl(raw.DATABASE_URL);
  const secretRaw = raw.PAYPORT_SECRET;
  let secret: string;
  if (secretRaw !== undefined && secretRaw !== '') {
    if (secretRaw.length < 32) {
      throw new ConfigError(
        'PAYPORT_SECRET',
        'must be at least 32 characters (e.g. `openssl rand -base64 32`)',
      );
    }
    secret = secretRaw;
  } else {
    secret = loadOrCreateSecret(dataDir);
  }
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  const adminPassword = raw.PAYPORT_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('PAYPORT_ADMIN_PASSWORD', 'must be at least 8 characters');
  }
  const reconciliation = parseReconciliationSettings(raw);
  const eventTargets = parseFlag(raw.PAYPORT_EVENT_ALLOW_PRIVATE, 'PAYPORT_EVENT_ALLOW_PRIVATE')
    ? 'private'
    : 'public';
  const metricsPort = raw.METRICS_PORT?.trim();
  const metrics = metricsPort
    ? { host: raw.METRICS_HOST?.trim() || '127.0.0.1', port: parsePort(metricsPort, 'METRICS_PORT') }
    : undefined;
  if (metrics === undefined && raw.METRICS_HOST?.trim()) {
    throw new ConfigError('METRICS_HOST', 'needs METRICS_PORT too (the port /metrics listens on)');
  }
  const require2fa = parseFlag(raw.PAYPORT_REQUIRE_2FA, 'PAYPORT_REQUIRE_2FA');
  const apsRateLimit = raw.PAYPORT_APS_RATE_LIMIT?.trim();
  if (apsRateLimit && !/^\d{1,10}$/.test(apsRateLimit)) {
    throw new ConfigError(
      'PAYPORT_APS_RATE_LIMIT',
      `must be a whole number of messages per minute per address (0 for no limit), got "${apsRateLimit}"`,
    );
  }
  const email = parseEmailConfig(raw.SMTP_URL, raw.SMTP_FROM, publicUrl);
  return {
    ...(email && { email }),
    ...(apsRateLimit && { apsRateLimitPerMinute: Number(apsRateLimit) }),
    ...(metrics && { metrics }),
    ...(require2fa && { require2fa }),
    port,
    host,
    publicUrl,
    databaseUrl,
    dataDir,
    secret,
    adminPassword,
    logLevel,
    trustProxy,
    reconciliation,
    eventTargets,
  };
}

const SENDER = /^(?:[^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+>?$/;

/** SMTP_URL and SMTP_FROM; undefined when email is off. Messages never repeat the URL: it holds a password. */
function parseEmailConfig(
  rawUrl: string | undefined,
  rawFrom: string | undefined,
  publicUrl: string,
): EmailConfig | undefined {
  const value = rawUrl?.trim() ?? '';
  const fromValue = rawFrom?.trim() ?? '';
  if (value === '') {
    if (fromValue !== '')
      throw new ConfigError('SMTP_FROM', 'needs SMTP_URL too (the server that sends the mail)');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('SMTP_URL', 'must be a URL such as smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `must start with smtp:// or smtps://, got "${url.protocol}//"`);
  }
  if (url.hostname === '') throw new ConfigError('SMTP_URL', 'must name the mail server host');
  const from = fromValue || `payments@${new URL(publicUrl).hostname}`;
  const open = from.includes('<');
  if (!SENDER.test(from) || open !== from.endsWith('>')) {
    throw new ConfigError(
      'SMTP_FROM',
      `must be an address such as payments@example.com or "Shop <payments@example.com>", got "${from}"`,
    );
  }
  return { smtpUrl: value, from };
}

/** A true/false setting; unset is false. */
function parseFlag(raw: string | undefined, setting: string): boolean {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === '0' || value === 'no') return false;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  throw new ConfigError(setting, `must be true or false, got "${raw}"`);
}

const ADDRESS = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;

function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const list = value.split(',').map((part) => part.trim());
  if (list.every((part) => ADDRESS.test(part) || part === 'loopback' || part === 'uniquelocal')) return list;
  throw new ConfigError(
    'TRUST_PROXY',
    `must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs, got "${value}"`,
  );
}
