/**
 * The words of payport's two emails (S21), in English and Arabic: a payment link sent to a customer, and
 * the receipt after payment. Each is plain text plus simple HTML of the same content. No secrets and no
 * card data beyond the brand and last four digits payport keeps anyway (S5).
 */
import type { Language } from '../../domain/locale.js';
import { displayAmount } from '../../domain/amount-display.js';

/** A composed message. */
export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

/** An instant as `lang` reads it, in the merchant's time zone, naming the zone. */
export function emailTime(iso: string, lang: Language, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone,
    }).format(new Date(iso)) + ` (${timeZone})`
  );
}

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Lines of label and value, as text and as an HTML table. */
type Rows = [label: string, value: string][];

function layout(
  lang: Language,
  heading: string,
  intro: string,
  rows: Rows,
  action?: { label: string; url: string },
  outro?: string,
): { text: string; html: string } {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const text = [
    heading,
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(action ? ['', `${action.label}:`, action.url] : []),
    ...(outro ? ['', outro] : []),
    '',
  ].join('\n');
  const tableRows = rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:start;padding:4px 12px 4px 0;color:#444">${escape(label)}</th><td style="padding:4px 0"><bdi>${escape(value)}</bdi></td></tr>`,
    )
    .join('');
  const button = action
    ? `<p><a href="${escape(action.url)}" style="display:inline-block;background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escape(action.label)}</a></p><p style="color:#444;font-size:13px" dir="ltr">${escape(action.url)}</p>`
    : '';
  const html = `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${escape(heading)}</title></head><body style="font-family:system-ui,sans-serif;color:#111;line-height:1.5"><h1 style="font-size:20px">${escape(heading)}</h1><p>${escape(intro)}</p><table>${tableRows}</table>${button}${outro ? `<p>${escape(outro)}</p>` : ''}</body></html>`;
  return { text, html };
}

/** What a payment link email says. */
export interface LinkEmailFacts {
  lang: Language;
  merchantName: string;
  amount: number;
  currency: string;
  url: string;
  orderReference: string | null;
  description: string | null;
  expiresAt: string | null;
  timeZone: string;
}

/** The email that sends a payment link to a customer. */
export function composeLinkEmail(f: LinkEmailFacts): ComposedEmail {
  const amount = displayAmount(f.amount, f.currency, f.lang);
  const ar = f.lang === 'ar';
  const rows: Rows = [[ar ? 'المبلغ' : 'Amount', amount]];
  if (f.orderReference) rows.push([ar ? 'مرجع الطلب' : 'Order reference', f.orderReference]);
  if (f.description) rows.push([ar ? 'الوصف' : 'Description', f.description]);
  rows.push([
    ar ? 'صالح حتى' : 'Valid until',
    f.expiresAt ? emailTime(f.expiresAt, f.lang, f.timeZone) : ar ? 'بلا تاريخ انتهاء' : 'no expiry date',
  ]);
  const subject = ar
    ? `طلب دفع من ${f.merchantName}: ${amount}`
    : `Payment request from ${f.merchantName}: ${amount}`;
  const body = layout(
    f.lang,
    subject,
    ar
      ? `يطلب منك ${f.merchantName} دفع ${amount}. افتح الرابط أدناه للدفع بأمان.`
      : `${f.merchantName} asks you to pay ${amount}. Open the link below to pay securely.`,
    rows,
    { label: ar ? 'ادفع الآن' : 'Pay now', url: f.url },
    ar
      ? 'إذا لم تكن تتوقع هذه الرسالة فتجاهلها؛ لن يُخصم أي مبلغ.'
      : 'If you did not expect this message, ignore it: nothing will be charged.',
  );
  return { subject, ...body };
}

/** What a receipt says. */
export interface ReceiptFacts {
  lang: Language;
  merchantName: string;
  /** `done`: paid; `authorized`: reserved, charged when the merchant captures it. */
  state: 'done' | 'authorized';
  amount: number;
  currency: string;
  reference: string;
  orderReference: string | null;
  paidAt: string;
  timeZone: string;
  cardBrand: string | null;
  cardLast4: string | null;
  isLive: boolean;
}

/** The receipt sent once a payment is paid (or authorized, for capture later). */
export function composeReceipt(f: ReceiptFacts): ComposedEmail {
  const amount = displayAmount(f.amount, f.currency, f.lang);
  const ar = f.lang === 'ar';
  const paid = f.state === 'done';
  const rows: Rows = [
    [ar ? 'المبلغ' : 'Amount', amount],
    [ar ? 'مرجع الدفع' : 'Payment reference', f.reference],
  ];
  if (f.orderReference) rows.push([ar ? 'مرجع الطلب' : 'Order reference', f.orderReference]);
  rows.push([ar ? 'التاريخ' : 'Date', emailTime(f.paidAt, f.lang, f.timeZone)]);
  if (f.cardLast4)
    rows.push([ar ? 'البطاقة' : 'Card', `${f.cardBrand ? `${f.cardBrand} ` : ''}•••• ${f.cardLast4}`]);
  const test = f.isLive ? '' : ar ? ' (اختبار)' : ' (test)';
  const subject = paid
    ? ar
      ? `إيصال دفع ${amount} إلى ${f.merchantName}${test}`
      : `Receipt: you paid ${amount} to ${f.merchantName}${test}`
    : ar
      ? `تم حجز ${amount} لدى ${f.merchantName}${test}`
      : `Payment authorized: ${amount} at ${f.merchantName}${test}`;
  const intro = paid
    ? ar
      ? `شكرًا لك. استلم ${f.merchantName} دفعتك بمبلغ ${amount}.`
      : `Thank you. ${f.merchantName} has received your payment of ${amount}.`
    : ar
      ? `تمت الموافقة على دفعتك بمبلغ ${amount} وحُجز المبلغ على بطاقتك. سيُخصم عندما يؤكد ${f.merchantName} طلبك.`
      : `Your payment of ${amount} is authorized: the amount is reserved on your card and will be charged when ${f.merchantName} confirms your order.`;
  const outro = f.isLive
    ? ar
      ? 'احتفظ بهذه الرسالة إيصالًا لدفعتك.'
      : 'Keep this message as your receipt.'
    : ar
      ? 'هذه دفعة اختبار: لم يُخصم أي مال حقيقي.'
      : 'This was a test payment: no real money was taken.';
  return { subject, ...layout(f.lang, subject, intro, rows, undefined, outro) };
}
