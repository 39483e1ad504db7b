/**
 * Paying with a saved card on the hosted page: a Redirection request naming an active token of the
 * merchant (`token_name`, as the official plugins send a saved card in Redirection mode, aps-round2.md
 * §2) shows that card masked and asks only its security code; the token's card then behaves like the
 * typed card would (3-D Secure step, magic holder names, expiry).
 */
import { MESSAGE } from '../providers/aps/codes.js';
import { checkExpiry, securityCodeValid } from './cards.js';
import type { SimToken } from './model.js';
import { outcomeForHolderName, type CardDecision } from './outcomes.js';
import { tokenCard } from './tokens.js';

/** What to do with the security code typed for `token`'s card. */
export function savedCardDecision(token: SimToken, typedCode: string, now: Date): CardDecision {
  const code = typedCode.trim();
  if (code === '') {
    return {
      kind: 'correct',
      problems: [{ field: 'card_security_code', problem: 'missing', messageCode: MESSAGE.MISSING_PARAMETER }],
    };
  }
  if (!securityCodeValid(code, token.brand)) {
    return {
      kind: 'correct',
      problems: [{ field: 'card_security_code', problem: 'invalid', messageCode: MESSAGE.INVALID_FORMAT }],
    };
  }
  const card = tokenCard(token);
  if (checkExpiry(token.expiryDate, now) !== 'valid') {
    return { kind: 'processed', card, outcome: { kind: 'declined', messageCode: MESSAGE.CARD_EXPIRED } };
  }
  if (token.threeDsEnrolled) return { kind: 'challenge', card };
  return { kind: 'processed', card, outcome: outcomeForHolderName(token.holderName) };
}
