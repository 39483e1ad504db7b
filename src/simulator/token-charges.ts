/**
 * Server-to-server charges of a token on paymentApi (reference aps-round2.md §1.4, §1.5, §3):
 * `command` PURCHASE or AUTHORIZATION with `token_name`. A customer-initiated charge of a 3-D Secure
 * card answers `20064` with `3ds_url` (the simulator's 3-D Secure page; its result goes to `return_url`
 * and the Direct Transaction Feedback like a hosted payment); other charges answer at once (`14000` /
 * `02000`, or the card's decline). `eci=RECURRING` (PURCHASE only, no security code) never asks for
 * 3-D Secure; a mada or Meeza token takes PURCHASE only (`00049`). An unknown, inactive or another merchant's token → `13044`/`03044`; an expired card →
 * `13012`/`03012`; magic card holder names decline or hold like on the hosted page.
 */
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { verifySignature, type SignableParams } from '../providers/aps/signature.js';
import { checkExpiry, securityCodeValid } from './cards.js';
import type { SimulatorContext } from './context.js';
import { newFortId, newOpaqueId, newOtp } from './ids.js';
import { merchantOrigins } from './merchant-page.js';
import { toLanguage } from './messages.js';
import type { HostedSession, SimTransaction } from './model.js';
import { outcomeForHolderName, type PaymentOutcome } from './outcomes.js';
import type { PaymentApiAnswer } from './payment-api.js';
import { applyOutcome, resolutionTime, settlePayment } from './payments.js';
import { httpUrl, secretEquals } from './request-validation.js';
import { echoOf, paymentFields, resultFields, type Fields } from './responses.js';
import { validateTokenChargeFields } from './token-fields.js';
import { findPlan, INSTALLMENT_CURRENCIES, planTakesAmount } from './installment-plans.js';
import { TOKEN_MESSAGE, tokenCard } from './tokens.js';

/** Path of the hosted-page sessions; the 3-D Secure step of a token charge is one of them. */
const SESSION_PATH = '/FortAPI/paymentPage/session/';
/** Message 113 "Service not applicable for e-commerce indicator": RECURRING with AUTHORIZATION. */
const NOT_FOR_ECI = '113';
/** Message 049 "Operation not valid for this payment option": AUTHORIZATION of a mada/Meeza card. */
const NOT_FOR_OPTION = '049';
const PURCHASE_ONLY_BRANDS = ['MADA', 'MEEZA'];

/**
 * The plan of a token charge with `installments=HOSTED` (Merchant Page 2.0 installments, reference
 * aps-round2.md §6; PFDOC Installmentsparameters.md): PURCHASE only, `issuer_code` and `plan_code`
 * required (`00033`, `00001`); an unknown plan `094`, a plan of another issuer `092`, a currency without
 * installments `086`, a card of another bank `087` (card BIN does not match accepted issuer bank), an
 * amount outside the plan's range `084` — each a purchase failure (`13xxx`), as the hosted page answers.
 */
function installmentsDecision(
  echo: Fields,
  command: 'PURCHASE' | 'AUTHORIZATION',
  cardBin: string,
): { kind: 'invalid' | 'declined'; messageCode: string } | { kind: 'plan'; months: number } {
  // `YES` belongs to the MP1 iframe flow, where the plan comes from APS' own page (not simulated here).
  if (echo.installments !== 'HOSTED' || command !== 'PURCHASE') {
    return { kind: 'invalid', messageCode: MESSAGE.VALUE_NOT_ALLOWED };
  }
  if (!echo.issuer_code || !echo.plan_code)
    return { kind: 'invalid', messageCode: MESSAGE.MISSING_PARAMETER };
  const found = findPlan(echo.plan_code);
  if (!found) return { kind: 'declined', messageCode: '094' };
  if (found.issuer.issuerCode !== echo.issuer_code) return { kind: 'declined', messageCode: '092' };
  if (!INSTALLMENT_CURRENCIES.includes(echo.currency ?? '')) return { kind: 'declined', messageCode: '086' };
  if (!found.issuer.bins.some((bin) => cardBin.startsWith(bin)))
    return { kind: 'declined', messageCode: '087' };
  if (!planTakesAmount(found.plan, Number(echo.amount))) return { kind: 'declined', messageCode: '084' };
  return { kind: 'plan', months: found.plan.months };
}

/**
 * True for a paymentApi body that is a card PURCHASE or AUTHORIZATION (a token charge); wallet charges
 * (`digital_wallet`, Apple Pay / STC Pay) are not card-token charges and are left to their own flow.
 */
export function isTokenCharge(body: Record<string, unknown> | undefined): boolean {
  if (body === undefined || Object.hasOwn(body, 'query_command')) return false;
  if (Object.hasOwn(body, 'digital_wallet')) return false;
  return body.command === 'PURCHASE' || body.command === 'AUTHORIZATION';
}

/**
 * Answers a token charge. `baseUrl` is where browsers reach the simulator (for `3ds_url`). The order
 * exists from the first answer on (fort_id), and its merchant_reference cannot be used again.
 */
export function answerTokenCharge(
  ctx: SimulatorContext,
  body: Record<string, unknown>,
  baseUrl: string,
): PaymentApiAnswer {
  const state = ctx.state;
  const command = body.command === 'AUTHORIZATION' ? 'AUTHORIZATION' : 'PURCHASE';
  // The security code is checked, never echoed nor kept.
  const { card_security_code: securityCode, ...echo } = echoOf(body);
  const language = toLanguage(echo.language);
  const account =
    echo.merchant_identifier !== undefined ? state.accounts.get(echo.merchant_identifier) : undefined;
  const answer = (status: string, messageCode: string): PaymentApiAnswer => ({
    fields: { ...echo, ...resultFields(status, messageCode, language) },
    account,
    notification: undefined,
  });
  const invalid = (messageCode: string) => answer(STATUS.INVALID_REQUEST, messageCode);
  const failed = command === 'PURCHASE' ? STATUS.PURCHASE_FAILURE : STATUS.AUTHORIZATION_FAILED;

  const problem = validateTokenChargeFields(command, body)[0];
  if (problem) return invalid(problem.messageCode);
  if (!account) return invalid(MESSAGE.INVALID_MERCHANT_ID);
  if (!secretEquals(echo.access_code ?? '', account.accessCode)) return invalid(MESSAGE.INVALID_ACCESS_CODE);
  if (!verifySignature(body as SignableParams, account.shaRequestPhrase, account.shaType).valid) {
    return invalid(MESSAGE.SIGNATURE_MISMATCH);
  }
  const recurring = echo.eci === 'RECURRING';
  if (recurring && command !== 'PURCHASE') return invalid(NOT_FOR_ECI);
  const reference = echo.merchant_reference ?? '';
  if (state.isReferenceUsed(account.merchantIdentifier, reference)) return invalid(MESSAGE.DUPLICATE_ORDER);
  const token = state.token(account.merchantIdentifier, echo.token_name ?? '');
  if (!token || token.status !== 'ACTIVE') return answer(failed, TOKEN_MESSAGE.NOT_FOUND);
  // mada and Meeza take PURCHASE only, as on the hosted page (the plugins switch by BIN).
  if (PURCHASE_ONLY_BRANDS.includes(token.brand) && command !== 'PURCHASE') return invalid(NOT_FOR_OPTION);
  if (securityCode !== undefined && !securityCodeValid(securityCode, token.brand)) {
    return invalid(MESSAGE.INVALID_FORMAT);
  }
  if (echo.installments !== undefined) {
    const plan = installmentsDecision(echo, command, token.cardBin);
    if (plan.kind !== 'plan') {
      return plan.kind === 'invalid' ? invalid(plan.messageCode) : answer(failed, plan.messageCode);
    }
    // APS answers with the plan's number of installments beside the echoed codes (S20).
    echo.number_of_installments = String(plan.months);
  }
  const expired = checkExpiry(token.expiryDate, ctx.clock.now()) !== 'valid';
  const threeDs = token.threeDsEnrolled && !recurring && echo.eci !== 'MOTO' && !expired;
  const returnUrl = httpUrl(echo.return_url) ?? httpUrl(account.redirectionUrl);
  if (threeDs && returnUrl === undefined) return invalid(MESSAGE.MISSING_RETURN_URL);

  const now = state.now();
  const transaction: SimTransaction = {
    merchantIdentifier: account.merchantIdentifier,
    merchantReference: reference,
    fortId: newFortId(),
    command,
    amount: Number(echo.amount),
    currency: echo.currency ?? '',
    language,
    request: echo,
    card: tokenCard(token),
    authorizationCode: null,
    status: '',
    responseCode: '',
    authorizedAmount: 0,
    capturedAmount: 0,
    refundedAmount: 0,
    voided: false,
    operations: [],
    refundAnswers: {},
    pendingResolution: null,
    tokenName: token.tokenName,
    createdAt: now,
    updatedAt: now,
  };

  if (threeDs && returnUrl !== undefined) {
    transaction.status = STATUS.ON_HOLD;
    transaction.responseCode = `${STATUS.ON_HOLD}${MESSAGE.THREE_DS_REQUESTED}`;
    transaction.operations.push({
      at: now,
      command,
      status: transaction.status,
      responseCode: transaction.responseCode,
      amount: null,
      origin: 'api',
    });
    const session: HostedSession = {
      id: newOpaqueId(),
      merchantIdentifier: account.merchantIdentifier,
      merchantReference: reference,
      request: echo,
      returnUrl,
      createdAt: now,
      step: 'otp',
      challenge: { otp: newOtp(), card: tokenCard(token) },
      kind: 'three_ds',
      frameAncestors: merchantOrigins(returnUrl, account),
    };
    state.saveSession(session);
    state.saveTransaction(transaction);
    state.changed();
    const fields: Fields = {
      ...paymentFields(transaction),
      '3ds_url': `${baseUrl}${SESSION_PATH}${session.id}`,
    };
    return { fields, account, notification: undefined };
  }

  const outcome: PaymentOutcome = expired
    ? { kind: 'declined', messageCode: MESSAGE.CARD_EXPIRED }
    : outcomeForHolderName(token.holderName);
  applyOutcome(transaction, outcome, now, 'api');
  if (outcome.kind === 'held') transaction.pendingResolution = { at: resolutionTime(ctx), to: outcome.later };
  void settlePayment(ctx, account, transaction);
  return { fields: paymentFields(transaction), account, notification: undefined };
}
