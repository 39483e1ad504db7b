/**
 * Merchant API keys (S12, S14): a high-entropy bearer key shown once, stored only as its SHA-256 hash,
 * found by that hash and compared in constant time.
 */
import { constantTimeEqual } from '../../crypto/compare.js';
import { randomSecret, sha256Hex } from '../../crypto/random.js';
import { NotFound, PayportError, ValidationError } from '../../errors.js';
import type { Store } from '../../store/database.js';
import type { ApiKeyRecord } from '../../store/repositories/index.js';

/** What a key may do (S14): read, create payments and links, run operations, manage event endpoints. */
export const API_SCOPES = ['read', 'payments', 'operations', 'endpoints'] as const;
/** One of {@link API_SCOPES}. */
export type ApiScope = (typeof API_SCOPES)[number];
/**
 * A key created without scopes has all but `endpoints`: pointing events somewhere is the one thing a
 * leaked shop key should not be able to do unless it was meant to.
 */
export const DEFAULT_API_SCOPES: readonly ApiScope[] = ['read', 'payments', 'operations'];

/** Every key starts with this, so leaked keys are easy to recognise (and to scan for). */
export const API_KEY_PREFIX = 'ppk_';

/** How many characters of a key are kept in clear so people can tell keys apart. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

/** Recording "last used" on every request would turn each read into a write: once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * How long a verified key is trusted without reading it again. A key revoked through this process (the
 * back office, or the API of the same server) is dropped at once; one revoked by another process (the CLI,
 * or another payport on the same PostgreSQL database) is refused here at the latest this long after.
 */
export const API_KEY_CACHE_MS = 2_000;
/** At most this many verified keys are kept (only keys that verified: unknown ones are never kept). */
const API_KEY_CACHE_SIZE = 1_000;

interface VerifiedKey {
  record: ApiKeyRecord;
  /** `performance.now()` after which the key is read again. */
  until: number;
}

/** Verified keys by the hash of the key, and how many revocations this process made, per store. */
interface KeyCache {
  keys: Map<string, VerifiedKey>;
  revocations: number;
}
const verifiedKeys = new WeakMap<Store, KeyCache>();

function verifiedKeysOf(store: Store): KeyCache {
  let cache = verifiedKeys.get(store);
  if (!cache) {
    cache = { keys: new Map(), revocations: 0 };
    verifiedKeys.set(store, cache);
  }
  return cache;
}

/** What the API-key functions need: the store (a ServiceContext has one; so does the CLI). */
export interface ApiKeyContext {
  store: Store;
}

/** An API key as listed (never with the key itself). */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scopes: ApiScope[];
}

/** A just-created key: `key` is shown once and cannot be recovered afterwards. */
export interface CreatedApiKey {
  apiKey: ApiKeySummary;
  key: string;
}

function summary(record: ApiKeyRecord): ApiKeySummary {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
    scopes:
      record.scopes === null
        ? [...DEFAULT_API_SCOPES]
        : (record.scopes.split(' ').filter((s) => s !== '') as ApiScope[]),
  };
}

/**
 * The scopes asked for, checked: a list (or a comma/space-separated text) of known scopes; absent or
 * empty means the default set. An unknown scope is a ValidationError naming the known ones.
 */
export function parseApiScopes(input: readonly string[] | string | undefined): ApiScope[] {
  const list = typeof input === 'string' ? input.split(/[\s,]+/) : [...(input ?? [])];
  const wanted = list.map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (wanted.length === 0) return [...DEFAULT_API_SCOPES];
  const unknown = wanted.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown API key scope "${unknown[0]}": use ${API_SCOPES.join(', ')}.`, [
      { field: 'scopes', message: `must be among ${API_SCOPES.join(', ')}` },
    ]);
  }
  return API_SCOPES.filter((s) => wanted.includes(s));
}

/** Refuses (403) a request whose key lacks `scope`. */
export function requireScope(key: ApiKeySummary, scope: ApiScope): void {
  if (!key.scopes.includes(scope)) {
    throw new PayportError(
      'forbidden',
      `This API key lacks the "${scope}" scope; create a key with it (payport api-keys create --scopes ${scope},…).`,
    );
  }
}

/** The stored form of a key. */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** Creates a key named `name` (default scopes unless given) and returns it once with its summary. */
export async function createApiKey(
  ctx: ApiKeyContext,
  input: { name: string; scopes?: readonly string[] | string },
): Promise<CreatedApiKey> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > 100) {
    throw new ValidationError('An API key needs a name of 1 to 100 characters (e.g. "Shop backend").', [
      { field: 'name', message: name === '' ? 'is required' : 'must be at most 100 characters' },
    ]);
  }
  const scopes = parseApiScopes(input.scopes);
  const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
  const record = await ctx.store.repos.apiKeys.insert({
    name,
    scopes: scopes.join(' '),
    prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
    keyHash: hashApiKey(key),
  });
  return { apiKey: summary(record), key };
}

/** Every key, newest first, revoked ones included (the back office shows them struck through). */
export async function listApiKeys(ctx: ApiKeyContext): Promise<ApiKeySummary[]> {
  return (await ctx.store.repos.apiKeys.list()).map(summary);
}

/** Revokes a key at once; requests made with it afterwards get 401. */
export async function revokeApiKey(ctx: ApiKeyContext, id: string): Promise<ApiKeySummary> {
  const existing = await ctx.store.repos.apiKeys.findById(id);
  if (!existing) throw new NotFound(`No API key with id "${id}".`);
  if (existing.revokedAt === null) await ctx.store.repos.apiKeys.revoke(id);
  // Before answering: from now on this process refuses the key.
  const cache = verifiedKeysOf(ctx.store);
  cache.revocations++;
  for (const [hash, verified] of cache.keys) if (verified.record.id === id) cache.keys.delete(hash);
  return summary((await ctx.store.repos.apiKeys.findById(id)) ?? existing);
}

/** The 401 every authentication failure gets; the message says what to send, never which check failed. */
export function unauthorized(message: string): PayportError {
  return new PayportError('unauthorized', message);
}

/**
 * The active key behind an `Authorization` header value, or a 401 error. The lookup is by hash (an index
 * lookup that reveals nothing usable about the key), then the hashes are compared in constant time. A key
 * that verified is trusted for {@link API_KEY_CACHE_MS} without reading it again (see there for revocation).
 */
export async function authenticateApiKey(
  ctx: ApiKeyContext & { clock: { now(): Date } },
  authorization: string | undefined,
): Promise<ApiKeySummary> {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  if (!match) {
    throw unauthorized(
      'Send your API key as "Authorization: Bearer <key>" (create one with `payport api-keys create`).',
    );
  }
  const hash = hashApiKey(match[1]!);
  const cache = verifiedKeysOf(ctx.store);
  const cached = cache.keys.get(hash);
  let record = cached && cached.until > performance.now() ? cached.record : undefined;
  if (!record) {
    if (cached) cache.keys.delete(hash);
    const revocations = cache.revocations;
    const found = await ctx.store.repos.apiKeys.findActiveByHash(hash);
    if (!found || !constantTimeEqual(found.keyHash, hash)) {
      throw unauthorized('This API key is not valid: it is unknown or was revoked.');
    }
    record = { ...found };
    // A revocation made while this read ran may have been missed by it: then the key is not kept.
    if (revocations === cache.revocations) {
      if (cache.keys.size >= API_KEY_CACHE_SIZE) cache.keys.clear();
      cache.keys.set(hash, { record, until: performance.now() + API_KEY_CACHE_MS });
    }
  }
  const now = ctx.clock.now();
  const lastUsed = record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0;
  if (now.getTime() - lastUsed >= LAST_USED_RESOLUTION_MS) {
    await ctx.store.repos.apiKeys.touchLastUsed(record.id, now);
    record.lastUsedAt = now.toISOString();
  }
  return summary(record);
}
