/**
 * SPEC S7 steps 3 and 4 as pure functions: is an APS message authentic, is it APS refusing our own
 * request, and does it match the account and transaction it claims to be about. Plus the masking
 * applied before a message is written to the notification log.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MessageMismatch, ProviderAccount, ProviderMessage, TransactionSnapshot } from '../provider.js';
import { STATUS } from './status-codes.js';
import { sha256Bytes, verifySignature, type ShaType, type VerificationResult } from './signature.js';

/** Verifies a received message with the response phrase over every field except `signature`. */
export function verifyMessage(
  fields: ProviderMessage,
  responsePhrase: string,
  shaType: ShaType,
): VerificationResult {
  return verifySignature(fields, responsePhrase, shaType);
}

/**
 * True for an unsigned `status=00` message: APS refusing payport's request (reference §4.1, §10.12).
 * It is never proof of tampering and never a success; it changes no transaction.
 */
export function isApsRejection(fields: ProviderMessage): boolean {
  return fields.status === STATUS.INVALID_REQUEST && (fields.signature ?? '') === '';
}

function secretEquals(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the secret.
  return timingSafeEqual(sha256Bytes(a), sha256Bytes(b));
}

/** Whether a message of this command must carry the amount and currency it moved. */
function carriesAmount(fields: ProviderMessage): 'required' | 'when-present' | 'no' {
  if (fields.query_command === 'CHECK_STATUS') return 'no';
  if (fields.command === 'VOID_AUTHORIZATION') return 'when-present';
  // A signed refusal (status 00) may lack fields it should echo; its amount proves nothing either way.
  if (fields.status === STATUS.INVALID_REQUEST) return 'when-present';
  return 'required';
}

function sameAmount(received: string, expectedMinor: number): boolean {
  return /^\d{1,15}$/.test(received) && Number(received) === expectedMinor;
}

/**
 * Every way a message disagrees with the account (merchant identifier, access code) and, when given,
 * the transaction (amount in minor units, currency). Messages never quote the access code.
 */
export function checkMessageMatches(
  fields: ProviderMessage,
  account: Pick<ProviderAccount, 'merchantIdentifier' | 'accessCode'>,
  transaction?: Pick<TransactionSnapshot, 'amountMinor' | 'currency'>,
): MessageMismatch[] {
  const mismatches: MessageMismatch[] = [];
  const merchant = fields.merchant_identifier;
  if (merchant !== account.merchantIdentifier) {
    mismatches.push({
      field: 'merchantIdentifier',
      message:
        merchant === undefined
          ? 'merchant identifier missing from the message'
          : `merchant identifier mismatch: expected ${account.merchantIdentifier}, received ${merchant}`,
    });
  }
  const accessCode = fields.access_code;
  if (accessCode === undefined || !secretEquals(accessCode, account.accessCode)) {
    mismatches.push({
      field: 'accessCode',
      message:
        accessCode === undefined
          ? 'access code missing from the message'
          : 'access code mismatch: the message carries another access code than the provider',
    });
  }
  if (transaction === undefined) return mismatches;
  const rule = carriesAmount(fields);
  if (rule === 'no') return mismatches;
  const { amount, currency } = fields;
  if (amount !== undefined || rule === 'required') {
    if (amount === undefined)
      mismatches.push({ field: 'amount', message: 'amount missing from the message' });
    else if (!sameAmount(amount, transaction.amountMinor)) {
      mismatches.push({
        field: 'amount',
        message: `amount mismatch: expected ${transaction.amountMinor}, received ${amount}`,
      });
    }
  }
  if (currency !== undefined || rule === 'required') {
    if (currency === undefined)
      mismatches.push({ field: 'currency', message: 'currency missing from the message' });
    else if (currency !== transaction.currency) {
      mismatches.push({
        field: 'currency',
        message: `currency mismatch: expected ${transaction.currency}, received ${currency}`,
      });
    }
  }
  return mismatches;
}

const MASK = '[masked]';
/** Fields that are secrets or card data outright. */
const MASKED_FIELDS = new Set([
  'signature',
  'access_code',
  'card_security_code',
  'expiry_date',
  'token_name',
  'card_holder_name',
  'otp',
]);
/** Name parts that mark a field as carrying a secret, whatever the provider calls it. */
const SECRET_WORDS = new Set([
  'phrase',
  'secret',
  'password',
  'passwd',
  'pin',
  'cvv',
  'cvc',
  'otp',
  'token',
  'key',
]);

/** What {@link looksSecret} answered per field name (APS' names are few; at most this many are kept). */
const SECRET_NAMES = new Map<string, boolean>();
const SECRET_NAMES_KEPT = 1024;

function looksSecret(name: string): boolean {
  let secret = SECRET_NAMES.get(name);
  if (secret === undefined) {
    secret = nameLooksSecret(name);
    if (SECRET_NAMES.size < SECRET_NAMES_KEPT) SECRET_NAMES.set(name, secret);
  }
  return secret;
}

function nameLooksSecret(name: string): boolean {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

/** Card numbers keep their last four digits only (SPEC S14: brand and last four, never more). */
function maskCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 4 ? `${'*'.repeat(Math.max(value.length - 4, 0))}${digits.slice(-4)}` : MASK;
}

/** A copy of an APS message safe for the notification log: secrets and card data masked. */
export function maskPayload(fields: ProviderMessage): ProviderMessage {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]): [string, string] => {
      if (value === '') return [name, value];
      if (name === 'card_number') return [name, maskCardNumber(value)];
      if (MASKED_FIELDS.has(name) || looksSecret(name)) return [name, MASK];
      return [name, value];
    }),
  );
}
