/**
 * Installment plans for the embedded card entry (reference aps-round2.md §6 "Custom/embedded (MP2)"):
 * `query_command=GET_INSTALLMENTS_PLANS` to paymentApi with `amount` + `currency` (both, so APS adds
 * `amountPerMonth`) and `language`; success is `62000`. The answer's `installment_detail` lists the
 * issuers (`issuer_detail[]`) with their `bins[]` and `plan_details[]`; it is left out of the signature
 * (aps-protocol.md §3.3: [PHP-SDK] APSSignature, [SEVASKE-API] Signature.php), so the rest of the answer
 * is verified with the response phrase before anything in it is used. Amounts in the plans
 * (`amountPerMonth` "3.00", `minimum_amount`, `maximum_amount`) are read as decimal amounts of the
 * currency, as APS' documentation shows them and the WooCommerce plugin displays them.
 */
import { isCurrencyCode, minorUnits } from '../../domain/currency.js';
import { toMinorUnits } from '../../domain/money.js';
import { ValidationError } from '../../errors.js';
import { ProviderBadResponseError, ProviderRejectedError, ProviderSignatureError } from '../errors.js';
import type {
  InstallmentIssuer,
  InstallmentPlansAnswer,
  InstallmentPlansQuery,
  OfferedPlan,
  OperationOptions,
  ProviderAccount,
  ProviderMessage,
} from '../provider.js';
import type { PaymentApiClient } from './client.js';
import { describeResponseCode } from './codes.js';
import { paymentApiUrl } from './endpoints.js';
import { checkMessageMatches, isApsRejection, verifyMessage } from './message-checks.js';
import { readAnswerWithUnsigned } from './message-reader.js';
import { apsLanguage } from './redirect.js';
import { computeSignature } from './signature.js';

/** `query_command` of the plans request. */
export const GET_INSTALLMENTS_PLANS = 'GET_INSTALLMENTS_PLANS';
/** Response code of a successful plans request (status 62, message 000). */
export const PLANS_SUCCESS = '62000';
/** The answer member APS leaves out of the signature. */
const UNSIGNED_DETAIL = 'installment_detail';
/** Codes of issuers and plans (alphanumeric, at most 8: PFDOC Installmentsparameters.md). */
const CODE = /^[A-Za-z0-9]{1,8}$/;
const LABEL = 'installment plans request';

/** The signed plans request for an amount. */
export function plansRequest(account: ProviderAccount, query: InstallmentPlansQuery): Record<string, string> {
  if (!Number.isSafeInteger(query.amountMinor) || query.amountMinor <= 0) {
    throw new ValidationError('installment plans need a positive amount', [
      { field: 'amountMinor', message: `got ${String(query.amountMinor)}` },
    ]);
  }
  const request: Record<string, string> = {
    query_command: GET_INSTALLMENTS_PLANS,
    access_code: account.accessCode,
    merchant_identifier: account.merchantIdentifier,
    amount: String(query.amountMinor),
    currency: query.currency,
    language: apsLanguage(query.lang),
  };
  request.signature = computeSignature(request, account.shaRequestPhrase, account.shaType);
  return request;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A decimal amount of `currency` (`"3.00"`, `1000`) in minor units; null when absent or unreadable. */
function amountOf(value: unknown, currency: string): number | null {
  const raw = text(value);
  if (raw === null) return null;
  try {
    return toMinorUnits(raw.replace(/,/g, ''), currency);
  } catch {
    // An amount with more decimals than the currency (`3.333`) is rounded to its minor unit.
    const number = Number(raw);
    if (!Number.isFinite(number) || number < 0 || !isCurrencyCode(currency)) return null;
    return Math.round(number * 10 ** minorUnits(currency));
  }
}

function feesTypeOf(value: unknown): OfferedPlan['feesType'] {
  const raw = (text(value) ?? '').toLowerCase();
  if (raw === 'percentage') return 'percentage';
  if (raw === 'fixed') return 'fixed';
  return null;
}

function planOf(raw: Record<string, unknown>, fallbackCurrency: string): OfferedPlan | null {
  const planCode = text(raw.plan_code);
  // The docs name it `number_of_installment`; the .NET SDK's model and other answers use the plural.
  const count = text(raw.number_of_installment) ?? text(raw.number_of_installments);
  if (planCode === null || !CODE.test(planCode) || count === null || !/^\d{1,2}$/.test(count)) return null;
  if (Number(count) < 1) return null;
  const given = (text(raw.currency_code) ?? '').toUpperCase();
  const currency = isCurrencyCode(given) ? given : fallbackCurrency;
  return {
    planCode,
    numberOfInstallments: Number(count),
    currency,
    feesType: feesTypeOf(raw.fees_type),
    feesDisplay: text(raw.fee_display_value) ?? text(raw.fees_amount),
    amountPerMonthMinor: amountOf(raw.amountPerMonth ?? raw.amount_per_month, currency),
    minimumMinor: amountOf(raw.minimum_amount, currency),
    maximumMinor: amountOf(raw.maximum_amount, currency),
  };
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object')
    : [];
}

/** The issuers of an `installment_detail`, each with its readable plans and BINs. */
export function issuersOf(detail: unknown, currency: string): InstallmentIssuer[] {
  const issuers = list((detail as { issuer_detail?: unknown } | null)?.issuer_detail);
  const out: InstallmentIssuer[] = [];
  for (const issuer of issuers) {
    const issuerCode = text(issuer.issuer_code);
    if (issuerCode === null || !CODE.test(issuerCode)) continue;
    const bins = list(issuer.bins)
      .map((b) => text(b.bin))
      .filter((b): b is string => b !== null && /^\d{4,8}$/.test(b));
    const plans = list(issuer.plan_details)
      .map((p) => planOf(p, currency))
      .filter((p): p is OfferedPlan => p !== null);
    const en = text(issuer.issuer_name_en) ?? issuerCode;
    out.push({
      issuerCode,
      name: { en, ar: text(issuer.issuer_name_ar) ?? en },
      bins,
      termsUrl: {
        en: httpsUrl(issuer.terms_and_condition_en),
        ar: httpsUrl(issuer.terms_and_condition_ar),
      },
      plans,
    });
  }
  return out;
}

function httpsUrl(value: unknown): string | null {
  const raw = text(value);
  return raw !== null && /^https?:\/\/[^\s"'<>]+$/i.test(raw) ? raw : null;
}

/** Reads an answer: its flat signed fields (nested ones rendered) and the unsigned detail beside them. */
export function readPlansAnswer(body: string): { message: ProviderMessage; detail: unknown } {
  const { message, unsigned } = readAnswerWithUnsigned(body, LABEL, UNSIGNED_DETAIL);
  return { message, detail: unsigned };
}

/**
 * Asks APS for the plans on offer for an amount. The answer is used only once its signature verifies
 * and it is about this merchant account; `63xxx` and other refusals come back as `ok: false` with APS'
 * message (in the customer's language), an unsigned `00` as ProviderRejectedError.
 */
export async function fetchInstallmentPlans(
  client: PaymentApiClient,
  account: ProviderAccount,
  query: InstallmentPlansQuery,
  options: OperationOptions = {},
): Promise<InstallmentPlansAnswer> {
  const request = plansRequest(account, query);
  const body = await client.post(paymentApiUrl(account), request, LABEL, options.signal);
  const { message, detail } = readPlansAnswer(body);
  const verification = verifyMessage(message, account.shaResponsePhrase, account.shaType);
  if (!verification.valid) {
    if (isApsRejection(message)) {
      const code = message.response_code ?? '00000';
      throw new ProviderRejectedError(LABEL, code, message.response_message || 'invalid request', '');
    }
    throw new ProviderSignatureError(LABEL, verification.reason ?? 'mismatch');
  }
  const mismatches = checkMessageMatches(message, account, {
    amountMinor: query.amountMinor,
    currency: query.currency,
  });
  if (mismatches.length > 0) {
    throw new ProviderBadResponseError(LABEL, mismatches.map((m) => m.message).join('; '));
  }
  const responseCode = message.response_code ?? '';
  if (responseCode !== PLANS_SUCCESS) {
    return {
      ok: false,
      responseCode,
      message: message.response_message || describeResponseCode(responseCode),
    };
  }
  const issuers = issuersOf(detail, query.currency).filter((issuer) => issuer.plans.length > 0);
  return { ok: true, issuers };
}
