/**
 * APS request/response signatures (reference §3, decisions S17).
 *
 * Signing string: every parameter except `signature`, sorted by name in byte order, rendered
 * `name=value` and concatenated, wrapped in the SHA phrase on both sides. Values are used exactly as
 * given: never trimmed, never re-encoded; empty values are signed as `name=`. Nested objects render as
 * `{k=v, k2=v2}` in their own order and lists as `[a, b]` (Apple Pay and reporting fields).
 */
import * as crypto from 'node:crypto';

/** The SHA types the APS back office offers ("SHA-128" is SHA-1). */
export const SHA_TYPES = ['sha256', 'sha512', 'sha1', 'hmac256', 'hmac512'] as const;
/** One of {@link SHA_TYPES}. */
export type ShaType = (typeof SHA_TYPES)[number];

/** A value that can appear in a signed APS message. */
export type SignableValue =
  string | number | boolean | null | SignableValue[] | { [key: string]: SignableValue };

/** Parameters of one APS message. */
export type SignableParams = Readonly<Record<string, SignableValue>>;

/** True when `value` names a supported SHA type. */
export function isShaType(value: unknown): value is ShaType {
  return typeof value === 'string' && (SHA_TYPES as readonly string[]).includes(value);
}

/**
 * A value as the signature renders it (§3.3): nested arrays as `[a, b]`, objects as `{k=v, k=v}`, null
 * and undefined as nothing. Also how a nested answer is flattened to a field that verifies like the original.
 */
export function renderSignedValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(renderSignedValue).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${renderSignedValue(v)}`)
      .join(', ')}}`;
  }
  return String(value as string | number | boolean);
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** Up to this many names are sorted by insertion (fast for a message's dozen); more go to Array#sort. */
const INSERTION_SORT_MAX = 32;

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The signed names of one set of fields, in signing order, each with its `name=` rendered once. */
interface NameOrder {
  /** The fields' names as `Object.keys` gave them (the cache's key). */
  readonly keys: readonly string[];
  readonly names: readonly string[];
  readonly prefixes: readonly string[];
}

/** The order of the last message's names: APS sends every message of a kind with the same fields. */
let last: NameOrder = { keys: [], names: [], prefixes: [] };

/**
 * The names of `params` except `signature`, in UTF-8 byte order, with their `name=` prefixes. Messages of
 * one kind come with the same names in the same order, so the previous message's order is reused when
 * the names are the same (property names are interned: comparing them is cheap); otherwise the names are
 * sorted by insertion (for a dozen fields several times faster than Array#sort with a comparator).
 * Without surrogate pairs JavaScript's UTF-16 order is the code point order, which is UTF-8's byte
 * order; names with characters beyond the BMP are compared as bytes.
 */
function nameOrder(params: SignableParams): NameOrder {
  const keys = Object.keys(params);
  if (sameNames(keys, last.keys)) return last;
  let names: string[] = [];
  for (let i = 0; i < keys.length; i++) if (keys[i] !== 'signature') names.push(keys[i]!);
  const count = names.length;
  if (names.some((name) => SURROGATE.test(name))) names = inByteOrder(names);
  else if (count > INSERTION_SORT_MAX) names.sort(byCodeUnit);
  else {
    for (let i = 1; i < count; i++) {
      const name = names[i]!;
      let j = i - 1;
      while (j >= 0 && names[j]! > name) {
        names[j + 1] = names[j]!;
        j--;
      }
      names[j + 1] = name;
    }
  }
  last = { keys, names, prefixes: names.map((name) => `${name}=`) };
  return last;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inByteOrder(names: readonly string[]): string[] {
  return names
    .map((name) => ({ name, bytes: Buffer.from(name, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ name }) => name);
}

/** The exact string that is hashed: phrase + sorted `name=value` pairs + phrase. */
export function signingString(params: SignableParams, phrase: string): string {
  const { names, prefixes } = nameOrder(params);
  let text = phrase;
  for (let i = 0; i < names.length; i++) {
    const value = params[names[i]!] as SignableValue;
    text += prefixes[i]!;
    text += typeof value === 'string' ? value : renderSignedValue(value);
  }
  return text + phrase;
}

/**
 * node:crypto's one-shot digest (Node.js 20.12 and later): no Hash object per message, about twice as
 * fast as `createHash(…).update(…).digest(…)` for a message's few hundred bytes.
 */
const oneShot: typeof crypto.hash | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

function plainDigest(algorithm: 'sha256' | 'sha512' | 'sha1', text: string): string {
  return oneShot
    ? oneShot(algorithm, text, 'hex')
    : crypto.createHash(algorithm).update(text, 'utf8').digest('hex');
}

/** The SHA-256 digest of a text's UTF-8 bytes (for comparing secrets in constant time). */
export function sha256Bytes(text: string): Buffer {
  return oneShot
    ? oneShot('sha256', text, 'buffer')
    : crypto.createHash('sha256').update(text, 'utf8').digest();
}

/** Hashes a signing string with the given SHA type; lower-case hex. */
export function digest(text: string, phrase: string, shaType: ShaType): string {
  switch (shaType) {
    case 'sha256':
    case 'sha512':
    case 'sha1':
      return plainDigest(shaType, text);
    case 'hmac256':
      return crypto.createHmac('sha256', Buffer.from(phrase, 'utf8')).update(text, 'utf8').digest('hex');
    case 'hmac512':
      return crypto.createHmac('sha512', Buffer.from(phrase, 'utf8')).update(text, 'utf8').digest('hex');
  }
}

/** The signature of `params` with `phrase` (lower-case hex). */
export function computeSignature(
  params: SignableParams,
  phrase: string,
  shaType: ShaType = 'sha256',
): string {
  return digest(signingString(params, phrase), phrase, shaType);
}

/** Returns a copy of `params` with its `signature` field set. */
export function sign<T extends SignableParams>(
  params: T,
  phrase: string,
  shaType: ShaType = 'sha256',
): T & { signature: string } {
  return { ...params, signature: computeSignature(params, phrase, shaType) };
}

/** Result of {@link verifySignature}: `expected` and `signingString` help diagnose "00008". */
export interface VerificationResult {
  valid: boolean;
  /** Why it is invalid: no `signature` field, or a different digest. */
  reason?: 'missing' | 'mismatch';
  expected: string;
  signingString: string;
}

/**
 * Compares a received hex signature with an expected lower-case hex digest, ignoring the received
 * one's case, in constant time for equal lengths: every character is compared, differences are
 * accumulated, nothing returns early. (Only the received text, which the sender knows, decides the case
 * folding.) Without the two buffers `timingSafeEqual` needs, per message.
 */
function receivedMatches(received: string, expected: string): boolean {
  if (received.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) {
    const code = received.charCodeAt(i);
    // 'A'–'Z' folded to lower case without a branch: (0x40 - code) and (code - 0x5b) are both negative
    // only for 0x41–0x5a, so their AND's sign bit is the "is upper case" bit, shifted to 0x20.
    const folded = code + ((((0x40 - code) & (code - 0x5b)) >>> 31) << 5);
    difference |= folded ^ expected.charCodeAt(i);
  }
  return difference === 0;
}

/** Recomputes the signature over exactly the received fields and compares it with `signature`. */
export function verifySignature(
  params: SignableParams,
  phrase: string,
  shaType: ShaType = 'sha256',
): VerificationResult {
  const text = signingString(params, phrase);
  const expected = digest(text, phrase, shaType);
  const received = params.signature;
  if (typeof received !== 'string' || received.length === 0) {
    return { valid: false, reason: 'missing', expected, signingString: text };
  }
  return receivedMatches(received, expected)
    ? { valid: true, expected, signingString: text }
    : { valid: false, reason: 'mismatch', expected, signingString: text };
}

/**
 * Card fields a Merchant Page 2.0 tokenization form posts but leaves out of its signature (reference
 * §3.3): the browser adds them after the merchant signed the request.
 */
export const TOKENIZATION_UNSIGNED_FIELDS: readonly string[] = Object.freeze([
  'card_security_code',
  'card_number',
  'expiry_date',
  'card_holder_name',
  'remember_me',
]);

/** A copy of `params` without {@link TOKENIZATION_UNSIGNED_FIELDS}, i.e. the fields that are signed. */
export function tokenizationSignedFields(params: SignableParams): Record<string, SignableValue> {
  return Object.fromEntries(
    Object.entries(params).filter(([name]) => !TOKENIZATION_UNSIGNED_FIELDS.includes(name)),
  );
}
