/** Derivation of purpose-specific keys from the one payport secret (PAYPORT_SECRET). */
import { hkdfSync } from 'node:crypto';
import { ConfigError } from '../errors.js';

/** Shortest accepted payport secret, as enforced by the configuration. */
export const MIN_SECRET_LENGTH = 32;

const SALT = Buffer.from('payport/v1', 'utf8');

/**
 * A `length`-byte key for one purpose (HKDF-SHA256). Distinct labels give independent keys, so the
 * encryption key and the token-signing key never coincide even though both come from one secret.
 */
export function deriveKey(secret: string, label: string, length = 32): Buffer {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('PAYPORT_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (label === '') throw new RangeError('a key label is required');
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, Buffer.from(label, 'utf8'), length),
  );
}
