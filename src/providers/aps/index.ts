/**
 * Amazon Payment Services as a payport provider: one object implementing the provider contract.
 * Everything else in this folder is APS detail; callers outside it use `apsProvider` (or
 * `createApsProvider` to inject `fetch` and the time limit) and the domain types of `../provider.ts`.
 */
import type {
  MessageInterpretation,
  PaymentProvider,
  ProviderAccount,
  ProviderMessage,
  SignatureAlgorithm,
  TransactionSnapshot,
} from '../provider.js';
import { PaymentApiClient, type PaymentApiClientOptions } from './client.js';
import { describeResponseCode } from './codes.js';
import { failureKind } from './failure-kind.js';
import { checkMessageMatches, isApsRejection, maskPayload, verifyMessage } from './message-checks.js';
import { readMessage } from './message-reader.js';
import { identifyMessage, interpretOutcome } from './outcome.js';
import { buildRedirect } from './redirect.js';
import { buildCardForm, readCardFormAnswer } from './card-tokens.js';
import { chargeToken, deactivateToken } from './charge.js';
import { buildApplePayRequest } from './apple-pay.js';
import type { ShaType } from './signature.js';
import { runValuStep } from './valu.js';
import { fetchInstallmentPlans } from './installment-plans.js';

// The domain's signature algorithms and APS' SHA types must stay the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const shaTypesMatch: Same<ShaType, SignatureAlgorithm> = true;
void shaTypesMatch;

/**
 * SPEC S7 steps 3–5 for one message: verify with the response phrase, recognise APS refusing our
 * request (unsigned status 00), check it against the account and transaction, then interpret it.
 * On a mismatch the returned outcome already targets `error` with the mismatch as its message.
 */
export function interpretMessage(
  message: ProviderMessage,
  account: ProviderAccount,
  transaction?: Pick<TransactionSnapshot, 'amountMinor' | 'currency'>,
): MessageInterpretation {
  const verification = verifyMessage(message, account.shaResponsePhrase, account.shaType);
  if (!verification.valid) {
    const reason = verification.reason ?? 'mismatch';
    if (!isApsRejection(message)) return { kind: 'unverified', reason };
    const responseCode = message.response_code ?? '';
    const text = message.response_message || describeResponseCode(responseCode);
    return { kind: 'unverified', reason, rejection: { message: text, responseCode } };
  }
  const outcome = interpretOutcome(message);
  const mismatches = checkMessageMatches(message, account, transaction);
  if (mismatches.length === 0) return { kind: 'verified', outcome };
  return {
    kind: 'mismatch',
    mismatches,
    outcome: {
      ...outcome,
      targetState: 'error',
      needsStatusCheck: false,
      message: mismatches.map((m) => m.message).join('; '),
    },
  };
}

/** Builds the APS provider with its own paymentApi client (inject `fetch` and `timeoutMs` in tests). */
export function createApsProvider(options: PaymentApiClientOptions = {}): PaymentProvider {
  const client = new PaymentApiClient(options);
  return {
    code: 'aps',
    buildRedirect,
    readMessage,
    identifyMessage,
    interpretMessage,
    maskMessage: maskPayload,
    failureKind,
    checkStatus: (account, target, callOptions) => client.checkStatus(account, target, callOptions),
    capture: (account, operation, callOptions) => client.capture(account, operation, callOptions),
    voidAuthorization: (account, target, callOptions) =>
      client.voidAuthorization(account, target, callOptions),
    refund: (account, operation, callOptions) => client.refund(account, operation, callOptions),
    buildCardForm,
    readCardFormAnswer,
    charge: (account, operation, callOptions) => chargeToken(client, account, operation, callOptions),
    deactivateToken: (account, target, callOptions) => deactivateToken(client, account, target, callOptions),
    chargeApplePay: async (account, charge, callOptions) => {
      const message = await client.exchange(
        account,
        buildApplePayRequest(account, charge),
        'Apple Pay payment',
        callOptions,
      );
      return {
        message,
        outcome: interpretOutcome(message),
        mismatches: checkMessageMatches(message, account, charge.transaction),
      };
    },
    otpPayment: (account, step, callOptions) => runValuStep(client, account, step, callOptions),
    installmentPlans: (account, query, callOptions) =>
      fetchInstallmentPlans(client, account, query, callOptions),
  };
}

/** The APS provider with the platform's `fetch` and a 30 s time limit. */
export const apsProvider: PaymentProvider = createApsProvider();

export { PaymentApiClient, DEFAULT_TIMEOUT_MS, type PaymentApiClientOptions } from './client.js';
export { paymentApiUrl, paymentPageUrl, assertUsableAccount } from './endpoints.js';
export { checkMessageMatches, isApsRejection, maskPayload, verifyMessage } from './message-checks.js';
export { parseFormMessage, parseJsonMessage, readMessage } from './message-reader.js';
export { identifyMessage, interpretOutcome } from './outcome.js';
export { CARD_FORM_RETURN_PATH, buildCardForm, cardTokenOf, readCardFormAnswer } from './card-tokens.js';
export { buildApplePayRequest, readApplePayToken, type ApplePayRequest } from './apple-pay.js';
export { apsLanguage, buildRedirect, paymentCommand, paymentOptionFor, RETURN_PATH } from './redirect.js';
export { GET_INSTALLMENTS_PLANS, PLANS_SUCCESS, plansRequest } from './installment-plans.js';
