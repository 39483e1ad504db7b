/**
 * Encryption at rest of provider credentials (SPEC S14): AES-256-GCM with a key derived from the payport
 * secret. A sealed value is text, `v1:<iv>:<tag>:<ciphertext>` (base64url), so it fits any text column
 * and names the scheme that made it. An optional context (e.g. `provider:<id>:accessCode`) is bound as
 * associated data, so a sealed value copied into another row or column does not open.
 */
import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import { PayportError } from '../errors.js';
import { deriveKey } from './keys.js';
import { pooledRandomBytes } from './random.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Why a sealed value could not be opened. */
export type SecretBoxFailure = 'malformed' | 'unsupported_version' | 'authentication_failed';

/** A sealed value that cannot be opened: not ours, from a newer version, altered, or another secret. */
export class SecretBoxError extends PayportError {
  readonly reason: SecretBoxFailure;
  /** Always a server-side problem: the stored data or the configured secret is wrong. */
  readonly statusCode = 500;
  constructor(reason: SecretBoxFailure, message: string, options?: { cause?: unknown }) {
    super('secret_box_error', message, options);
    this.reason = reason;
  }
}

/** Seals and opens text with one derived key. */
export interface SecretBox {
  /** Encrypts `plaintext`; each call uses a fresh random IV, so equal inputs give different outputs. */
  seal(plaintext: string, context?: string): string;
  /** Decrypts a value made by {@link SecretBox.seal} with the same secret, purpose and context. */
  open(sealed: string, context?: string): string;
}

/** True when `value` has the shape of a sealed value (says nothing about whether it opens). */
export function isSealed(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const parts = value.split(':');
  return parts.length === 4 && parts[0] === VERSION && parts.slice(1).every((p) => BASE64URL.test(p));
}

function decodeExact(text: string, bytes: number | null): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const decoded = Buffer.from(text, 'base64url');
  // Node ignores stray trailing bits; insisting on the canonical form makes every character count.
  if (decoded.toString('base64url') !== text) return null;
  if (bytes !== null && decoded.length !== bytes) return null;
  return decoded;
}

function associatedData(purpose: string, context: string | undefined): Buffer {
  return Buffer.from(`payport secret-box ${VERSION}\u0000${purpose}\u0000${context ?? ''}`, 'utf8');
}

/**
 * A secret box keyed by `secret` (the payport secret) for one `purpose`. Opening fails with a
 * {@link SecretBoxError} when the value was altered or sealed under another secret or purpose.
 */
export function createSecretBox(secret: string, purpose = 'credentials'): SecretBox {
  // Imported once: a raw key would be imported again on every seal and open.
  const key = createSecretKey(deriveKey(secret, `secret-box/${VERSION}/${purpose}`));
  return {
    seal(plaintext: string, context?: string): string {
      if (typeof plaintext !== 'string') throw new TypeError('only text can be sealed');
      // A fresh random IV per seal (what AES-GCM needs), from the pooled CSPRNG bytes.
      const iv = pooledRandomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(purpose, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join(':');
    },
    open(sealed: string, context?: string): string {
      const parts = typeof sealed === 'string' ? sealed.split(':') : [];
      const version = parts[0] ?? '';
      if (parts.length === 4 && version !== VERSION && /^v\d+$/.test(version)) {
        throw new SecretBoxError(
          'unsupported_version',
          `sealed value uses scheme ${version}, which this payport version cannot open (it knows ${VERSION}); upgrade payport`,
        );
      }
      const iv = parts.length === 4 && version === VERSION ? decodeExact(parts[1] ?? '', IV_BYTES) : null;
      const tag = iv ? decodeExact(parts[2] ?? '', TAG_BYTES) : null;
      const ciphertext = tag ? decodeExact(parts[3] ?? '', null) : null;
      if (!iv || !tag || !ciphertext) {
        throw new SecretBoxError(
          'malformed',
          `not a sealed value: expected "${VERSION}:<iv>:<tag>:<ciphertext>" in base64url; the stored value is damaged or was never encrypted`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(associatedData(purpose, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new SecretBoxError(
          'authentication_failed',
          'cannot decrypt a stored secret: PAYPORT_SECRET differs from the one it was encrypted with, or the value was altered',
          { cause },
        );
      }
    },
  };
}
