/**
 * Transaction references: what APS receives as `merchant_reference`, so only `[A-Za-z0-9_-]` and at most
 * 40 characters. They are unique without asking the database: a fixed-width base36 millisecond timestamp
 * (so references of one prefix sort by creation time) followed by 12 random base36 characters (62 bits).
 * A merchant order reference such as `INV/2026/0042` may seed a readable prefix (`INV-2026-0042-…`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import { ValidationError } from '../errors.js';
import { quoteInput as quote } from './quote.js';
import { isChildOperation, type ChildOperation } from './transaction-state.js';

/** APS' limit on `merchant_reference`. */
export const REFERENCE_MAX_LENGTH = 40;

const SAFE_REFERENCE = /^[A-Za-z0-9_-]+$/;
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** 36^9 ms reaches the year 5188, so the width never changes and text order stays time order. */
const TIME_WIDTH = 9;
const RANDOM_WIDTH = 12;
const CORE_LENGTH = TIME_WIDTH + RANDOM_WIDTH;
/** Room left for a prefix and its `-` separator. */
export const REFERENCE_PREFIX_MAX_LENGTH = REFERENCE_MAX_LENGTH - CORE_LENGTH - 1;

const CHILD_LETTER: Readonly<Record<ChildOperation, string>> = { capture: 'C', void: 'V', refund: 'R' };
/** Largest child number; keeps the suffix (`-R999999`) at most 8 characters. */
export const MAX_CHILD_NUMBER = 999_999;
const MAX_SUFFIX_LENGTH = 8;
const HASH_LENGTH = 11;
const SHORT_HEAD_LENGTH = REFERENCE_MAX_LENGTH - MAX_SUFFIX_LENGTH - 1 - HASH_LENGTH;

/** True when `value` can be sent to APS as a reference: 1–40 characters of `[A-Za-z0-9_-]`. */
export function isSafeReference(value: unknown): value is string {
  return typeof value === 'string' && value.length <= REFERENCE_MAX_LENGTH && SAFE_REFERENCE.test(value);
}

/** Returns `value` when it is a safe reference; otherwise a ValidationError naming `field`. */
export function assertSafeReference(value: unknown, field = 'reference'): string {
  if (isSafeReference(value)) return value;
  const message = `must be 1 to ${REFERENCE_MAX_LENGTH} characters of letters, digits, "-" and "_"`;
  const got = typeof value === 'string' ? ` (got ${quote(value)})` : '';
  throw new ValidationError(`${field} ${message}${got}`, [{ field, message }]);
}

/**
 * Turns a merchant order reference into a reference prefix: accents dropped, every run of other
 * characters becomes one `-`, separators trimmed, cut to `maxLength`. May return `''`.
 */
export function sanitizeReferencePrefix(
  orderReference: string,
  maxLength = REFERENCE_PREFIX_MAX_LENGTH,
): string {
  const ascii = orderReference.normalize('NFKD').replace(/\p{M}/gu, '');
  const dashed = ascii
    .replace(/[^A-Za-z0-9_]+/g, '-')
    .replace(/[-_]*-[-_]*/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return dashed.slice(0, Math.max(0, maxLength)).replace(/[-_]+$/, '');
}

/** `count` uniformly random base36 characters (rejection sampling: no modulo bias). */
function randomBase36(count: number): string {
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < 252) out += BASE36[byte % 36];
      if (out.length === count) break;
    }
  }
  return out;
}

function timePart(clock: Clock): string {
  const ms = Math.max(0, Math.floor(clock.now().getTime()));
  return ms.toString(36).toUpperCase().padStart(TIME_WIDTH, '0').slice(-TIME_WIDTH);
}

/** Options of {@link generateReference}. */
export interface ReferenceOptions {
  /** The merchant's order reference, used (sanitised) as a readable prefix. */
  orderReference?: string | null | undefined;
  clock?: Clock;
}

/** A new unique transaction reference, e.g. `INV-2026-0042-0MHX3K2P0A7Q4ZB8C1D9E`. */
export function generateReference(options: ReferenceOptions = {}): string {
  const core = timePart(options.clock ?? systemClock) + randomBase36(RANDOM_WIDTH);
  const prefix = options.orderReference ? sanitizeReferencePrefix(options.orderReference) : '';
  return prefix === '' ? core : `${prefix}-${core}`;
}

function shortHash(text: string): string {
  const value = BigInt(`0x${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 14)}`);
  return value.toString(36).toUpperCase().padStart(HASH_LENGTH, '0').slice(-HASH_LENGTH);
}

/**
 * The reference of the `n`-th capture, void or refund of `parentReference`: `<parent>-C1`, `-V1`, `-R2`.
 * Deterministic, so a retried request reuses it. A parent too long for the suffix keeps its first 20
 * characters plus a hash of the whole, so distinct parents still give distinct children.
 */
export function childReference(parentReference: string, operation: ChildOperation, n: number): string {
  assertSafeReference(parentReference, 'parentReference');
  if (!isChildOperation(operation)) {
    const message = 'must be capture, void or refund';
    throw new ValidationError(`operation ${message}`, [{ field: 'operation', message }]);
  }
  if (!Number.isInteger(n) || n < 1 || n > MAX_CHILD_NUMBER) {
    const message = `must be an integer from 1 to ${MAX_CHILD_NUMBER}`;
    throw new ValidationError(`child number ${message}, got ${String(n)}`, [{ field: 'n', message }]);
  }
  const suffix = `-${CHILD_LETTER[operation]}${n}`;
  if (parentReference.length + suffix.length <= REFERENCE_MAX_LENGTH) return parentReference + suffix;
  const head = parentReference.slice(0, SHORT_HEAD_LENGTH).replace(/[-_]+$/, '');
  return `${head}-${shortHash(parentReference)}${suffix}`;
}
