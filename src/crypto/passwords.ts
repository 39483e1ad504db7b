/**
 * Back-office passwords (SPEC S11): scrypt hashes in a self-describing text format,
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url), so the cost can be raised later
 * without breaking stored hashes ({@link needsRehash} says when to re-hash at the next sign-in).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PayportError, ValidationError } from '../errors.js';
import { randomString } from './random.js';

/** Cost parameters of scrypt. */
export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** Today's cost: N=2^15, r=8, p=1 (≈32 MiB, tens of milliseconds per hash). */
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
/** Longest accepted password; beyond it hashing becomes a denial-of-service lever. */
export const MAX_PASSWORD_LENGTH = 1024;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A stored password hash that cannot be read; the user record needs a password reset. */
export class PasswordHashFormatError extends PayportError {
  readonly statusCode = 500;
  constructor(message: string) {
    super('password_hash_invalid', message);
  }
}

function scryptAsync(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    maxmem: 256 * cost.N * cost.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function checkCost(cost: ScryptCost): boolean {
  const { N, r, p } = cost;
  const powerOfTwo = Number.isSafeInteger(N) && N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0;
  return (
    powerOfTwo && Number.isSafeInteger(r) && r >= 1 && r <= 32 && Number.isSafeInteger(p) && p >= 1 && p <= 16
  );
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  const [scheme, n, r, p, salt, hash] = parts;
  const numeric = [n, r, p].every((x) => x !== undefined && /^[1-9]\d{0,9}$/.test(x));
  if (
    parts.length !== 6 ||
    scheme !== 'scrypt' ||
    !numeric ||
    !BASE64URL.test(salt ?? '') ||
    !BASE64URL.test(hash ?? '')
  ) {
    throw new PasswordHashFormatError('stored password hash is not in the form scrypt$N$r$p$salt$hash');
  }
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  // Bounds stop a tampered record from making sign-in allocate gigabytes.
  if (!checkCost(cost))
    throw new PasswordHashFormatError('stored password hash has out-of-range scrypt parameters');
  const saltBytes = Buffer.from(salt ?? '', 'base64url');
  const hashBytes = Buffer.from(hash ?? '', 'base64url');
  if (saltBytes.length < 8 || hashBytes.length < 16 || hashBytes.length > 64) {
    throw new PasswordHashFormatError('stored password hash has a salt or hash of the wrong size');
  }
  return { cost, salt: saltBytes, hash: hashBytes };
}

/** Hashes a new password; refuses an empty or over-long one with a ValidationError. */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  if (typeof password !== 'string' || password === '') {
    throw new ValidationError('password is required', [{ field: 'password', message: 'is required' }]);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    const message = `must be at most ${MAX_PASSWORD_LENGTH} characters`;
    throw new ValidationError(`password ${message}`, [{ field: 'password', message }]);
  }
  if (!checkCost(cost))
    throw new RangeError('scrypt cost out of range (N: power of two 2^10..2^20, r ≤ 32, p ≤ 16)');
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, cost, HASH_BYTES);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * True when `password` matches `stored`, compared in constant time. Throws
 * {@link PasswordHashFormatError} when `stored` is not a hash this module wrote.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH) return false;
  const candidate = await scryptAsync(password, parsed.salt, parsed.cost, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when `stored` was made with a lower cost than `cost` and should be re-hashed at next sign-in. */
export function needsRehash(stored: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): boolean {
  const parsed = parseHash(stored);
  return parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

// No 0/O, 1/l/I, so a password read aloud or copied by hand survives.
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random readable password: four groups of five characters, e.g. `k7mqz-x9frt-2bnwe-hp4sa` (~99 bits). */
export function generatePassword(): string {
  return Array.from({ length: 4 }, () => randomString(READABLE, 5)).join('-');
}
