/**
 * valU (Egypt, EGP) the way APS and its official plugins run it (reference round 2 §7): server-to-server
 * to paymentApi, every request with `payment_option=VALU` and the payment's merchant reference —
 * `CUSTOMER_VERIFY` with the mobile number, `OTP_GENERATE` with the order's products, down payment and
 * `include_installments=YES` (the answer lists the plans), then `PURCHASE` with the code and the tenure.
 * Every answer is trusted only once its signature verifies; `products` are signed as
 * `[{product_name=…, product_price=…, product_category=…}]` and `installment_detail` is not signed.
 */
import { ValidationError } from '../../errors.js';
import { ProviderBadResponseError, ProviderRejectedError, ProviderSignatureError } from '../errors.js';
import type {
  OperationOptions,
  OtpPaymentAnswer,
  OtpPaymentPlan,
  OtpPaymentStep,
  ProviderAccount,
  ProviderMessage,
  TransactionSnapshot,
} from '../provider.js';
import type { PaymentApiClient } from './client.js';
import { paymentApiUrl } from './endpoints.js';
import { isApsRejection, verifyMessage } from './message-checks.js';
import { readAnswerWithUnsigned } from './message-reader.js';
import { apsLanguage } from './redirect.js';
import { computeSignature, type SignableValue } from './signature.js';

/** Response codes of a successful step. */
export const VALU_SUCCESS = Object.freeze({
  check_customer: '90000',
  send_code: '88000',
  confirm: '14000',
});

/** The one product a valU order is signed with: the cart collapsed as both official plugins do. */
export function valuProducts(transaction: TransactionSnapshot): { [key: string]: SignableValue }[] {
  const name = (transaction.description ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 50) || 'Order';
  return [{ product_name: name, product_price: transaction.amountMinor, product_category: 'General' }];
}

function phoneOf(transaction: TransactionSnapshot): string {
  const phone = transaction.customer.phone?.trim() ?? '';
  if (!/^\+?\d{11,19}$/.test(phone)) {
    throw new ValidationError('valU needs the customer mobile number', [
      { field: 'customer.phone', message: 'must be an Egyptian mobile number such as +201001234567' },
    ]);
  }
  return phone;
}

/** The signed request of one step (without access credentials' secrets in any log: callers never log it). */
export function valuRequest(account: ProviderAccount, step: OtpPaymentStep): Record<string, SignableValue> {
  const tx = step.transaction;
  const common: Record<string, SignableValue> = {
    access_code: account.accessCode,
    merchant_identifier: account.merchantIdentifier,
    merchant_reference: tx.reference,
    language: apsLanguage(tx.customer.lang),
    payment_option: 'VALU',
    phone_number: phoneOf(tx),
  };
  let request: Record<string, SignableValue>;
  switch (step.step) {
    case 'check_customer':
      request = { service_command: 'CUSTOMER_VERIFY', ...common };
      break;
    case 'send_code':
      request = {
        service_command: 'OTP_GENERATE',
        ...common,
        merchant_order_id: tx.reference,
        amount: String(tx.amountMinor),
        currency: tx.currency,
        products: valuProducts(tx),
        total_downpayment: String(step.downPaymentMinor),
        wallet_amount: '0',
        cashback_wallet_amount: '0',
        include_installments: 'YES',
      };
      break;
    case 'confirm':
      request = {
        command: 'PURCHASE',
        ...common,
        merchant_order_id: tx.reference,
        transaction_id: step.loanOrderId,
        amount: String(tx.amountMinor),
        currency: tx.currency,
        otp: step.code,
        tenure: String(step.months),
        total_down_payment: String(step.downPaymentMinor),
        wallet_amount: '0',
        cashback_wallet_amount: '0',
        customer_code: phoneOf(tx),
        customer_email: tx.customer.email,
        ...(tx.description ? { purchase_description: tx.description.slice(0, 150) } : {}),
      };
      break;
  }
  request.signature = computeSignature(request, account.shaRequestPhrase, account.shaType);
  return request;
}

function minorOrNull(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^\d{1,12}$/.test(text) ? Number(text) : null;
}

/** The plans of an `OTP_GENERATE` answer (`installment_detail.plan_details[]`). */
function plansOf(detail: unknown): OtpPaymentPlan[] {
  const plans = (detail as { plan_details?: unknown } | null)?.plan_details;
  if (!Array.isArray(plans)) return [];
  const out: OtpPaymentPlan[] = [];
  for (const plan of plans as Record<string, unknown>[]) {
    const months = minorOrNull(plan.number_of_installments);
    if (months === null || months === 0) continue;
    out.push({
      months,
      amountPerMonthMinor: minorOrNull(plan.amount_per_month),
      feesMinor: minorOrNull(plan.fees_amount),
    });
  }
  return out;
}

/** Reads an answer: a flat copy of its signed fields (nested ones rendered) and the plans beside it. */
export function readValuAnswer(text: string): { message: ProviderMessage; plans: OtpPaymentPlan[] } {
  const { message, unsigned } = readAnswerWithUnsigned(text, 'valU', 'installment_detail');
  return { message, plans: plansOf(unsigned) };
}

/** Runs one valU step through the paymentApi client and verifies its answer. */
export async function runValuStep(
  client: PaymentApiClient,
  account: ProviderAccount,
  step: OtpPaymentStep,
  options: OperationOptions = {},
): Promise<OtpPaymentAnswer> {
  const label = `valU ${step.step.replace('_', ' ')}`;
  const request = valuRequest(account, step);
  const text = await client.post(
    paymentApiUrl(account),
    request as unknown as Record<string, string>,
    label,
    options.signal,
  );
  const { message, plans } = readValuAnswer(text);
  const verification = verifyMessage(message, account.shaResponsePhrase, account.shaType);
  if (!verification.valid) {
    if (isApsRejection(message)) {
      const code = message.response_code ?? '00000';
      throw new ProviderRejectedError(label, code, message.response_message || 'invalid request', '');
    }
    throw new ProviderSignatureError(label, verification.reason ?? 'mismatch');
  }
  if (message.merchant_reference && message.merchant_reference !== step.transaction.reference) {
    throw new ProviderBadResponseError(label, `the answer is about ${message.merchant_reference}`);
  }
  const responseCode = message.response_code ?? '';
  const loanOrderId = message.transaction_id || message.merchant_order_id;
  return {
    ok: responseCode === VALU_SUCCESS[step.step],
    message,
    responseCode,
    text: message.response_message ?? '',
    plans,
    ...(loanOrderId && { loanOrderId }),
  };
}
