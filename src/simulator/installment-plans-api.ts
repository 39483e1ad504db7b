/**
 * `query_command=GET_INSTALLMENTS_PLANS` on `POST /FortAPI/paymentApi` (reference aps-round2.md §6, PFDOC
 * Installmentsparameters.md "Get Installments Plans API"): the test issuers of installment-plans.ts with
 * their BINs and plans. `amount` and `currency` come together or not at all; with them each plan carries
 * `amountPerMonth` and only plans in the amount's currency are listed. Success is `62000`; `63104` (no
 * plans valid for request) when the currency has none, `63092` for an unknown `issuer_code`; malformed
 * requests are refused with status `00` like every other command. The answer is signed without
 * `installment_detail`, which APS leaves out of the signature (aps-protocol.md §3.3).
 */
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { sign, verifySignature, type SignableParams } from '../providers/aps/signature.js';
import type { SimulatorContext } from './context.js';
import { corruptSignature, corrupts } from './faults.js';
import {
  amountPerMonthMinor,
  INSTALLMENT_CURRENCIES,
  TEST_ISSUERS,
  type TestIssuer,
} from './installment-plans.js';
import { toLanguage } from './messages.js';
import { formatAmount } from './money.js';
import { secretEquals } from './request-validation.js';
import { echoOf, resultFields, type Fields } from './responses.js';

/** Status of a plans answer: 62 success, 63 failed (reference aps-protocol.md §5.1). */
const PLANS_OK = '62';
const PLANS_FAILED = '63';
/** Message codes of the plans service (aps-protocol.md §5.2). */
const INVALID_ISSUER = '092';
const NO_VALID_PLANS = '104';

const FIELDS: Readonly<Record<string, { required: boolean; pattern: RegExp; maxLength: number }>> = {
  query_command: { required: true, pattern: /^GET_INSTALLMENTS_PLANS$/, maxLength: 50 },
  access_code: { required: true, pattern: /^[A-Za-z0-9]+$/, maxLength: 20 },
  merchant_identifier: { required: true, pattern: /^[A-Za-z0-9]+$/, maxLength: 20 },
  signature: { required: true, pattern: /^[A-Za-z0-9]+$/, maxLength: 200 },
  amount: { required: false, pattern: /^\d+$/, maxLength: 10 },
  currency: { required: false, pattern: /^[A-Z]{3}$/, maxLength: 3 },
  language: { required: false, pattern: /^(en|ar)$/, maxLength: 2 },
  issuer_code: { required: false, pattern: /^[A-Za-z0-9]+$/, maxLength: 8 },
};

/** An amount in major units without its currency (`"3.00"`), as APS lists plan amounts. */
function decimal(minor: number, currency: string): string {
  return formatAmount(minor, currency).split(' ')[0] ?? '0';
}

/** True for a plans request. */
export function isInstallmentPlansRequest(body: Record<string, unknown> | undefined): boolean {
  return body !== undefined && body.query_command === 'GET_INSTALLMENTS_PLANS';
}

/** The first problem of a request, as a message code. */
function problemOf(body: Record<string, unknown>): string | undefined {
  for (const [name, rule] of Object.entries(FIELDS)) {
    const value = body[name];
    if (value === undefined || value === null || value === '') {
      if (rule.required) return MESSAGE.MISSING_PARAMETER;
      continue;
    }
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string') return MESSAGE.INVALID_FORMAT;
    if (text.length > rule.maxLength) return MESSAGE.INVALID_LENGTH;
    if (!rule.pattern.test(text))
      return name === 'language' ? MESSAGE.VALUE_NOT_ALLOWED : MESSAGE.INVALID_FORMAT;
  }
  for (const name of Object.keys(body)) if (!(name in FIELDS)) return MESSAGE.EXTRA_PARAMETERS;
  // "Both or neither" (reference §6).
  const hasAmount = body.amount !== undefined && body.amount !== '';
  const hasCurrency = body.currency !== undefined && body.currency !== '';
  if (hasAmount !== hasCurrency) return MESSAGE.MISSING_PARAMETER;
  return undefined;
}

/** One issuer as `issuer_detail[]` lists it, its plans limited to `currency` when one is given. */
function issuerDetail(issuer: TestIssuer, currency: string | undefined, amount: number | undefined) {
  const currencies = currency ? [currency] : INSTALLMENT_CURRENCIES;
  return {
    issuer_code: issuer.issuerCode,
    issuer_name_en: issuer.name.en,
    issuer_name_ar: issuer.name.ar,
    issuer_logo_en: '',
    issuer_logo_ar: '',
    terms_and_condition_en: '',
    terms_and_condition_ar: '',
    country_code: 'SAU',
    banking_system: 'Non Islamic',
    formula: '(amount + (amount * effective rate / 100)) / period',
    confirmation_message_en: '',
    confirmation_message_ar: '',
    disclaimer_message_en: '',
    disclaimer_message_ar: '',
    processing_fees_message_en: '',
    processing_fees_message_ar: '',
    bins: issuer.bins.flatMap((bin) =>
      currencies.map((code) => ({
        bin,
        currency_code: code,
        card_brand_code: issuer.issuerCode === 'SIMB01' ? 'VISA' : 'Master Card',
      })),
    ),
    plan_details: issuer.plans.flatMap((plan) =>
      currencies.map((code) => ({
        plan_code: plan.planCode,
        currency_code: code,
        number_of_installment: plan.months,
        fees_type: plan.feesType,
        fees_amount: plan.feesAmount,
        processing_fees_type: 'Fixed',
        processing_fees_amount: 0,
        rate_type: 'Flat',
        plan_merchant_type: 'Partner',
        plan_type: 'Local',
        fee_display_value: plan.feesAmount,
        minimum_amount: decimal(plan.minimumMinor, code),
        maximum_amount: decimal(plan.maximumMinor, code),
        ...(amount !== undefined && {
          amountPerMonth: decimal(amountPerMonthMinor(plan, amount), code),
        }),
      })),
    ),
  };
}

/**
 * Answers a plans request: the signed fields and, on success, `installment_detail` beside them.
 * Undefined `account` when the merchant is unknown (the answer is then unsigned).
 */
export function answerInstallmentPlans(
  ctx: SimulatorContext,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const echo = echoOf(body);
  const language = toLanguage(echo.language);
  const account = echo.merchant_identifier ? ctx.state.accounts.get(echo.merchant_identifier) : undefined;
  const signed = (fields: Fields, detail?: unknown): Record<string, unknown> => {
    if (!account) return fields;
    const answer = sign(fields, account.shaResponsePhrase, account.shaType);
    const signature = corrupts(ctx.state.faults, 'payment_api')
      ? corruptSignature(answer.signature)
      : answer.signature;
    return { ...answer, signature, ...(detail !== undefined && { installment_detail: detail }) };
  };
  const refuse = (messageCode: string) =>
    signed({ ...echo, ...resultFields(STATUS.INVALID_REQUEST, messageCode, language) });
  const problem = problemOf(body);
  if (problem) return refuse(problem);
  if (!account) return refuse(MESSAGE.INVALID_MERCHANT_ID);
  if (!secretEquals(echo.access_code ?? '', account.accessCode)) return refuse(MESSAGE.INVALID_ACCESS_CODE);
  if (!verifySignature(body as SignableParams, account.shaRequestPhrase, account.shaType).valid) {
    return refuse(MESSAGE.SIGNATURE_MISMATCH);
  }
  const currency = echo.currency || undefined;
  const amount = echo.amount ? Number(echo.amount) : undefined;
  let issuers = TEST_ISSUERS;
  if (echo.issuer_code) {
    issuers = issuers.filter((issuer) => issuer.issuerCode === echo.issuer_code);
    if (issuers.length === 0)
      return signed({ ...echo, ...resultFields(PLANS_FAILED, INVALID_ISSUER, language) });
  }
  if (currency !== undefined && !INSTALLMENT_CURRENCIES.includes(currency)) {
    return signed({ ...echo, ...resultFields(PLANS_FAILED, NO_VALID_PLANS, language) });
  }
  const detail = { issuer_detail: issuers.map((issuer) => issuerDetail(issuer, currency, amount)) };
  return signed({ ...echo, ...resultFields(PLANS_OK, MESSAGE.SUCCESS, language) }, detail);
}
