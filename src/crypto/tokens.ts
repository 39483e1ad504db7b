/**
 * HMAC-SHA256 tokens (SPEC S14) keyed by a key derived from the payport secret.
 *
 * - Access tokens are bound to what they unlock: the MAC covers a purpose and a set of fields (e.g. a
 *   status page's reference), so a token for one transaction or page type opens no other.
 * - Expiring tokens carry a small payload and an expiry (form tokens, payment-link forms) and tell a
 *   forged or damaged token apart from a genuine one that is too old.
 */
import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.js';
import { PayportError } from '../errors.js';
import { constantTimeEqual } from './compare.js';
import { deriveKey } from './keys.js';

/** A value a token can be bound to. */
export type TokenFieldValue = string | number | boolean | null;
/** The fields an access token is bound to. */
export type TokenFields = Readonly<Record<string, TokenFieldValue>>;
/** Any JSON value, for expiring-token payloads. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** The payload of an expiring token. */
export type TokenPayload = { [key: string]: JsonValue };

/** A token that is damaged, forged, or made for another purpose or secret. */
export class InvalidTokenError extends PayportError {
  readonly statusCode = 400;
  constructor(message = 'This link or form is not valid. Start again from the original page.') {
    super('invalid_token', message);
  }
}

/** A genuine token whose time is up. */
export class ExpiredTokenError extends PayportError {
  readonly statusCode = 400;
  /** When the token expired (ISO-8601 UTC). */
  readonly expiredAt: string;
  constructor(expiredAt: string) {
    super('token_expired', 'This page has expired. Reload it and try again.');
    this.expiredAt = expiredAt;
  }
}

let cachedKey: { secret: string; key: Buffer } | undefined;

function tokenKey(secret: string): Buffer {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: deriveKey(secret, 'tokens/v1') };
  return cachedKey.key;
}

function mac(secret: string, message: string): string {
  return createHmac('sha256', tokenKey(secret)).update(message, 'utf8').digest('base64url');
}

function checkPurpose(purpose: string): void {
  if (typeof purpose !== 'string' || purpose === '') throw new RangeError('a token purpose is required');
}

/** The exact text signed for an access token: JSON of the purpose and the fields sorted by name. */
function accessMessage(purpose: string, fields: TokenFields): string {
  const entries = Object.keys(fields)
    .sort()
    .map((name) => [name, fields[name] ?? null]);
  return JSON.stringify(['access', purpose, entries]);
}

/** An access token (base64url, 43 characters) bound to `purpose` and exactly these `fields`. */
export function signToken(secret: string, purpose: string, fields: TokenFields): string {
  checkPurpose(purpose);
  return mac(secret, accessMessage(purpose, fields));
}

/** True when `token` was made by {@link signToken} for the same purpose and fields (constant time). */
export function verifyToken(secret: string, purpose: string, fields: TokenFields, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  return constantTimeEqual(signToken(secret, purpose, fields), token);
}

/** Options of {@link createExpiringToken}. */
export interface ExpiringTokenOptions {
  clock: Clock;
  /** How long the token stays valid, in seconds. */
  ttlSeconds: number;
}

/** A token carrying `payload` until `ttlSeconds` from now: `<payload>.<mac>`, both base64url. */
export function createExpiringToken(
  secret: string,
  purpose: string,
  payload: TokenPayload,
  options: ExpiringTokenOptions,
): string {
  checkPurpose(purpose);
  if (!Number.isFinite(options.ttlSeconds) || options.ttlSeconds <= 0) {
    throw new RangeError('ttlSeconds must be a positive number');
  }
  const expiresAt = options.clock.now().getTime() + Math.round(options.ttlSeconds * 1000);
  const body = Buffer.from(JSON.stringify({ p: payload, e: expiresAt }), 'utf8').toString('base64url');
  return `${body}.${mac(secret, `expiring\u0000${purpose}\u0000${body}`)}`;
}

/**
 * The payload of a token from {@link createExpiringToken}. Throws {@link InvalidTokenError} when it was
 * not made with this secret and purpose or was altered, {@link ExpiredTokenError} when it is too old.
 */
export function readExpiringToken<T extends TokenPayload = TokenPayload>(
  secret: string,
  purpose: string,
  token: unknown,
  clock: Clock,
): T {
  checkPurpose(purpose);
  if (typeof token !== 'string' || token.length > 8192) throw new InvalidTokenError();
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) throw new InvalidTokenError();
  const body = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  if (!constantTimeEqual(mac(secret, `expiring\u0000${purpose}\u0000${body}`), signature)) {
    throw new InvalidTokenError();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError();
  }
  const { p, e } = (decoded ?? {}) as { p?: unknown; e?: unknown };
  if (typeof e !== 'number' || typeof p !== 'object' || p === null || Array.isArray(p)) {
    throw new InvalidTokenError();
  }
  if (clock.now().getTime() >= e) throw new ExpiredTokenError(new Date(e).toISOString());
  return p as T;
}
