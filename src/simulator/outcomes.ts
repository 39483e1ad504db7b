/**
 * What happens to a card on the hosted page: the card checks (Luhn, expiry, security code, brand
 * against the account's payment options), the 3-D Secure step, and the documented magic card holder
 * names that produce declines and pending, on-hold and uncertain outcomes.
 */
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import {
  cardDigits,
  cardNetwork,
  checkExpiry,
  KNET_TEST_NUMBER,
  LOCAL_CARD_OPTIONS,
  localScheme,
  luhnValid,
  maskCardNumber,
  requiresThreeDs,
  securityCodeValid,
} from './cards.js';
import type { CardSummary } from './model.js';

/** The result of a payment attempt. */
export type PaymentOutcome =
  | { kind: 'approved' }
  | { kind: 'declined'; messageCode: string }
  | { kind: 'held'; status: string; messageCode: string; later: 'approved' | 'declined' }
  | { kind: 'cancelled' }
  | { kind: 'expired' };

/** A magic card holder name and what it does; listed on the hosted page and in docs/simulator.md. */
export interface MagicHolderName {
  name: string;
  outcome: PaymentOutcome;
  description: string;
}

const HELD: ReadonlyArray<[string, string, string, string]> = [
  ['PENDING', STATUS.PENDING, MESSAGE.WAITING_FOR_CUSTOMER, 'pending'],
  ['ON HOLD', STATUS.ON_HOLD, MESSAGE.IN_REVIEW, 'on hold'],
  ['UNCERTAIN', STATUS.UNCERTAIN, MESSAGE.NO_CONFIRMATION, 'uncertain'],
];

/** Every magic card holder name (case and extra spaces do not matter). */
export const MAGIC_HOLDER_NAMES: readonly MagicHolderName[] = [
  {
    name: 'DECLINED',
    outcome: { kind: 'declined', messageCode: MESSAGE.DECLINED },
    description: 'declined (13666, or 03666 for AUTHORIZATION)',
  },
  {
    name: 'INSUFFICIENT FUNDS',
    outcome: { kind: 'declined', messageCode: MESSAGE.INSUFFICIENT_FUNDS },
    description: 'insufficient funds (13029, or 03029 for AUTHORIZATION)',
  },
  ...HELD.flatMap(([name, status, messageCode, label]): MagicHolderName[] => [
    {
      name,
      outcome: { kind: 'held', status, messageCode, later: 'approved' },
      description: `${label} (${status}${messageCode}); a later Notification reports success`,
    },
    {
      name: `${name} DECLINED`,
      outcome: { kind: 'held', status, messageCode, later: 'declined' },
      description: `${label} (${status}${messageCode}); a later Notification reports a decline`,
    },
  ]),
];

/** The outcome a card holder name asks for; any other name is approved. */
export function outcomeForHolderName(holderName: string): PaymentOutcome {
  const normalised = holderName.trim().replace(/\s+/g, ' ').toUpperCase();
  return MAGIC_HOLDER_NAMES.find((magic) => magic.name === normalised)?.outcome ?? { kind: 'approved' };
}

/** Status and message code of an outcome for a PURCHASE or AUTHORIZATION. */
export function outcomeCodes(
  command: string,
  outcome: PaymentOutcome,
): { status: string; messageCode: string } {
  const purchase = command === 'PURCHASE';
  switch (outcome.kind) {
    case 'approved':
      return {
        status: purchase ? STATUS.PURCHASE_SUCCESS : STATUS.AUTHORIZATION_SUCCESS,
        messageCode: MESSAGE.SUCCESS,
      };
    case 'declined':
      return {
        status: purchase ? STATUS.PURCHASE_FAILURE : STATUS.AUTHORIZATION_FAILED,
        messageCode: outcome.messageCode,
      };
    case 'held':
      return { status: outcome.status, messageCode: outcome.messageCode };
    case 'cancelled':
      return { status: STATUS.INVALID_REQUEST, messageCode: MESSAGE.CANCELLED_BY_CUSTOMER };
    case 'expired':
      return { status: STATUS.INVALID_REQUEST, messageCode: MESSAGE.SESSION_TIMEOUT };
  }
}

/** The card form as posted by the customer. */
export interface CardInput {
  cardNumber: string;
  expiryDate: string;
  securityCode: string;
  holderName: string;
}

/** The card fields the customer types and can get wrong. */
export type CardField = 'card_number' | 'expiry_date' | 'card_security_code';

/**
 * Something the customer must correct before the card is submitted: an empty field (`missing`) or
 * a value APS' page refuses in the browser, with the APS message code that names it (016 number,
 * 100 expiry format, 012 expired, 002 security code).
 */
export interface CardProblem {
  field: CardField;
  problem: 'missing' | 'invalid';
  messageCode: string;
}

/** What to do with a submitted card. */
export type CardDecision =
  | { kind: 'correct'; problems: CardProblem[] }
  | { kind: 'processed'; card: CardSummary | null; outcome: PaymentOutcome }
  | { kind: 'challenge'; card: CardSummary };

/** The request context a card is judged in. */
export interface CardContext {
  /** `payment_option` of the request, if any. */
  requestedOption: string | undefined;
  /** Payment options ticked in the account's Redirection settings. */
  enabledOptions: readonly string[];
  now: Date;
}

function declined(messageCode: string, card: CardSummary | null): CardDecision {
  return { kind: 'processed', card, outcome: { kind: 'declined', messageCode } };
}

function chooseOption(digits: string, context: CardContext): string | undefined {
  const requested = context.requestedOption;
  if (requested && (LOCAL_CARD_OPTIONS as readonly string[]).includes(requested)) return requested;
  const network = cardNetwork(digits);
  if (requested) return network === requested ? requested : undefined;
  const scheme = localScheme(digits);
  if (scheme && context.enabledOptions.includes(scheme)) return scheme;
  return network && context.enabledOptions.includes(network) ? network : undefined;
}

function fieldProblems(input: CardInput, digits: string | undefined, context: CardContext): CardProblem[] {
  const problems: CardProblem[] = [];
  const add = (field: CardField, messageCode: string) =>
    problems.push({ field, problem: 'invalid', messageCode });
  const knetTestCard = context.requestedOption === 'KNET' && digits === KNET_TEST_NUMBER;
  const numberOk =
    digits !== undefined &&
    (knetTestCard || (digits.length >= 12 && digits.length <= 19 && luhnValid(digits)));
  if (!numberOk) add('card_number', MESSAGE.INVALID_CARD_NUMBER);
  const expiry = checkExpiry(input.expiryDate.trim(), context.now);
  if (expiry === 'invalid') add('expiry_date', MESSAGE.INVALID_EXPIRY_DATE);
  if (expiry === 'expired') add('expiry_date', MESSAGE.CARD_EXPIRED);
  // The code's length depends on the brand; before the number is right, any 3 or 4 digits will do.
  const option = numberOk && digits ? (chooseOption(digits, context) ?? cardNetwork(digits) ?? '') : '';
  const code = input.securityCode.trim();
  if (option === '' ? !/^\d{3,4}$/.test(code) : !securityCodeValid(code, option)) {
    add('card_security_code', MESSAGE.INVALID_FORMAT);
  }
  return problems;
}

/**
 * Judges a submitted card. Like APS' hosted page, which checks the card fields in the browser before
 * anything is submitted, an empty or mistyped number, expiry date or security code re-shows the form
 * with the field marked, and the payment goes on; only a card that passes those checks is processed.
 * A brand the account or the request does not accept ends the payment (003/080): retyping cannot fix it.
 */
export function evaluateCard(input: CardInput, context: CardContext): CardDecision {
  const missing = (
    [
      ['card_number', input.cardNumber],
      ['expiry_date', input.expiryDate],
      ['card_security_code', input.securityCode],
    ] as const
  )
    .filter(([, value]) => value.trim() === '')
    .map(([field]): CardProblem => ({ field, problem: 'missing', messageCode: MESSAGE.MISSING_PARAMETER }));
  if (missing.length > 0) return { kind: 'correct', problems: missing };

  const digits = cardDigits(input.cardNumber);
  const problems = fieldProblems(input, digits, context);
  if (problems.length > 0 || digits === undefined) return { kind: 'correct', problems };
  const holderName = input.holderName.trim().slice(0, 50);
  const paymentOption = chooseOption(digits, context);
  const card: CardSummary = {
    maskedNumber: maskCardNumber(digits),
    expiryDate: input.expiryDate.trim(),
    holderName,
    paymentOption: paymentOption ?? context.requestedOption ?? cardNetwork(digits) ?? '',
  };
  if (paymentOption === undefined) {
    return declined(
      context.requestedOption ? MESSAGE.INVALID_PAYMENT_OPTION : MESSAGE.PAYMENT_OPTION_NOT_AVAILABLE,
      card,
    );
  }
  if (requiresThreeDs(digits)) return { kind: 'challenge', card };
  return { kind: 'processed', card, outcome: outcomeForHolderName(holderName) };
}
