/**
 * What an APS message code means for the customer whose payment failed (S21): the bank declined, the
 * card details were not accepted, the customer cancelled, or another reason. Customer pages show the
 * kind in their own words; APS' `response_message` ("Invalid parameter format") is for operators.
 */
import type { FailureKind, ProviderMessage } from '../provider.js';
import { splitResponseCode } from './codes.js';
import { MESSAGE } from './message-codes.js';
import { interpretOutcome } from './outcome.js';

/** Message codes by which the issuing bank (or its fraud and 3-D Secure checks) refused the payment. */
const DECLINED: ReadonlySet<string> = new Set([
  MESSAGE.DECLINED,
  MESSAGE.INSUFFICIENT_FUNDS,
  MESSAGE.AUTHENTICATION_FAILED,
  MESSAGE.FRAUD_CHALLENGED,
  MESSAGE.BLOCKED_BY_FRAUD_CHECK,
  '057', // daily limit exceeded
  '058', // per-transaction limit exceeded
  '787', // failed to authenticate the user
]);

/** Message codes by which the card details the customer typed were refused. */
const CARD_REJECTED: ReadonlySet<string> = new Set([
  MESSAGE.INVALID_FORMAT,
  MESSAGE.CARD_EXPIRED,
  MESSAGE.INVALID_CARD_NUMBER,
  MESSAGE.INVALID_LENGTH,
  MESSAGE.INVALID_EXPIRY_DATE,
  '031', // invalid issuer
  '087', // card BIN does not match the accepted issuer
  '121', // card number is not verified
]);

/** The customer-facing kind of a three-digit message code of a failed payment. */
export function failureKindOfCode(messageCode: string): FailureKind {
  if (messageCode === MESSAGE.CANCELLED_BY_CUSTOMER) return 'cancelled';
  if (DECLINED.has(messageCode)) return 'declined';
  if (CARD_REJECTED.has(messageCode)) return 'card_rejected';
  return 'other';
}

/** Why the payment this message reports failed or was cancelled; null when it reports neither. */
export function failureKind(message: ProviderMessage): FailureKind | null {
  const outcome = interpretOutcome(message);
  if (outcome.operation !== 'payment') return null;
  if (outcome.targetState !== 'error' && outcome.targetState !== 'cancel') return null;
  const code = splitResponseCode(outcome.responseCode)?.messageCode;
  return code === undefined ? 'other' : failureKindOfCode(code);
}
