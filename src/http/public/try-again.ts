/**
 * Try again (S21): the way back from a failed or cancelled payment to the payment page it was started
 * from, offered only while that page would take a new attempt (the link is open and none of its
 * payments is pending, authorized or done). A signed `/payment/pay` link is stored without its access
 * token (migration 0008) and signed again here, with the same parameters, so it is the same link.
 */
import type { Language } from '../../domain/locale.js';
import { committedLinkPayment } from '../../services/link-attempts.js';
import { paymentLinkStatus } from '../../services/payment-links.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { paymentPayLinkKey, paymentPayToken, readPaymentPayQuery } from './pay-link.js';

const SIGNED_PAGE = '/payment/pay?';

/** The payment page path to store on a payment: a signed link's access token and language removed. */
export function storablePagePath(pagePath: string): string {
  if (!pagePath.startsWith(SIGNED_PAGE)) return pagePath.split('?')[0] ?? pagePath;
  const query = new URLSearchParams(pagePath.slice(SIGNED_PAGE.length));
  query.delete('access_token');
  query.delete('lang');
  return `${SIGNED_PAGE}${query.toString()}`;
}

async function signedLinkPath(ctx: AppContext, stored: string, lang: Language): Promise<string | null> {
  const query = new URLSearchParams(stored.slice(SIGNED_PAGE.length));
  const fields = Object.fromEntries(query.entries());
  const draft = {
    amount: fields.amount ?? '',
    currency: fields.currency ?? '',
    reference: fields.reference ?? null,
    email: fields.email ?? null,
    name: fields.name ?? null,
    landingUrl: fields.landing_url ?? null,
    // A saved customer's link stays theirs: the token covers `customer` when the link had one.
    customer: fields.customer ?? null,
    // Only a country the link signed is in the stored path (the customer's answer is not kept).
    country: fields.country ?? null,
  };
  query.set('lang', lang);
  query.set('access_token', paymentPayToken(ctx.services, draft));
  // Read back as the payment page will: a stored path that no longer verifies is never offered.
  const params = readPaymentPayQuery(ctx.services, Object.fromEntries(query.entries()));
  if (!params) return null;
  const paid = await committedLinkPayment(ctx.services, { linkKey: paymentPayLinkKey(ctx.services, params) });
  return paid ? null : `${SIGNED_PAGE}${query.toString()}`;
}

async function storedLinkPath(
  ctx: AppContext,
  tx: TransactionRecord,
  lang: Language,
): Promise<string | null> {
  if (tx.paymentLinkId === null) return null;
  const link = await ctx.store.repos.paymentLinks.findById(tx.paymentLinkId);
  if (!link || paymentLinkStatus(link, ctx.services.clock.now()) !== 'open') return null;
  const paid = await committedLinkPayment(ctx.services, { paymentLinkId: link.id });
  return paid ? null : `/pay/${encodeURIComponent(link.id)}?lang=${lang}`;
}

/**
 * The path of the payment page to try `tx` again on, in `lang`; null when the payment did not fail,
 * was not started from a payment page, or its link takes no new attempt now.
 */
export async function tryAgainPath(
  ctx: AppContext,
  tx: TransactionRecord,
  lang: Language,
): Promise<string | null> {
  if (tx.state !== 'error' && tx.state !== 'cancel') return null;
  if (tx.paymentLinkId !== null) return storedLinkPath(ctx, tx, lang);
  if (tx.paymentPage?.startsWith(SIGNED_PAGE)) return signedLinkPath(ctx, tx.paymentPage, lang);
  return null;
}
