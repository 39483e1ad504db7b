/**
 * The APS Apple Pay purchase (reference aps-round2 §4, SPEC S19): the Apple Pay token goes to APS
 * server-to-server with `digital_wallet=APPLE_PAY`, the token's data and signature, and two nested
 * objects — `apple_header` and `apple_paymentMethod` — whose keys are Apple's with an `apple_` prefix.
 * The whole message is signed with the Apple Pay request phrase; the nested objects render as
 * `name={k1=v1, k2=v2, k3=v3}` in the order they are sent (reference §3.3), and the JSON body keeps
 * that very order, so APS rebuilds the same string whichever way it reads it.
 */
import { ValidationError } from '../../errors.js';
import type { ApplePayCharge, ProviderAccount } from '../provider.js';
import { validateRequestFields } from './fields.js';
import { apsLanguage, paymentCommand, toValidationError } from './redirect.js';
import { computeSignature, type SignableValue } from './signature.js';

/** The Apple Pay purchase as sent: flat fields plus the two nested objects. */
export type ApplePayRequest = Record<string, string | Record<string, string>>;

const TOKEN_TEXT = /^[\x20-\x7E]{1,8192}$/;

function tokenText(value: unknown, path: string, max = 8192): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !TOKEN_TEXT.test(value)) {
    throw new ValidationError(`The Apple Pay token is malformed: ${path} is missing or not text.`, [
      { field: `token.${path}`, message: 'is missing or malformed' },
    ]);
  }
  return value;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`The Apple Pay token is malformed: ${path} is missing.`, [
      { field: `token.${path}`, message: 'is missing or not an object' },
    ]);
  }
  return value as Record<string, unknown>;
}

/** The parts of an Apple Pay token (ApplePayPayment.token) APS needs, checked for shape. */
export interface ApplePayTokenParts {
  data: string;
  signature: string;
  header: { ephemeralPublicKey: string; publicKeyHash: string; transactionId: string };
  paymentMethod: { displayName: string; network: string; type: string };
}

/**
 * Reads Apple's payment token (`{paymentData: {version, data, signature, header: {…}}, paymentMethod:
 * {…}, transactionIdentifier}`); only EC_v1 tokens are taken (APS' documented case). Throws
 * ValidationError naming the first bad part.
 */
export function readApplePayToken(token: unknown): ApplePayTokenParts {
  const root = object(token, 'token');
  const paymentData = object(root.paymentData, 'paymentData');
  if (paymentData.version !== 'EC_v1') {
    throw new ValidationError('The Apple Pay token is not an EC_v1 token.', [
      { field: 'token.paymentData.version', message: 'must be EC_v1' },
    ]);
  }
  const header = object(paymentData.header, 'paymentData.header');
  const method = object(root.paymentMethod, 'paymentMethod');
  return {
    data: tokenText(paymentData.data, 'paymentData.data'),
    signature: tokenText(paymentData.signature, 'paymentData.signature'),
    header: {
      ephemeralPublicKey: tokenText(header.ephemeralPublicKey, 'paymentData.header.ephemeralPublicKey', 512),
      publicKeyHash: tokenText(header.publicKeyHash, 'paymentData.header.publicKeyHash', 512),
      transactionId: tokenText(header.transactionId, 'paymentData.header.transactionId', 512),
    },
    paymentMethod: {
      displayName: tokenText(method.displayName, 'paymentMethod.displayName', 100),
      network: tokenText(method.network, 'paymentMethod.network', 50),
      type: tokenText(method.type, 'paymentMethod.type', 50),
    },
  };
}

/**
 * The signed Apple Pay purchase for one transaction. `account` must be the Apple Pay account (its
 * access code and phrases). Inner keys follow Apple's token order (ephemeralPublicKey, publicKeyHash,
 * transactionId / displayName, network, type), as the .NET SDK and SFCC send them.
 */
export function buildApplePayRequest(account: ProviderAccount, charge: ApplePayCharge): ApplePayRequest {
  const { transaction } = charge;
  const token = readApplePayToken(charge.token);
  if (!Number.isSafeInteger(transaction.amountMinor) || transaction.amountMinor <= 0) {
    throw new ValidationError('the amount must be a positive whole number of minor units', [
      { field: 'amountMinor', message: `got ${String(transaction.amountMinor)}` },
    ]);
  }
  const flat: Record<string, string> = {
    digital_wallet: 'APPLE_PAY',
    command: paymentCommand(account, charge.methodAllowsAuthorization, charge.captureMethod),
    access_code: account.accessCode,
    merchant_identifier: account.merchantIdentifier,
    merchant_reference: transaction.reference,
    amount: String(transaction.amountMinor),
    currency: transaction.currency,
    language: apsLanguage(transaction.customer.lang),
    customer_email: transaction.customer.email,
    ...(charge.customerIp ? { customer_ip: charge.customerIp } : {}),
    ...(transaction.customer.name ? { customer_name: transaction.customer.name.slice(0, 40) } : {}),
  };
  const problems = validateRequestFields(flat.command as string, { ...flat, signature: 'x' });
  if (problems.length > 0) throw toValidationError(`Apple Pay payment ${transaction.reference}`, problems);
  const request: ApplePayRequest = {
    ...flat,
    apple_data: token.data,
    apple_signature: token.signature,
    apple_header: {
      apple_ephemeralPublicKey: token.header.ephemeralPublicKey,
      apple_publicKeyHash: token.header.publicKeyHash,
      apple_transactionId: token.header.transactionId,
    },
    apple_paymentMethod: {
      apple_displayName: token.paymentMethod.displayName,
      apple_network: token.paymentMethod.network,
      apple_type: token.paymentMethod.type,
    },
  };
  request.signature = computeSignature(
    request as Record<string, SignableValue>,
    account.shaRequestPhrase,
    account.shaType,
  );
  return request;
}
