/**
 * Card tokens (APS Tokenization, reference aps-round2.md §2): issued by the Merchant Page or by a
 * hosted payment with `remember_me=YES`, updated and deactivated by `UPDATE_TOKEN`, charged by
 * paymentApi. A token keeps the masked number, BIN, expiry, holder and brand — never the number or
 * the security code — and whether its card is a 3-D Secure test card.
 */
import { randomBytes } from 'node:crypto';
import { cardNetwork, localScheme, requiresThreeDs } from './cards.js';
import type { CardSummary, SimToken } from './model.js';
import type { SimulatorState } from './state.js';

/** Message codes of the token services (reference §5.2). */
export const TOKEN_MESSAGE = {
  /** 044 Token name does not exist (also: inactive, or another merchant's). */
  NOT_FOUND: '044',
  /** 114 Token already exist (UPDATE_TOKEN `new_token_name` taken). */
  ALREADY_EXISTS: '114',
} as const;

/** Statuses of UPDATE_TOKEN: 58 token updated, 59 token update failed. */
export const TOKEN_STATUS = { UPDATED: '58', UPDATE_FAILED: '59' } as const;

/** A fresh token name: 32 lowercase hex characters (within APS' 100 alphanumerics). */
export function newTokenName(): string {
  return randomBytes(16).toString('hex');
}

/** `card_bin`: the first 6 digits, or 8 for a 19-digit (Meeza) card (PFDOC merchantpageparameters.md). */
export function cardBinOf(digits: string): string {
  return digits.slice(0, digits.length === 19 ? 8 : 6);
}

/** The brand a token shows: the payment option the card was taken under, else its network or scheme. */
export function brandOf(digits: string, paymentOption: string): string {
  return paymentOption || localScheme(digits) || cardNetwork(digits) || 'CARD';
}

/** What a token is issued from: the card's masked facts (the number itself is never stored). */
export interface TokenSource {
  maskedNumber: string;
  cardBin: string;
  brand: string;
  threeDsEnrolled: boolean;
  expiryDate: string;
  holderName: string;
  rememberMe: 'YES' | 'NO';
  merchantReference: string;
}

/** The token facts of a typed card number (kept in memory only as long as the request). */
export function cardFacts(
  digits: string,
  paymentOption: string,
): Pick<TokenSource, 'cardBin' | 'brand' | 'threeDsEnrolled'> {
  return {
    cardBin: cardBinOf(digits),
    brand: brandOf(digits, paymentOption),
    threeDsEnrolled: requiresThreeDs(digits),
  };
}

/**
 * Issues a token for `source` (under `requestedName` when the merchant chose one), or replaces the
 * card of that merchant's existing token of the same name. Returns the stored token.
 */
export function issueToken(
  state: SimulatorState,
  merchantIdentifier: string,
  source: TokenSource,
  requestedName: string | undefined,
): SimToken {
  const now = state.now();
  const existing = requestedName ? state.token(merchantIdentifier, requestedName) : undefined;
  const token: SimToken = {
    merchantIdentifier,
    tokenName: requestedName || newTokenName(),
    status: 'ACTIVE',
    maskedNumber: source.maskedNumber,
    cardBin: source.cardBin,
    expiryDate: source.expiryDate,
    holderName: source.holderName,
    brand: source.brand,
    threeDsEnrolled: source.threeDsEnrolled,
    rememberMe: source.rememberMe,
    merchantReference: source.merchantReference,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  state.saveToken(token);
  state.changed();
  return token;
}

/** A token as the control API and the dashboard show it (last four added; nothing more sensitive). */
export function tokenView(token: SimToken): SimToken & { last4: string } {
  return { ...token, last4: token.maskedNumber.slice(-4) };
}

/** The card a token stands for, as answers show it. */
export function tokenCard(token: SimToken): CardSummary {
  return {
    maskedNumber: token.maskedNumber,
    expiryDate: token.expiryDate,
    holderName: token.holderName,
    paymentOption: token.brand,
  };
}

/** One merchant's token named `tokenName` when it is ACTIVE. */
export function activeToken(
  state: SimulatorState,
  merchantIdentifier: string,
  tokenName: string | undefined,
): SimToken | undefined {
  const token = tokenName ? state.token(merchantIdentifier, tokenName) : undefined;
  return token?.status === 'ACTIVE' ? token : undefined;
}
