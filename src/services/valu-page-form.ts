/**
 * The form that opens payport's own valU page for a payment (valU runs server-to-server, so the customer
 * stays with payport instead of going to APS' hosted page), and the token that guards that page.
 */
import { signToken, verifyToken } from '../crypto/tokens.js';
import type { RedirectForm } from '../providers/provider.js';

/** The path of payport's valU page. */
export const VALU_PAGE_PATH = '/payment/valu';

/** The token that opens the valU page of `reference` (HMAC bound to it). */
export function valuPageToken(ctx: { secret: string }, reference: string): string {
  return signToken(ctx.secret, 'valu-page', { ref: reference });
}

/** True when `token` opens the valU page of `reference`. */
export function isValidValuPageToken(ctx: { secret: string }, reference: string, token: unknown): boolean {
  return typeof token === 'string' && verifyToken(ctx.secret, 'valu-page', { ref: reference }, token);
}

/** The self-submitting form (same shape as a provider redirect) that opens the valU page. */
export function valuPageForm(ctx: { secret: string; publicUrl: string }, reference: string): RedirectForm {
  return {
    url: `${ctx.publicUrl.replace(/\/+$/, '')}${VALU_PAGE_PATH}`,
    method: 'POST',
    fields: { ref: reference, token: valuPageToken(ctx, reference) },
  };
}
