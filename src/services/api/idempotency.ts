/**
 * Idempotency keys (S12): the first POST with a key reserves it and its answer is stored; a repeat with
 * the same request gets that answer, a repeat with another request gets 409. Keys live 24 hours.
 * Stored answers are sealed with the payport secret: an answer can hold what must not rest in clear
 * (a payment's redirect form carries the provider's access code, S12/S14).
 */
import { sha256Hex } from '../../crypto/random.js';
import { isSealed } from '../../crypto/secret-box.js';
import { Conflict, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../context.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A reservation whose request never finished (a crashed process) is given up after this. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

/** Expired keys are swept at most this often per process. */
const SWEEP_EVERY_MS = 60 * 1000;

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** A stored answer to replay. */
export interface StoredAnswer {
  statusCode: number;
  body: string;
}

/** What to do with a request carrying an idempotency key. */
export type IdempotencyDecision = { kind: 'proceed' } | { kind: 'replay'; answer: StoredAnswer };

/** Checks an `Idempotency-Key` header value. */
export function checkIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !KEY_SHAPE.test(value)) {
    throw new ValidationError(
      'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).',
      [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    );
  }
  return value;
}

/** JSON with object keys sorted, so the same body written in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fingerprint of a request: method, route and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`);
}

const lastSweep = new WeakMap<object, number>();

async function sweepExpired(ctx: ServiceContext, now: number, force: boolean): Promise<void> {
  const last = lastSweep.get(ctx.store) ?? 0;
  if (!force && now - last < SWEEP_EVERY_MS) return;
  lastSweep.set(ctx.store, now);
  await ctx.store.repos.idempotencyKeys.deleteCreatedBefore(new Date(now - IDEMPOTENCY_TTL_MS));
}

/**
 * Reserves `key` for this request, or says which stored answer to replay. A key used with another
 * request, or whose first request is still running, is a Conflict (409).
 */
export async function beginIdempotentRequest(
  ctx: ServiceContext,
  apiKeyId: string,
  key: string,
  fingerprint: string,
): Promise<IdempotencyDecision> {
  const repo = ctx.store.repos.idempotencyKeys;
  const now = ctx.clock.now().getTime();
  await sweepExpired(ctx, now, false);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const reservation = await repo.reserve(apiKeyId, key, fingerprint);
    if (reservation.reserved) return { kind: 'proceed' };
    const existing = reservation.existing;
    const age = now - Date.parse(existing.createdAt);
    if (age > IDEMPOTENCY_TTL_MS) {
      // Expired but not swept yet: it no longer counts.
      await sweepExpired(ctx, now, true);
      continue;
    }
    if (existing.requestHash !== fingerprint) {
      throw new Conflict(
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    if (existing.statusCode === null || existing.responseBody === null) {
      if (age >= ABANDONED_AFTER_MS) {
        await repo.release(apiKeyId, key);
        continue;
      }
      throw new Conflict('A request with this Idempotency-Key is still being processed; retry in a moment.');
    }
    return {
      kind: 'replay',
      answer: {
        statusCode: existing.statusCode,
        body: openAnswer(ctx, apiKeyId, key, existing.responseBody),
      },
    };
  }
  throw new Conflict('This Idempotency-Key is being used by concurrent requests; retry the request.');
}

/** Stores the answer of a reserved request for later replays. */
export async function completeIdempotentRequest(
  ctx: ServiceContext,
  apiKeyId: string,
  key: string,
  answer: StoredAnswer,
): Promise<void> {
  const sealed = ctx.secretBox.seal(answer.body, answerContext(apiKeyId, key));
  await ctx.store.repos.idempotencyKeys.complete(apiKeyId, key, answer.statusCode, sealed);
}

/** Binds a sealed answer to its API key and idempotency key: it does not open anywhere else. */
function answerContext(apiKeyId: string, key: string): string {
  return `idempotency:${apiKeyId}:${key}`;
}

/** The stored answer in clear (answers stored in clear by earlier versions are returned as they are). */
function openAnswer(ctx: ServiceContext, apiKeyId: string, key: string, stored: string): string {
  return isSealed(stored) ? ctx.secretBox.open(stored, answerContext(apiKeyId, key)) : stored;
}

/** Frees a reservation whose request failed, so the same key may be retried. */
export async function abandonIdempotentRequest(
  ctx: ServiceContext,
  apiKeyId: string,
  key: string,
): Promise<void> {
  await ctx.store.repos.idempotencyKeys.release(apiKeyId, key);
}
