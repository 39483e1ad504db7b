/**
 * Apple Pay in the simulator (S19). `POST /_sim/applepay/paymentSession` stands in for Apple's merchant
 * validation endpoint; `answerApplePayPurchase` is APS' Apple Pay purchase on `paymentApi`: it takes
 * only the account's Apple Pay access code and a signature made with the Apple Pay request phrase
 * (like APS, a request signed with the card phrases is refused with 00008), checks the token fields of
 * Apple's documented shape, and decides the outcome from `apple_paymentMethod.apple_displayName` with
 * the card holder names' magic values (DECLINED, …); anything else succeeds.
 */
import type { FastifyInstance } from 'fastify';
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { validateRequestFields } from '../providers/aps/fields.js';
import { verifySignature, type SignableParams } from '../providers/aps/signature.js';
import type { SimulatorContext } from './context.js';
import { newOpaqueId } from './ids.js';
import { toLanguage } from './messages.js';
import type { HostedSession, MerchantAccount } from './model.js';
import { outcomeForHolderName } from './outcomes.js';
import { recordPayment } from './payments.js';
import { secretEquals } from './request-validation.js';
import { echoOf, paymentFields, resultFields, type Fields } from './responses.js';
import type { SimulatorState } from './state.js';

/** The account as its Apple Pay credentials make it: what signs and verifies Apple Pay messages. */
export function applePayAccountOf(account: MerchantAccount): MerchantAccount | undefined {
  const apple = account.applePay;
  if (!apple) return undefined;
  return { ...account, ...apple };
}

/**
 * The account a paymentApi request speaks for: the Apple Pay view when it carries the Apple Pay access
 * code (APS tells Apple Pay orders by their access code), the account itself otherwise.
 */
export function accountForRequest(
  state: SimulatorState,
  merchantIdentifier: string,
  accessCode: string | undefined,
): MerchantAccount | undefined {
  const account = state.accounts.get(merchantIdentifier);
  if (!account) return undefined;
  const apple = applePayAccountOf(account);
  if (apple && accessCode !== undefined && secretEquals(accessCode, apple.accessCode)) return apple;
  return account;
}

const APPLE_FIELDS = ['apple_data', 'apple_signature', 'apple_header', 'apple_paymentMethod'] as const;
const HEADER_KEYS = ['apple_ephemeralPublicKey', 'apple_publicKeyHash', 'apple_transactionId'];
const METHOD_KEYS = ['apple_displayName', 'apple_network', 'apple_type'];
const BASE64 = /^[A-Za-z0-9+/=]+$/;

function nested(value: unknown, keys: readonly string[]): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== keys.length) return undefined;
  if (!entries.every(([k, v]) => keys.includes(k) && typeof v === 'string' && v !== '')) return undefined;
  return value as Record<string, string>;
}

/** The unsigned answer to an Apple Pay purchase and the account (Apple Pay view) that signs it. */
export interface ApplePayAnswer {
  fields: Fields;
  account: MerchantAccount | undefined;
}

/** Answers one `digital_wallet=APPLE_PAY` paymentApi request. */
export function answerApplePayPurchase(
  ctx: SimulatorContext,
  params: Record<string, unknown>,
): ApplePayAnswer {
  const flat = echoOf(params);
  for (const name of APPLE_FIELDS) delete flat[name];
  const language = toLanguage(flat.language);
  const refuse = (messageCode: string, account?: MerchantAccount): ApplePayAnswer => ({
    fields: { ...flat, ...resultFields(STATUS.INVALID_REQUEST, messageCode, language) },
    account,
  });
  const scalars = Object.fromEntries(
    Object.entries(params).filter(([k]) => !(APPLE_FIELDS as readonly string[]).includes(k)),
  );
  const problem = validateRequestFields(String(params.command ?? ''), scalars)[0];
  if (problem) return refuse(problem.messageCode);
  const base = ctx.state.accounts.get(flat.merchant_identifier ?? '');
  if (!base) return refuse(MESSAGE.INVALID_MERCHANT_ID);
  const apple = applePayAccountOf(base);
  if (!apple || !secretEquals(flat.access_code ?? '', apple.accessCode))
    return refuse(MESSAGE.INVALID_ACCESS_CODE);
  if (!verifySignature(params as SignableParams, apple.shaRequestPhrase, apple.shaType).valid) {
    return refuse(MESSAGE.SIGNATURE_MISMATCH);
  }
  const header = nested(params.apple_header, HEADER_KEYS);
  const method = nested(params.apple_paymentMethod, METHOD_KEYS);
  const data = params.apple_data;
  const signature = params.apple_signature;
  if (
    !header ||
    !method ||
    typeof data !== 'string' ||
    !BASE64.test(data) ||
    typeof signature !== 'string' ||
    !BASE64.test(signature)
  ) {
    return refuse(MESSAGE.INVALID_FORMAT, apple);
  }
  if (flat.merchant_reference && ctx.state.transaction(base.merchantIdentifier, flat.merchant_reference)) {
    return refuse(MESSAGE.DUPLICATE_ORDER, apple);
  }
  const network = (method.apple_network ?? '').toUpperCase().replace(/\s+/g, '');
  const request: Record<string, string> = {
    ...flat,
    payment_option: network === 'MASTERCARD' ? 'MASTERCARD' : network,
  };
  const session: HostedSession = {
    id: newOpaqueId(),
    merchantIdentifier: base.merchantIdentifier,
    merchantReference: flat.merchant_reference ?? '',
    request,
    returnUrl: '',
    createdAt: ctx.state.now(),
    step: 'card',
    challenge: null,
  };
  const { transaction } = recordPayment(
    ctx,
    session,
    apple,
    outcomeForHolderName(method.apple_displayName ?? ''),
    null,
  );
  transaction.wallet = 'APPLE_PAY';
  transaction.signedWith = 'apple_pay';
  ctx.state.saveTransaction(transaction);
  ctx.state.changed();
  return { fields: paymentFields(transaction), account: apple };
}

/** Registers `POST /_sim/applepay/paymentSession`, the stand-in for Apple's merchant validation. */
export function registerApplePaySessionRoute(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post('/_sim/applepay/paymentSession', async (request, reply) => {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const missing = ['merchantIdentifier', 'displayName', 'initiative', 'initiativeContext'].filter(
      (n) => text(n) === '',
    );
    if (missing.length > 0 || text('initiative') !== 'web') {
      return reply.code(400).send({
        statusMessage: `Payment session request invalid: ${missing.length > 0 ? `missing ${missing.join(', ')}` : 'initiative must be "web"'}`,
        statusCode: '400',
      });
    }
    const now = ctx.clock.now().getTime();
    return reply.header('cache-control', 'no-store').send({
      epochTimestamp: now,
      expiresAt: now + 60 * 60_000,
      merchantSessionIdentifier: `SSH${newOpaqueId(16).toUpperCase()}`,
      nonce: newOpaqueId(4),
      merchantIdentifier: newOpaqueId(32).toUpperCase(),
      domainName: text('initiativeContext'),
      displayName: text('displayName'),
      signature: Buffer.from(newOpaqueId(64)).toString('base64'),
      operationalAnalyticsIdentifier: `${text('displayName')}:${newOpaqueId(8)}`,
      retries: 0,
      pspId: text('merchantIdentifier'),
    });
  });
}
