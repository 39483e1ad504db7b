/**
 * Apple Pay merchant validation (S19): the browser's `onvalidatemerchant` hands payport a validation
 * URL; payport checks it names one of Apple's documented validation hosts and asks that host — with
 * mutual TLS, the merchant identity certificate and key — for a merchant session, which goes back to
 * the browser. A provider whose endpoint is a custom base URL (the simulator) asks the simulator's
 * `POST /_sim/applepay/paymentSession` instead, so the flow runs offline.
 */
import { request as httpsRequest } from 'node:https';
import { ValidationError } from '../errors.js';
import type { ApplePayConfig } from './apple-pay-settings.js';
import type { ProviderConfig } from '../domain/provider.js';

/**
 * Apple's documented merchant-validation hosts ("Setting up your server", Apple Pay on the Web): the
 * global and China gateways, their pods, and the sandbox (`-cert`) gateways.
 */
export const APPLE_VALIDATION_HOSTS: ReadonlySet<string> = new Set([
  'apple-pay-gateway.apple.com',
  'cn-apple-pay-gateway.apple.com',
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `apple-pay-gateway-nc-pod${n}.apple.com`),
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `apple-pay-gateway-pr-pod${n}.apple.com`),
  ...[1, 2, 3].map((n) => `cn-apple-pay-gateway-sh-pod${n}.apple.com`),
  ...[1, 2, 3].map((n) => `cn-apple-pay-gateway-tj-pod${n}.apple.com`),
  'apple-pay-gateway-cert.apple.com',
  'cn-apple-pay-gateway-cert.apple.com',
]);

/** The path of the simulator's stand-in for Apple's validation endpoint. */
export const SIMULATOR_SESSION_PATH = '/_sim/applepay/paymentSession';

/** Accepts only an https URL on one of {@link APPLE_VALIDATION_HOSTS}, default port, no credentials. */
export function checkValidationUrl(value: unknown): URL {
  const refuse = (why: string) =>
    new ValidationError(`validationURL ${why}`, [{ field: 'validationURL', message: why }]);
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) throw refuse('is missing');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('is not a URL');
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') {
    throw refuse('must be a plain https URL');
  }
  if (!APPLE_VALIDATION_HOSTS.has(url.hostname.toLowerCase())) {
    throw refuse("is not one of Apple's merchant validation hosts");
  }
  return url;
}

/** The body Apple documents for a merchant session request. */
export function sessionRequestBody(
  applePay: Pick<ApplePayConfig, 'appleMerchantId'>,
  displayName: string,
  publicUrl: string,
): Record<string, string> {
  return {
    merchantIdentifier: applePay.appleMerchantId,
    displayName: displayName.slice(0, 64),
    initiative: 'web',
    initiativeContext: new URL(publicUrl).hostname,
  };
}

/** A merchant session could not be obtained (the customer's sheet is closed; the operator sees why). */
export class MerchantValidationError extends Error {
  /** Creates the error with its reason. */
  constructor(message: string) {
    super(message);
    this.name = 'MerchantValidationError';
  }
}

function postWithIdentity(
  url: URL,
  body: string,
  applePay: ApplePayConfig,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        cert: applePay.certificatePem,
        key: applePay.privateKeyPem,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) resolve(text);
          else reject(new MerchantValidationError(`Apple answered HTTP ${res.statusCode ?? '?'}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new MerchantValidationError('Apple did not answer in time')));
    req.on('error', (err) =>
      reject(err instanceof MerchantValidationError ? err : new MerchantValidationError(err.message)),
    );
    req.end(body);
  });
}

/**
 * Asks Apple (or, for a provider pointed at the simulator, the simulator) for a merchant session for
 * `validationUrl`, already checked by {@link checkValidationUrl}. Returns Apple's opaque session object.
 */
export async function requestMerchantSession(
  provider: ProviderConfig,
  applePay: ApplePayConfig,
  validationUrl: URL,
  publicUrl: string,
  options: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const body = JSON.stringify(sessionRequestBody(applePay, provider.name, publicUrl));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let text: string;
  const base = provider.customBaseUrl?.trim().replace(/\/+$/, '');
  if (base) {
    const response = await (options.fetch ?? globalThis.fetch)(`${base}${SIMULATOR_SESSION_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: unknown) => {
      throw new MerchantValidationError(`the simulator could not be reached: ${(err as Error).message}`);
    });
    text = await response.text();
    if (!response.ok) throw new MerchantValidationError(`the simulator answered HTTP ${response.status}`);
  } else {
    text = await postWithIdentity(validationUrl, body, applePay, timeoutMs);
  }
  try {
    const session: unknown = JSON.parse(text);
    if (typeof session === 'object' && session !== null && !Array.isArray(session)) {
      return session as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new MerchantValidationError('the merchant session is not a JSON object');
}
