/**
 * CSRF protection of the sign-in form, which is posted before any session exists (login CSRF would
 * sign a victim into the attacker's account). The browser gets a random nonce in a cookie and the form
 * an HMAC of it; a post is accepted only when both arrive and match, which another site cannot arrange.
 */
import { randomSecret } from '../../crypto/random.js';
import { signToken, verifyToken } from '../../crypto/tokens.js';

const PURPOSE = 'admin-sign-in-form';
const NONCE_FORMAT = /^[A-Za-z0-9_-]{22,128}$/;

/** A nonce for the cookie and the matching token for the form. */
export interface LoginCsrfPair {
  nonce: string;
  formToken: string;
}

/** A fresh pair, or the form token for an existing nonce cookie (so several open tabs keep working). */
export function issueLoginCsrf(secret: string, existingNonce?: unknown): LoginCsrfPair {
  const nonce =
    typeof existingNonce === 'string' && NONCE_FORMAT.test(existingNonce) ? existingNonce : randomSecret(16);
  return { nonce, formToken: signToken(secret, PURPOSE, { nonce }) };
}

/** True when the form token was issued for this cookie nonce. */
export function loginCsrfMatches(secret: string, nonce: unknown, formToken: unknown): boolean {
  if (typeof nonce !== 'string' || !NONCE_FORMAT.test(nonce)) return false;
  return verifyToken(secret, PURPOSE, { nonce }, formToken);
}
