/**
 * The Merchant Page (reference aps-round2.md §1): `POST /FortAPI/paymentPage` with
 * `service_command=TOKENIZATION`. Merchant Page 1 (no card fields in the form) opens a session whose
 * card form may be framed by the merchant's origins; Merchant Page 2.0 (card fields posted with the
 * form, outside the signature) is processed at once. Either way the card becomes a token and the
 * browser is posted back to `return_url` with status `18` (`18000`) — or `17` and the reason —
 * signed with the response phrase: the request's signed fields echoed, plus `token_name`, the masked
 * `card_number`, `expiry_date`, `card_bin`, `card_holder_name` and `remember_me`.
 */
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { verifySignature, type SignableParams } from '../providers/aps/signature.js';
import { cardDigits } from './cards.js';
import type { SimulatorContext } from './context.js';
import { corrupts } from './faults.js';
import { toLanguage } from './messages.js';
import type { HostedSession, MerchantAccount } from './model.js';
import { evaluateCard, type CardProblem } from './outcomes.js';
import { httpUrl, secretEquals, type PaymentPageCheck } from './request-validation.js';
import { echoOf, resultFields, signAnswer, type Fields } from './responses.js';
import type { SimulatorState } from './state.js';
import type { MERCHANT_PAGE_CARD_FIELDS } from './token-fields.js';
import { validateTokenizationFields, withoutCardFields } from './token-fields.js';
import { cardFacts, issueToken } from './tokens.js';

/** The origin of an http(s) URL, or undefined. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Origins that may frame the Merchant Page: the origin of the return URL (the merchant's site) and the
 * account's Origin URL (Security Settings) when one is set.
 */
export function merchantOrigins(
  returnUrl: string | undefined,
  account: MerchantAccount | undefined,
): string[] {
  const origins = [originOf(returnUrl), originOf(account?.originUrl)].filter(
    (origin): origin is string => origin !== undefined,
  );
  return [...new Set(origins)];
}

/** True when a paymentPage form asks for a Merchant Page service rather than a Redirection payment. */
export function isTokenizationRequest(params: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(params, 'service_command') && !Object.hasOwn(params, 'command');
}

/**
 * Validates a TOKENIZATION form like APS: service command (001/004), parameters (001/002/032/033/027),
 * merchant (009), access code (010), signature over everything but the card fields (008), return URL
 * (037). Unlike a payment, a tokenization reserves no `merchant_reference`: the plugins then charge
 * the token under that same reference.
 */
export function checkTokenizationRequest(
  state: SimulatorState,
  params: Readonly<Record<string, unknown>>,
): PaymentPageCheck {
  const identifier = typeof params.merchant_identifier === 'string' ? params.merchant_identifier : '';
  const known = state.accounts.get(identifier);
  const requestReturnUrl = httpUrl(params.return_url);
  const refuse = (messageCode: string, detail: string): PaymentPageCheck => ({
    ok: false,
    messageCode,
    detail,
    account: known,
    returnUrl: requestReturnUrl ?? httpUrl(known?.redirectionUrl),
  });
  const command = params.service_command;
  if (command === undefined || command === '')
    return refuse(MESSAGE.MISSING_PARAMETER, 'service_command is missing');
  if (command !== 'TOKENIZATION') {
    return refuse(MESSAGE.INVALID_COMMAND, 'service_command must be TOKENIZATION on the payment page');
  }
  const problem = validateTokenizationFields(params)[0];
  if (problem) return refuse(problem.messageCode, problem.message);
  if (params.return_url !== undefined && params.return_url !== '' && requestReturnUrl === undefined) {
    return refuse(MESSAGE.INVALID_FORMAT, 'return_url must be an absolute http(s) URL');
  }
  if (!known)
    return refuse(MESSAGE.INVALID_MERCHANT_ID, `no merchant account ${identifier} in this simulator`);
  if (!secretEquals(typeof params.access_code === 'string' ? params.access_code : '', known.accessCode)) {
    return refuse(MESSAGE.INVALID_ACCESS_CODE, 'access_code does not match the Security Settings');
  }
  const signed = withoutCardFields(params) as SignableParams;
  const verification = verifySignature(signed, known.shaRequestPhrase, known.shaType);
  if (!verification.valid) {
    return refuse(
      MESSAGE.SIGNATURE_MISMATCH,
      `signature does not match (SHA request phrase, ${known.shaType}, card fields excluded); expected ${verification.expected}`,
    );
  }
  const returnUrl = requestReturnUrl ?? httpUrl(known.redirectionUrl);
  if (returnUrl === undefined) {
    return refuse(
      MESSAGE.MISSING_RETURN_URL,
      'no return_url in the request and no Redirection URL configured',
    );
  }
  return { ok: true, account: known, request: echoOf(params), returnUrl };
}

/** True when the form carries Merchant Page 2.0 card fields (processed without a page of ours). */
export function hasCardFields(request: Fields): boolean {
  return request.card_number !== undefined && request.card_number !== '';
}

/** The request fields an answer echoes: the signed ones (never the card fields the form carried). */
function echoWithoutCard(request: Fields): Fields {
  return withoutCardFields(request) as Fields;
}

/** A new Merchant Page session for a valid TOKENIZATION request. */
export function newTokenizationSession(
  ctx: SimulatorContext,
  id: string,
  account: MerchantAccount,
  request: Fields,
  returnUrl: string,
): HostedSession {
  const cleanRequest = echoWithoutCard(request);
  return {
    id,
    merchantIdentifier: account.merchantIdentifier,
    merchantReference: request.merchant_reference ?? '',
    request: cleanRequest,
    returnUrl,
    createdAt: ctx.state.now(),
    step: 'card',
    challenge: null,
    kind: 'tokenization',
    frameAncestors: merchantOrigins(returnUrl, account),
  };
}

/** The customer's card on the Merchant Page (or the MP2 form). */
export interface TokenCardInput {
  cardNumber: string;
  expiryDate: string;
  securityCode: string;
  holderName: string;
  rememberMe: string;
}

/** What became of a tokenization attempt. */
export type TokenizationResult =
  { kind: 'correct'; problems: CardProblem[] } | { kind: 'answer'; fields: Fields };

function answerFields(
  account: MerchantAccount,
  request: Fields,
  result: Fields,
  ctx: SimulatorContext,
): Fields {
  const fields = { ...echoWithoutCard(request), ...result };
  if (!account.sendResponseParameters) return {};
  return signAnswer(account, fields, corrupts(ctx.state.faults, 'return'));
}

/**
 * Tokenizes a card for `request`: a card the customer can still correct comes back as `correct` (on
 * the MP2 form, where there is no page to correct it on, as status 17 with the field's code); a brand
 * the account does not accept is `17003`; otherwise the token is issued and the answer is `18000`.
 * A token named in the request and known to the merchant is charged with its own card: only the
 * security code is typed.
 */
export function tokenizeCard(
  ctx: SimulatorContext,
  account: MerchantAccount,
  request: Fields,
  input: TokenCardInput,
  mp2: boolean,
): TokenizationResult {
  const language = toLanguage(request.language);
  const fail = (messageCode: string): TokenizationResult => ({
    kind: 'answer',
    fields: answerFields(
      account,
      request,
      resultFields(STATUS.TOKENIZATION_FAILED, messageCode, language),
      ctx,
    ),
  });
  const requestedName = request.token_name || undefined;
  const saved = requestedName ? ctx.state.token(account.merchantIdentifier, requestedName) : undefined;
  if (saved && saved.status === 'ACTIVE' && input.cardNumber === '') {
    // The saved card: only its security code is asked, and the token stays as it is.
    if (!/^\d{3,4}$/.test(input.securityCode.trim())) {
      const problem: CardProblem = {
        field: 'card_security_code',
        problem: 'invalid',
        messageCode: MESSAGE.INVALID_FORMAT,
      };
      return mp2 ? fail(MESSAGE.INVALID_FORMAT) : { kind: 'correct', problems: [problem] };
    }
    const fields: Fields = {
      token_name: saved.tokenName,
      card_number: saved.maskedNumber,
      expiry_date: saved.expiryDate,
      card_bin: saved.cardBin,
      ...(saved.holderName ? { card_holder_name: saved.holderName } : {}),
      remember_me: saved.rememberMe,
      ...resultFields(STATUS.TOKENIZATION_SUCCESS, MESSAGE.SUCCESS, language),
    };
    return { kind: 'answer', fields: answerFields(account, request, fields, ctx) };
  }
  const decision = evaluateCard(
    {
      cardNumber: input.cardNumber,
      expiryDate: input.expiryDate,
      securityCode: input.securityCode,
      // Magic holder names act when the token is charged, not when it is issued.
      holderName: '',
    },
    { requestedOption: undefined, enabledOptions: account.paymentOptions, now: ctx.clock.now() },
  );
  if (decision.kind === 'correct') {
    return mp2 ? fail(decision.problems[0]?.messageCode ?? MESSAGE.INVALID_FORMAT) : decision;
  }
  const digits = cardDigits(input.cardNumber) ?? '';
  if (decision.kind === 'processed' && decision.outcome.kind === 'declined') {
    return fail(decision.outcome.messageCode);
  }
  if (!decision.card) return fail(MESSAGE.INVALID_CARD_NUMBER);
  const card = { ...decision.card, holderName: input.holderName.trim().slice(0, 50) };
  const rememberMe = input.rememberMe === 'YES' ? 'YES' : 'NO';
  const token = issueToken(
    ctx.state,
    account.merchantIdentifier,
    {
      ...cardFacts(digits, card.paymentOption),
      maskedNumber: card.maskedNumber,
      expiryDate: card.expiryDate,
      holderName: card.holderName,
      rememberMe,
      merchantReference: request.merchant_reference ?? '',
    },
    requestedName,
  );
  const fields: Fields = {
    token_name: token.tokenName,
    card_number: token.maskedNumber,
    expiry_date: token.expiryDate,
    card_bin: token.cardBin,
    ...(token.holderName ? { card_holder_name: token.holderName } : {}),
    remember_me: rememberMe,
    ...resultFields(STATUS.TOKENIZATION_SUCCESS, MESSAGE.SUCCESS, language),
  };
  return { kind: 'answer', fields: answerFields(account, request, fields, ctx) };
}

/** The customer's typed card from a Merchant Page form (or the MP2 request itself). */
export function tokenCardInput(body: Readonly<Record<string, string>>): TokenCardInput {
  const get = (name: (typeof MERCHANT_PAGE_CARD_FIELDS)[number]) => body[name] ?? '';
  return {
    cardNumber: get('card_number'),
    expiryDate: get('expiry_date'),
    securityCode: get('card_security_code'),
    holderName: get('card_holder_name'),
    rememberMe: get('remember_me'),
  };
}

/** The answer to a cancelled (00072) or timed-out (00778) Merchant Page. */
export function closedTokenizationAnswer(
  ctx: SimulatorContext,
  account: MerchantAccount,
  request: Fields,
  messageCode: string,
): Fields {
  const result = resultFields(STATUS.INVALID_REQUEST, messageCode, toLanguage(request.language));
  return answerFields(account, request, result, ctx);
}
