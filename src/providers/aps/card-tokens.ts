/**
 * APS tokens (reference aps-round2.md §1, §2): the Merchant Page `TOKENIZATION` form posted into the
 * iframe of the embedded card entry, the verification of its answer (status `18`, signed with the
 * response phrase like every APS message), and the card facts a message carries beside `token_name`.
 */
import type {
  CardFormAnswer,
  CardFormInput,
  CardToken,
  ProviderAccount,
  ProviderMessage,
  RedirectForm,
} from '../provider.js';
import { describeResponseCode } from './codes.js';
import { paymentPageUrl } from './endpoints.js';
import { checkMessageMatches, verifyMessage } from './message-checks.js';
import { apsLanguage } from './redirect.js';
import { computeSignature } from './signature.js';
import { STATUS } from './status-codes.js';

/** Where the Merchant Page sends the tokenization answer, under the public URL. */
export const CARD_FORM_RETURN_PATH = '/payment/aps/card';

/** Token names APS accepts (reference §2: letters, digits and `. @ - _`, at most 100). */
const TOKEN_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;

/** `YYMM` → `MM/YY`; anything else (a masked `****`) is no expiry. */
function expiryOf(value: string | undefined): string | undefined {
  const match = /^(\d{2})(\d{2})$/.exec(value ?? '');
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? `${match[2]}/${match[1]}` : undefined;
}

/**
 * The reusable token and card facts a message carries (`token_name`, `payment_option` or `card_brand`,
 * masked `card_number`, `expiry_date`, `remember_me`); undefined when it carries no usable token.
 */
export function cardTokenOf(fields: ProviderMessage): CardToken | undefined {
  const token = fields.token_name ?? '';
  if (!TOKEN_NAME.test(token)) return undefined;
  const brand = (fields.payment_option || fields.card_brand || '').toLowerCase();
  const last4 = /(\d{4})$/.exec(fields.card_number ?? '')?.[1];
  const expiry = expiryOf(fields.expiry_date);
  // `card_bin` (6, or 8 for a 19-digit Meeza card), else the unmasked start of `card_number`.
  const bin = /^\d{6,8}$/.test(fields.card_bin ?? '')
    ? fields.card_bin
    : /^(\d{6})/.exec(fields.card_number ?? '')?.[1];
  return {
    token,
    ...(brand && { brand }),
    ...(last4 && { last4 }),
    ...(expiry && { expiry }),
    ...(bin && { bin }),
    consent: fields.remember_me === 'YES',
  };
}

/** The signed Merchant Page form for one payment; a saved card's token makes APS show that card. */
export function buildCardForm(input: CardFormInput): RedirectForm {
  const { account, transaction } = input;
  const fields: Record<string, string> = {
    service_command: 'TOKENIZATION',
    access_code: account.accessCode,
    merchant_identifier: account.merchantIdentifier,
    merchant_reference: transaction.reference,
    language: apsLanguage(transaction.customer.lang),
    return_url: `${input.publicUrl.replace(/\/+$/, '')}${CARD_FORM_RETURN_PATH}`,
    ...(input.savedToken ? { token_name: input.savedToken } : {}),
  };
  fields.signature = computeSignature(fields, account.shaRequestPhrase, account.shaType);
  return { url: paymentPageUrl(account), method: 'POST', fields };
}

/**
 * Reads the Merchant Page answer: unverified (no or a wrong signature — nothing may change), failed
 * (APS' message), or a token. A signed answer for another merchant account counts as unverified.
 */
export function readCardFormAnswer(message: ProviderMessage, account: ProviderAccount): CardFormAnswer {
  const reference = message.merchant_reference || undefined;
  const verification = verifyMessage(message, account.shaResponsePhrase, account.shaType);
  if (!verification.valid) {
    return { kind: 'unverified', reason: verification.reason ?? 'mismatch', ...(reference && { reference }) };
  }
  if (checkMessageMatches(message, account).length > 0) {
    return { kind: 'unverified', reason: 'mismatch', ...(reference && { reference }) };
  }
  const responseCode = message.response_code ?? '';
  const card = cardTokenOf(message);
  if (message.status === STATUS.TOKENIZATION_SUCCESS && card && reference) {
    return { kind: 'tokenized', reference, card };
  }
  return {
    kind: 'failed',
    ...(reference && { reference }),
    message: message.response_message || describeResponseCode(responseCode),
    responseCode,
  };
}
