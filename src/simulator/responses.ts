/**
 * The fields of APS answers: the echo of a request, the payment response of reference §4.1 (also the
 * Direct Transaction Feedback and Notification payload), refusals with status `00`, and signing with
 * the account's response phrase (or a deliberately broken signature when a fault asks for one).
 */
import { sign } from '../providers/aps/signature.js';
import { corruptSignature } from './faults.js';
import { responseMessage, toLanguage, type Language } from './messages.js';
import type { MerchantAccount, SimTransaction } from './model.js';

/** APS answer fields: names to string values. */
export type Fields = Record<string, string>;

/** A request body as a flat record, or undefined when it is not an object of parameters. */
export function asParams(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return Object.fromEntries(Object.entries(body));
}

/**
 * The request parameters an answer echoes: every scalar except `signature`, as text; a repeated form
 * field echoes its first value.
 */
export function echoOf(params: Readonly<Record<string, unknown>>): Fields {
  const echo: Fields = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'signature') continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') echo[name] = first;
    else if (typeof first === 'number' && Number.isFinite(first)) echo[name] = String(first);
  }
  return echo;
}

/** `status`, `response_code` and `response_message` for a status and message code. */
export function resultFields(status: string, messageCode: string, language: Language): Fields {
  return {
    status,
    response_code: `${status}${messageCode}`,
    response_message: responseMessage(messageCode, language),
  };
}

/** An unsigned refusal (status `00`) echoing what was received, the way APS refuses a bad request. */
export function refusalFields(params: Readonly<Record<string, unknown>>, messageCode: string): Fields {
  const language = toLanguage(typeof params.language === 'string' ? params.language : undefined);
  return { ...echoOf(params), ...resultFields('00', messageCode, language) };
}

/** The response fields of a payment (§4.1): the request echo plus what APS adds, never empty values. */
export function paymentFields(transaction: SimTransaction): Fields {
  const fields: Fields = {
    ...transaction.request,
    fort_id: transaction.fortId,
    ...resultFields(transaction.status, transaction.responseCode.slice(2), transaction.language),
    eci: transaction.request.eci ?? 'ECOMMERCE',
  };
  if (transaction.authorizationCode) fields.authorization_code = transaction.authorizationCode;
  if (transaction.tokenName) fields.token_name = transaction.tokenName;
  const card = transaction.card;
  if (card) {
    fields.card_number = card.maskedNumber;
    fields.expiry_date = card.expiryDate;
    if (card.holderName !== '') fields.card_holder_name = card.holderName;
    if (card.paymentOption !== '') fields.payment_option = card.paymentOption;
  }
  return fields;
}

/** The last successful operation of an order, as CHECK_STATUS reports it (message in `language`). */
export function lastOperationFields(transaction: SimTransaction, language: Language): Fields {
  const last = transaction.operations.at(-1);
  const code = last?.responseCode ?? transaction.responseCode;
  const fields: Fields = {
    transaction_status: code.slice(0, 2),
    transaction_code: code,
    transaction_message: responseMessage(code.slice(2), language),
    authorized_amount: String(transaction.authorizedAmount),
    captured_amount: String(transaction.capturedAmount),
    refunded_amount: String(transaction.refundedAmount),
  };
  if (transaction.authorizationCode) fields.authorization_code = transaction.authorizationCode;
  return fields;
}

/** Signs `fields` with the account's response phrase and SHA type; `corrupt` breaks the signature. */
export function signAnswer(account: MerchantAccount, fields: Fields, corrupt: boolean): Fields {
  const signed = sign(fields, account.shaResponsePhrase, account.shaType);
  return corrupt ? { ...signed, signature: corruptSignature(signed.signature) } : signed;
}
