/** Random identifiers and credentials the simulator hands out, all from `node:crypto`. */
import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A random string of ASCII letters and digits (access codes, SHA phrases). */
export function randomAlphanumeric(length: number): string {
  return randomFrom(ALPHANUMERIC, length);
}

/** A merchant identifier shaped like APS' (eight letters, e.g. `CycHZxVj`). */
export function newMerchantIdentifier(): string {
  return randomFrom(LETTERS, 8);
}

/** An access code shaped like APS' (20 letters and digits). */
export function newAccessCode(): string {
  return randomAlphanumeric(20);
}

/** A SHA phrase: 24 letters and digits, easy to paste into a shell or a form. */
export function newShaPhrase(): string {
  return randomAlphanumeric(24);
}

/** An 18-digit APS `fort_id` (never starting with 0, so it survives a numeric round trip). */
export function newFortId(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 17 }, () => String(randomInt(10))).join('');
}

/** A six-digit authorization code as an issuer would return it. */
export function newAuthorizationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The one-time password the simulated 3-D Secure page asks for. */
export function newOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** An unguessable id (hosted-page sessions, deliveries, CSP nonces). */
export function newOpaqueId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}
