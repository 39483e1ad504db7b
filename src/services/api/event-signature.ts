/**
 * The `Payport-Signature` header of delivered events (S12): `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" keyed with the endpoint secret>`. Receivers verify it with {@link verifyEventSignature}
 * (or the same few lines in their own language, see docs/api.md).
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../crypto/compare.js';

/** The header's name. */
export const SIGNATURE_HEADER = 'Payport-Signature';

/** Receivers should refuse signatures older (or newer) than this: it bounds replays. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Hex HMAC-SHA256 of `<timestamp>.<body>` with `secret`. */
export function eventSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` signed at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${eventSignature(secret, timestamp, body)}`;
}

/** Why a signature was refused, in words a receiver's developer can act on. */
export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: string };

/**
 * Checks a `Payport-Signature` header against the raw request body (the exact bytes, not re-serialised
 * JSON), within `toleranceSeconds` of `now`. Any `v1` entry may match (several appear while a secret rotates).
 */
export function verifyEventSignature(
  header: string | undefined,
  body: string,
  secret: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): SignatureCheck {
  if (!header) return { valid: false, reason: `the ${SIGNATURE_HEADER} header is missing` };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value !== undefined) candidates.push(value);
  }
  if (timestamp === undefined) return { valid: false, reason: 'the header has no t=<unix seconds> part' };
  if (candidates.length === 0) return { valid: false, reason: 'the header has no v1=<signature> part' };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - timestamp) > tolerance) {
    return {
      valid: false,
      reason: `the timestamp is more than ${tolerance} seconds away from now (replayed or clock skew)`,
    };
  }
  const expected = eventSignature(secret, timestamp, body);
  if (!candidates.some((candidate) => constantTimeEqual(candidate, expected))) {
    return {
      valid: false,
      reason: 'no v1 signature matches: check the endpoint secret and sign the raw body',
    };
  }
  return { valid: true, timestamp };
}
