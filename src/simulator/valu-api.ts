/**
 * valU on `POST /FortAPI/paymentApi` (SPEC S20, reference round 2 §7): `CUSTOMER_VERIFY` (90000, or
 * 00160 for a number valU does not know), `OTP_GENERATE` (88000 with the plans in
 * `installment_detail`, signed without it), then `PURCHASE` with the code and the tenure (14000, or a
 * decline). The purchase becomes an order like any other, so CHECK_STATUS and REFUND work on it.
 * Sandbox values: the code is {@link VALU_SANDBOX_OTP}; numbers ending in 0000 are not valU customers;
 * numbers ending in 1111 are declined for their credit limit (13029).
 */
import { STATUS } from '../providers/aps/codes.js';
import {
  sign,
  verifySignature,
  type SignableParams,
  type SignableValue,
} from '../providers/aps/signature.js';
import type { SimulatorContext } from './context.js';
import { newAuthorizationCode, newFortId, newOpaqueId } from './ids.js';
import { responseMessage, toLanguage, type Language } from './messages.js';
import type { MerchantAccount, SimTransaction } from './model.js';
import { secretEquals } from './request-validation.js';
import { echoOf, type Fields } from './responses.js';

/** The one-time code valU "sends" in the sandbox. */
export const VALU_SANDBOX_OTP = '123456';
/** Repayment tenures (months) offered for every order. */
export const VALU_TENURES: readonly number[] = [6, 12, 18];

const VALU_MESSAGES: Readonly<Record<string, { en: string; ar: string }>> = {
  '160': { en: 'Customer not found', ar: 'العميل غير موجود' },
  '161': { en: 'OTP has not been generated for this order', ar: 'لم يُنشأ رمز تحقق لهذا الطلب' },
  '162': { en: 'Invalid OTP', ar: 'رمز التحقق غير صحيح' },
};

interface Pending {
  loanOrderId: string;
  amount: number;
  downPayment: number;
}

const pendingByContext = new WeakMap<SimulatorContext, Map<string, Pending>>();

function pendingOf(ctx: SimulatorContext): Map<string, Pending> {
  let map = pendingByContext.get(ctx);
  if (!map) {
    map = new Map();
    pendingByContext.set(ctx, map);
  }
  return map;
}

/** True for a valU request: a valU service command, or a PURCHASE with `payment_option=VALU`. */
export function isValuRequest(body: Record<string, unknown> | undefined): body is Record<string, unknown> {
  if (!body) return false;
  if (body.service_command === 'CUSTOMER_VERIFY' || body.service_command === 'OTP_GENERATE') return true;
  return body.command === 'PURCHASE' && body.payment_option === 'VALU';
}

function text(message: string, language: Language): string {
  return VALU_MESSAGES[message]?.[language] ?? responseMessage(message, language);
}

function result(status: string, message: string, language: Language): Fields {
  return { status, response_code: `${status}${message}`, response_message: text(message, language) };
}

/** The signed answer: `installment_detail` is added after signing, as APS leaves it out of the signature. */
function signed(
  account: MerchantAccount,
  fields: Record<string, SignableValue>,
  unsigned: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...sign(fields, account.shaResponsePhrase, account.shaType), ...unsigned };
}

/**
 * Answers one valU request; undefined when it names no known merchant (the caller then answers it as
 * any invalid request).
 */
export function answerValu(
  ctx: SimulatorContext,
  body: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const echo: Record<string, SignableValue> = { ...echoOf(body) };
  if (Array.isArray(body.products)) echo.products = body.products as SignableValue;
  const language = toLanguage(typeof body.language === 'string' ? body.language : undefined);
  const account =
    typeof body.merchant_identifier === 'string'
      ? ctx.state.accounts.get(body.merchant_identifier)
      : undefined;
  if (!account) return undefined;
  const answer = (
    status: string,
    message: string,
    extra: Record<string, SignableValue> = {},
    unsigned = {},
  ) => signed(account, { ...echo, ...extra, ...result(status, message, language) }, unsigned);
  if (!secretEquals(String(body.access_code ?? ''), account.accessCode)) return answer('00', '010');
  if (!verifySignature(body as SignableParams, account.shaRequestPhrase, account.shaType).valid) {
    return answer('00', '008');
  }
  if (!account.paymentOptions.includes('VALU')) return answer('00', '003');
  const reference = String(body.merchant_reference ?? '');
  const phone = String(body.phone_number ?? '');
  if (reference === '' || !/^\+?\d{11,19}$/.test(phone)) return answer('00', '001');
  const key = `${account.merchantIdentifier}:${reference}`;
  const pending = pendingOf(ctx);

  if (body.service_command === 'CUSTOMER_VERIFY') {
    if (phone.endsWith('0000')) return answer('00', '160');
    return answer('90', '000');
  }
  if (body.service_command === 'OTP_GENERATE') {
    if (phone.endsWith('0000')) return answer('00', '160');
    const amount = Number(body.amount);
    const downPayment = Number(body.total_downpayment ?? '0');
    if (!Number.isSafeInteger(amount) || amount <= 0) return answer('00', '005');
    if (!Number.isSafeInteger(downPayment) || downPayment < 0 || downPayment >= amount)
      return answer('00', '005');
    if (ctx.state.isReferenceUsed(account.merchantIdentifier, reference)) return answer('00', '007');
    const loanOrderId = `VALU${newOpaqueId(6)}`;
    pending.set(key, { loanOrderId, amount, downPayment });
    const financed = amount - downPayment;
    const plans = VALU_TENURES.map((months) => ({
      number_of_installments: months,
      amount_per_month: Math.ceil(financed / months),
      fees_amount: 0,
    }));
    return answer(
      '88',
      '000',
      { transaction_id: loanOrderId },
      { installment_detail: { plan_details: plans } },
    );
  }
  // PURCHASE
  const waiting = pending.get(key);
  if (!waiting || body.transaction_id !== waiting.loanOrderId) return answer('00', '161');
  const tenure = Number(body.tenure);
  if (!VALU_TENURES.includes(tenure) || Number(body.amount) !== waiting.amount) return answer('00', '033');
  pending.delete(key);
  const fortId = newFortId();
  if (body.otp !== VALU_SANDBOX_OTP) return record(ctx, account, echo, fortId, '13', '162', language);
  if (phone.endsWith('1111')) return record(ctx, account, echo, fortId, '13', '029', language);
  return record(ctx, account, echo, fortId, STATUS.PURCHASE_SUCCESS, '000', language);
}

/** Books the purchase as an order (so CHECK_STATUS and REFUND find it) and answers it. */
function record(
  ctx: SimulatorContext,
  account: MerchantAccount,
  echo: Record<string, SignableValue>,
  fortId: string,
  status: string,
  message: string,
  language: Language,
): Record<string, unknown> {
  const now = ctx.state.now();
  const approved = status === STATUS.PURCHASE_SUCCESS;
  const amount = Number(echo.amount);
  const request = echoOf(echo as Record<string, unknown>);
  const extra: Fields = { fort_id: fortId };
  if (approved) {
    extra.valu_transaction_id = `VT${fortId.slice(-10)}`;
    extra.loan_number = `LN${fortId.slice(-8)}`;
  }
  const fields = { ...request, ...extra, ...result(status, message, language) };
  const transaction: SimTransaction = {
    merchantIdentifier: account.merchantIdentifier,
    merchantReference: request.merchant_reference ?? '',
    fortId,
    command: 'PURCHASE',
    amount,
    currency: request.currency ?? '',
    language,
    request,
    card: null,
    authorizationCode: approved ? newAuthorizationCode() : null,
    status,
    responseCode: `${status}${message}`,
    authorizedAmount: approved ? amount : 0,
    capturedAmount: approved ? amount : 0,
    refundedAmount: 0,
    voided: false,
    operations: [
      {
        at: now,
        command: 'PURCHASE',
        status,
        responseCode: `${status}${message}`,
        amount: approved ? amount : null,
        origin: 'api',
      },
    ],
    refundAnswers: {},
    pendingResolution: null,
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.saveTransaction(transaction);
  ctx.state.changed();
  const answer = sign(fields, account.shaResponsePhrase, account.shaType);
  // APS also tells the merchant's Direct Transaction Feedback URL, as for any payment.
  void ctx.feedback.send(account, 'direct', answer);
  return answer;
}
