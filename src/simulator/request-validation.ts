/**
 * Validation of a `POST /FortAPI/paymentPage` request the way APS does it, in this order: command
 * (001/004), parameters (001/002/032/033/027, the shared tables of `providers/aps/fields.ts`), merchant
 * identifier (009), access code (010), signature with the request phrase and the account's SHA type
 * (008), Redirection status (015), payment option (003/014/049/023/039), return URL (037) and
 * duplicate merchant reference (007).
 */
import { timingSafeEqual } from 'node:crypto';
import { MESSAGE } from '../providers/aps/codes.js';
import { PAYMENT_PAGE_COMMANDS, validateRequestFields } from '../providers/aps/fields.js';
import { verifySignature, type SignableParams } from '../providers/aps/signature.js';
import { SIMULATED_PAYMENT_OPTIONS, type MerchantAccount } from './model.js';
import { echoOf } from './responses.js';
import type { SimulatorState } from './state.js';

/** Local payment options that only allow PURCHASE, and the one currency some of them take. */
const PURCHASE_ONLY = ['MADA', 'MEEZA', 'KNET', 'NAPS', 'OMANNET', 'BENEFIT', 'STCPAY'];
const FIXED_CURRENCY: Readonly<Record<string, string>> = {
  KNET: 'KWD',
  NAPS: 'QAR',
  OMANNET: 'OMR',
  MEEZA: 'EGP',
  BENEFIT: 'BHD',
  STCPAY: 'SAR',
};
const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMEX', 'MADA', 'MEEZA'];

/** Outcome of validating a paymentPage request. */
export type PaymentPageCheck =
  | { ok: true; account: MerchantAccount; request: Record<string, string>; returnUrl: string }
  | {
      ok: false;
      messageCode: string;
      /** What exactly is wrong, for the error page and the log (APS itself only sends the code). */
      detail: string;
      account: MerchantAccount | undefined;
      /** Where the refusal is posted back to, when anywhere. */
      returnUrl: string | undefined;
    };

/** An absolute http(s) URL, or undefined. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Compares two secrets in constant time (for equal lengths). */
export function secretEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function paymentOptionProblem(
  account: MerchantAccount,
  request: Record<string, string>,
): [string, string] | undefined {
  // `digital_wallet=STCPAY` restricts the page to STC Pay as `payment_option=STCPAY` would (S19).
  const option = request.payment_option ?? (request.digital_wallet === 'STCPAY' ? 'STCPAY' : undefined);
  if (option === undefined) {
    return account.paymentOptions.some((o) => CARD_BRANDS.includes(o))
      ? undefined
      : ['039', 'no card payment option is active in the Redirection settings'];
  }
  if (!(SIMULATED_PAYMENT_OPTIONS as readonly string[]).includes(option)) {
    return [
      MESSAGE.PAYMENT_OPTION_NOT_AVAILABLE,
      `payment option ${option} is not available in this sandbox`,
    ];
  }
  if (!(account.paymentOptions as readonly string[]).includes(option)) {
    return [
      MESSAGE.INACTIVE_PAYMENT_OPTION,
      `payment option ${option} is not ticked in the Redirection settings`,
    ];
  }
  if (PURCHASE_ONLY.includes(option) && request.command !== 'PURCHASE') {
    return ['049', `payment option ${option} only allows PURCHASE`];
  }
  const currency = FIXED_CURRENCY[option];
  if (currency !== undefined && request.currency !== currency) {
    return ['023', `payment option ${option} only accepts ${currency}`];
  }
  return undefined;
}

/** Validates a paymentPage request against the state; see the module comment for the order. */
export function checkPaymentPageRequest(
  state: SimulatorState,
  params: Readonly<Record<string, unknown>>,
): PaymentPageCheck {
  const identifier = typeof params.merchant_identifier === 'string' ? params.merchant_identifier : '';
  const known = state.accounts.get(identifier);
  const requestReturnUrl = httpUrl(params.return_url);
  const refuse = (messageCode: string, detail: string, account = known): PaymentPageCheck => ({
    ok: false,
    messageCode,
    detail,
    account,
    returnUrl: requestReturnUrl ?? httpUrl(account?.redirectionUrl),
  });

  const command = params.command;
  if (command === undefined || command === '') return refuse(MESSAGE.MISSING_PARAMETER, 'command is missing');
  if (typeof command !== 'string' || !PAYMENT_PAGE_COMMANDS.includes(command as 'PURCHASE')) {
    return refuse(MESSAGE.INVALID_COMMAND, `command must be PURCHASE or AUTHORIZATION on the payment page`);
  }
  const problem = validateRequestFields(command, params)[0];
  if (problem) return refuse(problem.messageCode, problem.message);
  // RECURRING is a merchant-initiated paymentApi charge of a token; a customer on the page is ECOMMERCE.
  if (params.eci === 'RECURRING') {
    return refuse(
      MESSAGE.VALUE_NOT_ALLOWED,
      'eci RECURRING is for paymentApi token charges, not the payment page',
    );
  }
  if (params.return_url !== undefined && params.return_url !== '' && requestReturnUrl === undefined) {
    return refuse(MESSAGE.INVALID_FORMAT, 'return_url must be an absolute http(s) URL');
  }
  const request = echoOf(params);
  if (!known)
    return refuse(MESSAGE.INVALID_MERCHANT_ID, `no merchant account ${identifier} in this simulator`);
  const account = known;
  if (!secretEquals(request.access_code ?? '', account.accessCode)) {
    return refuse(MESSAGE.INVALID_ACCESS_CODE, 'access_code does not match the Security Settings');
  }
  const verification = verifySignature(params as SignableParams, account.shaRequestPhrase, account.shaType);
  if (!verification.valid) {
    return refuse(
      MESSAGE.SIGNATURE_MISMATCH,
      `signature does not match (SHA request phrase, ${account.shaType}); expected ${verification.expected}`,
    );
  }
  if (account.redirectionStatus !== 'active') {
    return refuse(MESSAGE.INACTIVE_MERCHANT_ACCOUNT, 'the Redirection channel of this account is inactive');
  }
  const optionProblem = paymentOptionProblem(account, request);
  if (optionProblem) return refuse(optionProblem[0], optionProblem[1]);
  const returnUrl = requestReturnUrl ?? httpUrl(account.redirectionUrl);
  if (returnUrl === undefined) {
    return refuse(
      MESSAGE.MISSING_RETURN_URL,
      'no return_url in the request and no Redirection URL configured',
    );
  }
  const reference = request.merchant_reference ?? '';
  if (state.isReferenceUsed(account.merchantIdentifier, reference)) {
    return refuse(MESSAGE.DUPLICATE_ORDER, `merchant_reference ${reference} was already used`);
  }
  return { ok: true, account, request, returnUrl };
}
