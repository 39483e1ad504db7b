/**
 * APS endpoint URLs (reference §1) chosen by the provider account's state: sandbox for `test`,
 * production for `enabled`, or the custom base URL (the simulator) when one is set.
 */
import { ValidationError, type FieldError } from '../../errors.js';
import { ProviderDisabledError } from '../errors.js';
import type { ProviderAccount } from '../provider.js';
import { isShaType } from './signature.js';

const PAYMENT_PAGE_PATH = '/FortAPI/paymentPage';
const PAYMENT_API_PATH = '/FortAPI/paymentApi';

/** APS hosts per account state (reference §1). */
export const APS_HOSTS = Object.freeze({
  paymentPage: { test: 'https://sbcheckout.payfort.com', enabled: 'https://checkout.payfort.com' },
  paymentApi: {
    test: 'https://sbpaymentservices.payfort.com',
    enabled: 'https://paymentservices.payfort.com',
  },
});

function customBase(account: ProviderAccount): string | null {
  if (account.customBaseUrl === null || account.customBaseUrl.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(account.customBaseUrl);
  } catch {
    throw new ValidationError('the custom base URL of the provider is not a valid URL', [
      { field: 'customBaseUrl', message: `not a URL: ${JSON.stringify(account.customBaseUrl)}` },
    ]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('the custom base URL of the provider must use http or https', [
      { field: 'customBaseUrl', message: `unsupported scheme ${url.protocol}` },
    ]);
  }
  return account.customBaseUrl.replace(/\/+$/, '');
}

const CREDENTIALS = ['merchantIdentifier', 'accessCode', 'shaRequestPhrase', 'shaResponsePhrase'] as const;

/**
 * Refuses an account that cannot talk to APS: disabled, a credential missing, or an unknown SHA type.
 * Signing with an empty phrase would only earn an "00008" from APS, so it is caught here instead.
 */
export function assertUsableAccount(
  account: ProviderAccount,
  action: string,
): asserts account is ProviderAccount & { state: 'test' | 'enabled' } {
  if (account.state === 'disabled') throw new ProviderDisabledError(action);
  const missing = CREDENTIALS.filter((name) => typeof account[name] !== 'string' || account[name] === '');
  const fields: FieldError[] = missing.map((field) => ({ field, message: 'is required' }));
  if (!isShaType(account.shaType)) {
    fields.push({ field: 'shaType', message: `unsupported SHA type ${JSON.stringify(account.shaType)}` });
  }
  if (fields.length > 0) {
    throw new ValidationError(
      `the provider's credentials are incomplete (${fields.map((f) => f.field).join(', ')}), so it cannot ${action}`,
      fields,
    );
  }
}

function endpoint(account: ProviderAccount, kind: 'paymentPage' | 'paymentApi', action: string): string {
  assertUsableAccount(account, action);
  const path = kind === 'paymentPage' ? PAYMENT_PAGE_PATH : PAYMENT_API_PATH;
  const base = customBase(account) ?? APS_HOSTS[kind][account.state];
  return `${base}${path}`;
}

/** URL of the hosted payment page the customer's browser posts to. */
export function paymentPageUrl(account: ProviderAccount): string {
  return endpoint(account, 'paymentPage', 'send customers to the payment page');
}

/** URL of the server-to-server API (status check, capture, void, refund). */
export function paymentApiUrl(account: ProviderAccount): string {
  return endpoint(account, 'paymentApi', 'call the payment API');
}
