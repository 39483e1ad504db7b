/**
 * The optional TOTP second factor of back-office users (S14, RFC 6238 through `otpauth`): 6 digits,
 * 30-second steps, one step of clock drift either way. The secret is sealed at rest with the secret box.
 * Enrollment carries the new secret in a signed form token until the user proves it with a code, so
 * nothing half-made is ever stored.
 */
import { Secret, TOTP } from 'otpauth';
import { signToken, verifyToken } from '../../crypto/tokens.js';
import { ValidationError } from '../../errors.js';
import type { UserRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';

const ISSUER = 'payport';
const PURPOSE = 'totp-enrollment';

function sealContext(userId: string): string {
  return `totp:${userId}`;
}

function totpOf(base32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(base32), digits: 6, period: 30 });
}

/** True when `code` is the current (or an adjacent step's) code for the base32 secret. */
export function totpCodeMatches(base32: string, code: unknown, now: Date): boolean {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.replace(/\s+/g, ''))) return false;
  const delta = totpOf(base32, 'check').validate({
    token: code.replace(/\s+/g, ''),
    timestamp: now.getTime(),
    window: 1,
  });
  return delta !== null;
}

/** A new secret for `user`, its otpauth:// URI (for authenticator apps) and the token the confirm form carries. */
export function beginTotpEnrollment(
  ctx: Pick<ServiceContext, 'secret'>,
  user: Pick<UserRecord, 'id' | 'email'>,
): { secret: string; uri: string; enrollmentToken: string } {
  const secret = new Secret({ size: 20 }).base32;
  return {
    secret,
    uri: totpOf(secret, user.email).toString(),
    enrollmentToken: signToken(ctx.secret, PURPOSE, { user: user.id, secret }),
  };
}

/** Confirms an enrollment with a code from the app and stores the sealed secret; ValidationError otherwise. */
export async function confirmTotpEnrollment(
  ctx: Pick<ServiceContext, 'secret' | 'secretBox' | 'store' | 'clock'>,
  user: Pick<UserRecord, 'id'>,
  input: { secret: unknown; enrollmentToken: unknown; code: unknown },
): Promise<void> {
  const secret = typeof input.secret === 'string' ? input.secret : '';
  if (!verifyToken(ctx.secret, PURPOSE, { user: user.id, secret }, input.enrollmentToken)) {
    throw new ValidationError('This setup form is not valid any more; start again.', [
      { field: 'code', message: 'start the setup again' },
    ]);
  }
  if (!totpCodeMatches(secret, input.code, ctx.clock.now())) {
    throw new ValidationError('The code does not match; check the time on your phone and try again.', [
      { field: 'code', message: 'does not match' },
    ]);
  }
  await ctx.store.repos.users.setTotpSecret(user.id, ctx.secretBox.seal(secret, sealContext(user.id)));
}

/** Whether the user's second factor accepts `code` now (users without one need none). */
export function secondFactorPasses(
  ctx: Pick<ServiceContext, 'secretBox' | 'clock'>,
  user: Pick<UserRecord, 'id' | 'totpSecretSealed'>,
  code: unknown,
): boolean {
  if (user.totpSecretSealed === null) return true;
  const secret = ctx.secretBox.open(user.totpSecretSealed, sealContext(user.id));
  return totpCodeMatches(secret, code, ctx.clock.now());
}
