/**
 * Identifiers and secrets from the operating system's CSPRNG. `newId()` is the primary key of every
 * table: a UUIDv7 (RFC 9562), whose text sorts by creation time, so indexes stay append-mostly and
 * "newest first" is an index scan.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = /^[a-z][a-z0-9]{0,15}$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * `length` characters drawn uniformly from `alphabet` (2–256 distinct characters). Bytes that would
 * bias the draw (the remainder above the last full multiple of the alphabet size) are skipped.
 */
export function randomString(alphabet: string, length: number): string {
  const symbols = [...alphabet];
  if (symbols.length < 2 || symbols.length > 256 || new Set(symbols).size !== symbols.length) {
    throw new RangeError('alphabet must hold 2 to 256 distinct characters');
  }
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('length must be a whole number ≥ 0');
  const limit = 256 - (256 % symbols.length);
  let out = '';
  let produced = 0;
  while (produced < length) {
    for (const byte of randomBytes(Math.max(16, (length - produced) * 2))) {
      if (byte >= limit) continue;
      out += symbols[byte % symbols.length];
      if (++produced === length) break;
    }
  }
  return out;
}

/** A random identifier, `<prefix>_<22 base62 chars>` (≈131 bits), e.g. `randomId('evt')` → `evt_4Xk…`. */
export function randomId(prefix?: string): string {
  const body = randomString(BASE62, 22);
  if (prefix === undefined || prefix === '') return body;
  if (!PREFIX.test(prefix)) {
    throw new RangeError(
      `id prefix must be 1-16 lower-case letters or digits starting with a letter, got "${prefix}"`,
    );
  }
  return `${prefix}_${body}`;
}

/** A random secret of `bytes` bytes (16–1024, default 32), base64url without padding. */
export function randomSecret(bytes = 32): string {
  if (!Number.isSafeInteger(bytes) || bytes < 16 || bytes > 1024) {
    throw new RangeError('a secret must have 16 to 1024 bytes');
  }
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of `data` (text as UTF-8), lower-case hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// Ids (and the secret box's IVs) take their random bits from a pool refilled from the CSPRNG 4 KiB at a
// time: one call into the CSPRNG for hundreds of them instead of one each. Handed-out bytes are copied
// out and never handed out again.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** `size` (at most 4096) bytes from the CSPRNG, through the pool above; never the same bytes twice. */
export function pooledRandomBytes(size: number): Buffer {
  if (!Number.isSafeInteger(size) || size < 0 || size > pool.length) {
    throw new RangeError(`pooled random bytes come 0 to ${pool.length} at a time`);
  }
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  poolOffset += size;
  return out;
}

// Last timestamp and 12-bit counter handed out by this process, so ids made within one millisecond
// (or while the clock steps back) still sort in creation order (RFC 9562 §6.2, method 1).
let lastMs = -1;
let counter = 0;

/** A clock that steps back further than this was reset (tests, manual correction): follow it. */
const MAX_BACKWARD_STEP_MS = 10_000;

function nextTimestampAndCounter(nowMs: number): { ms: number; seq: number } {
  if (nowMs > lastMs || nowMs < lastMs - MAX_BACKWARD_STEP_MS) {
    lastMs = nowMs;
    // Start low in the 12-bit space to leave room for many ids in the same millisecond.
    counter = pooledRandomBytes(1)[0] ?? 0;
  } else if (counter < 0xfff) {
    counter += 1;
  } else {
    lastMs += 1;
    counter = pooledRandomBytes(1)[0] ?? 0;
  }
  return { ms: lastMs, seq: counter };
}

/** A new time-ordered UUIDv7 in lower-case text: later calls sort after earlier ones. */
export function newId(clock: Clock = systemClock): string {
  const nowMs = Math.max(0, Math.min(Math.floor(clock.now().getTime()), 2 ** 48 - 1));
  const { ms, seq } = nextTimestampAndCounter(nowMs);
  const bytes = pooledRandomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True when `value` is a UUIDv7 as {@link newId} writes it. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7.test(value);
}

/** The creation time encoded in an id from {@link newId}. */
export function idTime(id: string): Date {
  if (!isId(id)) throw new RangeError(`not a payport id: ${JSON.stringify(String(id).slice(0, 40))}`);
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}
