/**
 * Sending a payment link by email (S21): to the link's customer email or an address the operator typed,
 * in English or Arabic. The message goes out first; only once the SMTP server took it is the sending
 * recorded (when, to whom, by whom), so a failed send leaves nothing that says it was sent.
 */
import { isEmailAddress } from '../../domain/email.js';
import type { Language } from '../../domain/locale.js';
import type { EmailMessageRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { loadMerchantSettings } from '../merchant-settings.js';
import { paymentLinkStatus, paymentLinkUrl, type PaymentLinkStatus } from '../payment-links.js';
import { composeLinkEmail } from './compose.js';
import { sendFailureReason } from './mailer.js';
import { merchantDisplayName } from './receipts.js';

/** What to send. */
export interface LinkEmailRequest {
  linkId: string;
  /** The address typed in; empty means the link's customer email. */
  to: string;
  lang: Language;
  /** Who sent it, e.g. `user:<id>`. */
  sentBy: string;
}

/** The outcome: sent and recorded, or why not (nothing recorded). */
export type LinkEmailResult =
  | { ok: true; email: EmailMessageRecord }
  | { ok: false; reason: 'not_configured' }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_open'; status: PaymentLinkStatus }
  | { ok: false; reason: 'no_address' | 'bad_address' }
  | { ok: false; reason: 'send_failed'; detail: string };

/** Sends the link `linkId` by email and records it; never throws for a refused or failed send. */
export async function sendPaymentLinkEmail(
  ctx: ServiceContext,
  request: LinkEmailRequest,
): Promise<LinkEmailResult> {
  const mailer = ctx.mailer;
  if (!mailer) return { ok: false, reason: 'not_configured' };
  const link = await ctx.store.repos.paymentLinks.findById(request.linkId);
  if (!link) return { ok: false, reason: 'not_found' };
  const status = paymentLinkStatus(link, ctx.clock.now());
  if (status !== 'open') return { ok: false, reason: 'not_open', status };
  const to = request.to.trim() || link.customerEmail || '';
  if (to === '') return { ok: false, reason: 'no_address' };
  if (!isEmailAddress(to)) return { ok: false, reason: 'bad_address' };
  const settings = await loadMerchantSettings(ctx);
  const message = composeLinkEmail({
    lang: request.lang,
    merchantName: merchantDisplayName(settings.name, ctx.publicUrl),
    amount: link.amount,
    currency: link.currency,
    url: `${paymentLinkUrl(ctx, link)}?lang=${request.lang}`,
    orderReference: link.orderReference,
    description: link.description,
    expiresAt: link.expiresAt,
    timeZone: settings.timeZone,
  });
  try {
    await mailer.send({ to, lang: request.lang, ...message });
  } catch (err) {
    const detail = sendFailureReason(err);
    ctx.logger.warn({ paymentLinkId: link.id, reason: detail }, 'payment link email failed');
    return { ok: false, reason: 'send_failed', detail };
  }
  const email = await ctx.store.repos.emailMessages.recordLinkSent({
    paymentLinkId: link.id,
    recipient: to,
    lang: request.lang,
    createdBy: request.sentBy,
  });
  ctx.logger.info({ paymentLinkId: link.id, emailId: email.id }, 'payment link sent by email');
  return { ok: true, email };
}
