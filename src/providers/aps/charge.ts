/**
 * Server-to-server charges of a token (reference aps-round2.md §1.4, §3) and token deactivation
 * (`UPDATE_TOKEN` with `token_status=INACTIVE`, §2), over the paymentApi client. A customer-initiated
 * charge carries `customer_ip` and `return_url` (3-D Secure comes back there); a recurring one carries
 * `eci=RECURRING` and the agreement, and neither.
 */
import type {
  ChargeOperation,
  ChargeResult,
  OperationOptions,
  ProviderAccount,
  TokenUpdateResult,
} from '../provider.js';
import { ValidationError } from '../../errors.js';
import type { PaymentApiClient } from './client.js';
import { describeResponseCode } from './codes.js';
import { checkMessageMatches } from './message-checks.js';
import { interpretOutcome } from './outcome.js';
import { apsLanguage, paymentCommand, RETURN_PATH } from './redirect.js';
import { computeSignature } from './signature.js';

/** Status of a successful UPDATE_TOKEN (reference §2: `58000`). */
const TOKEN_UPDATED = '58';
/** An IP address as APS takes it (letters, digits, `.` and `:`). */
const IP = /^[0-9A-Fa-f.:]{2,45}$/;

/** Charges `operation.token`; returns the verified answer and, for 3-D Secure, where to send the customer. */
export async function chargeToken(
  client: PaymentApiClient,
  account: ProviderAccount,
  operation: ChargeOperation,
  options?: OperationOptions,
): Promise<ChargeResult> {
  const recurring = operation.recurring !== undefined;
  // APS takes only PURCHASE for recurring charges (reference §3) and for installments (§6).
  const command =
    recurring || operation.installments
      ? 'PURCHASE'
      : paymentCommand(account, operation.methodAllowsAuthorization, operation.captureMethod);
  const params: Record<string, string> = {
    merchant_reference: operation.reference,
    amount: String(operation.amountMinor),
    currency: operation.currency,
    language: apsLanguage(operation.customer.lang),
    customer_email: operation.customer.email,
    token_name: operation.token,
  };
  if (recurring) {
    params.eci = 'RECURRING';
    if (operation.recurring?.agreementId) params.agreement_id = operation.recurring.agreementId;
  } else {
    const ip = operation.customerIp ?? '';
    if (!IP.test(ip)) {
      throw new ValidationError('a customer-initiated charge needs the customer IP address', [
        { field: 'customerIp', message: ip === '' ? 'missing' : 'not an IP address' },
      ]);
    }
    params.eci = 'ECOMMERCE';
    params.customer_ip = ip;
    params.return_url = `${(operation.publicUrl ?? '').replace(/\/+$/, '')}${RETURN_PATH}`;
    if (operation.rememberMe) params.remember_me = 'YES';
    if (operation.installments) {
      // Merchant Page 2.0 installments (reference §6, PFDOC Installmentsparameters.md, PHP-SDK
      // CCCustomAuthorization): the plan chosen before the card was entered, `installments=HOSTED`.
      params.installments = 'HOSTED';
      params.issuer_code = operation.installments.issuerCode;
      params.plan_code = operation.installments.planCode;
    }
  }
  const message = await client.call(
    account,
    command,
    recurring ? 'recurring charge' : 'charge',
    params,
    options,
  );
  const threeDsUrl = message['3ds_url'];
  return {
    message,
    outcome: interpretOutcome(message),
    mismatches: checkMessageMatches(message, account, operation),
    ...(threeDsUrl && /^https?:\/\//i.test(threeDsUrl) && { threeDsUrl }),
  };
}

/** Deactivates a token at APS (`UPDATE_TOKEN`, `token_status=INACTIVE`) with a fresh merchant reference. */
export async function deactivateToken(
  client: PaymentApiClient,
  account: ProviderAccount,
  target: { token: string; lang?: string | null; reference: string },
  options?: OperationOptions,
): Promise<TokenUpdateResult> {
  const request: Record<string, string> = {
    service_command: 'UPDATE_TOKEN',
    access_code: account.accessCode,
    merchant_identifier: account.merchantIdentifier,
    merchant_reference: target.reference,
    language: apsLanguage(target.lang),
    token_name: target.token,
    token_status: 'INACTIVE',
  };
  request.signature = computeSignature(request, account.shaRequestPhrase, account.shaType);
  const answer = await client.exchange(account, request, 'token update', options);
  const responseCode = answer.response_code ?? '';
  return {
    ok: answer.status === TOKEN_UPDATED,
    message: answer.response_message || describeResponseCode(responseCode),
    responseCode,
  };
}
