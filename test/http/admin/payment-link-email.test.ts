/**
 * Email (S21) through a local SMTP server: a payment link sent from the back office (English and
 * Arabic), opened and paid through signed APS webhooks, and the receipt that follows — once, whatever
 * repeats the paid message, across restarts of the sender; failures of the mail server change nothing
 * else. Without SMTP_URL there is no button and no mail.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startReceiptSender, type ReceiptSender } from '../../../src/services/email/receipts.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import { apsResponse, formBody, signed } from '../../support/aps-messages.js';
import { forEachDatabase } from '../../support/databases.js';
import { redirectFormOf, submitCheckout } from '../public/helpers.js';
import { linkIn, plain, startEmailApp, type EmailApp } from './payment-link-email-app.js';
import { startMailbox, type Mailbox } from './payment-link-mailbox.js';

forEachDatabase('payment links and receipts by email (S21)', (db) => {
  let mailbox: Mailbox;
  let pp: EmailApp;
  let sender: ReceiptSender | undefined;

  before(async () => {
    mailbox = await startMailbox();
    pp = await startEmailApp(mailbox, db.location);
  });
  after(async () => {
    await sender?.stop();
    await pp.close();
    await mailbox.close();
  });

  const services = () => pp.running.context.services;
  const repos = () => pp.running.store.repos;
  const get = (url: string) => pp.running.app.inject({ method: 'GET', url });

  async function createLink(form: Record<string, string>): Promise<string> {
    await pp.admin.get('/admin/payment-links');
    const created = await pp.admin.post('/admin/payment-links', { currency: 'SAR', ...form });
    assert.equal(created.status, 303, created.body);
    return new URL(created.location!, 'http://x').searchParams.get('created')!;
  }

  /** Opens the link's page, starts a card payment and returns the draft. */
  async function startPayment(path: string, email?: string): Promise<TransactionRecord> {
    const page = await get(path);
    assert.equal(page.statusCode, 200, page.body);
    const res = await submitCheckout(pp.running.app, page.body, email ? { email } : {});
    assert.equal(res.statusCode, 200, res.body);
    const tx = await repos().transactions.findByReference(
      redirectFormOf(res.body).fields.merchant_reference!,
    );
    assert.ok(tx);
    return tx;
  }

  /** Posts APS' signed message for `tx` (a purchase success unless `fields` say otherwise). */
  async function notify(
    tx: TransactionRecord,
    fields: Record<string, string> = {},
    url = '/payment/aps/webhook',
  ) {
    const res = await pp.running.app.inject({
      method: 'POST',
      url,
      payload: formBody(signed(apsResponse(tx, fields))),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.ok(res.statusCode < 400, res.body);
  }

  /** Runs a receipt sender pass (as the server's worker does) until nothing is due. */
  async function sendReceipts(): Promise<void> {
    const once = startReceiptSender(services(), services().mailer!, { intervalMs: 60_000 });
    while ((await once.runOnce()) > 0);
    await once.stop();
  }

  test('a link is sent in English and the receipt of its payment follows; the mail opens the payment page', async () => {
    const id = await createLink({
      amount: '1,250.50',
      customer_email: 'layla@example.com',
      order_reference: 'INV-2026-0042',
      expires_at: '2026-03-08T18:00',
    });
    const created = await pp.admin.get(`/admin/payment-links?created=${id}`);
    assert.match(created.body, /<summary>Send by email<\/summary>/);
    assert.match(created.body, /name="to" type="email" value="layla@example\.com"/);
    const before = mailbox.messages.length;
    const sent = await pp.admin.post(`/admin/payment-links/${id}/email`, {
      to: '',
      lang: 'en',
      form: 'created',
    });
    assert.equal(sent.status, 303);
    const mail = await mailbox.waitFor(before + 1);
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'layla@example.com');
    assert.equal(mail.from?.text, '"Layla Shop" <payments@shop.example.com>');
    assert.equal(plain(mail.subject), 'Payment request from Layla Shop: SAR 1,250.50');
    assert.match(plain(mail.text), /Amount: SAR 1,250\.50/);
    assert.match(plain(mail.text), /Order reference: INV-2026-0042/);
    assert.match(plain(mail.text), /Valid until: 8 March 2026 at 18:00 \(Asia\/Riyadh\)/);
    assert.match(String(mail.html), /<html lang="en" dir="ltr">/);
    const url = linkIn(mail);
    assert.equal(url, `https://shop.example.com/pay/${id}?lang=en`);
    assert.ok(String(mail.html).includes(`href="${url}"`));

    const page = await pp.admin.get(sent.location!);
    assert.match(page.body, /The payment link was sent to layla@example\.com\./);
    assert.match(
      page.body,
      /data-emailed="layla@example\.com">Emailed to <bdi dir="ltr">layla@example\.com<\/bdi>/,
    );
    const records = await repos().emailMessages.listSentForLinks([id]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.recipient, 'layla@example.com');
    assert.equal(records[0]?.sentAt, '2026-03-01T10:00:00.000Z');

    const payPage = await get(url.slice('https://shop.example.com'.length));
    assert.equal(payPage.statusCode, 200);
    assert.match(payPage.body, /1,250\.50/);

    const tx = await startPayment(url.slice('https://shop.example.com'.length));
    assert.equal(tx.amount, 125050);
    assert.equal(tx.customerEmail, 'layla@example.com');
    await notify(tx);
    assert.equal((await repos().transactions.findById(tx.id))?.state, 'done');
    await sendReceipts();
    const receipt = await mailbox.waitFor(before + 2);
    assert.equal(receipt.to && !Array.isArray(receipt.to) ? receipt.to.text : '', 'layla@example.com');
    assert.equal(plain(receipt.subject), 'Receipt: you paid SAR 1,250.50 to Layla Shop (test)');
    assert.match(plain(receipt.text), new RegExp(`Payment reference: ${tx.reference}`));
    assert.match(plain(receipt.text), /Card: .*•••• 0001/);
    assert.match(plain(receipt.text), /This was a test payment: no real money was taken\./);
    assert.doesNotMatch(`${receipt.text}${String(receipt.html)}`, /400555|signature|phrase/i);
    assert.equal((await repos().emailMessages.findReceipt(tx.id))?.status, 'sent');
  });

  test('a link is sent in Arabic to a typed address, and an Arabic payment gets an Arabic receipt', async () => {
    const id = await createLink({ amount: '١٢٥٠٫٥٠' });
    await pp.admin.get('/admin/payment-links');
    const before = mailbox.messages.length;
    const sent = await pp.admin.post(`/admin/payment-links/${id}/email`, {
      to: 'noura@example.com',
      lang: 'ar',
      form: `row-${id}`,
    });
    assert.equal(sent.status, 303);
    const mail = await mailbox.waitFor(before + 1);
    assert.equal(plain(mail.subject), 'طلب دفع من Layla Shop: \u200f1,250.50 SAR');
    assert.match(String(mail.html), /<html lang="ar" dir="rtl">/);
    assert.match(plain(mail.text), /المبلغ: \u200f1,250\.50 SAR/);
    assert.match(plain(mail.text), /صالح حتى: بلا تاريخ انتهاء/);
    const url = linkIn(mail);
    assert.equal(url, `https://shop.example.com/pay/${id}?lang=ar`);
    // The link has no customer email: the page asks, and the customer types the one the link went to.
    const tx = await startPayment(url.slice('https://shop.example.com'.length), 'noura@example.com');
    assert.equal(tx.customerLang, 'ar');
    assert.equal(tx.customerEmail, 'noura@example.com');
    await notify(tx);
    await sendReceipts();
    const receipt = await mailbox.waitFor(before + 2);
    assert.equal(plain(receipt.subject), 'إيصال دفع \u200f1,250.50 SAR إلى Layla Shop (اختبار)');
    assert.match(plain(receipt.text), /المبلغ: \u200f1,250\.50 SAR/);
    assert.match(plain(receipt.text), new RegExp(`مرجع الدفع: ${tx.reference}`));
  });

  test('a payment paid in Arabic with an email gets one Arabic receipt', async () => {
    const id = await createLink({ amount: '99.5', customer_email: 'samir@example.com' });
    const tx = await startPayment(`/pay/${id}?lang=ar`);
    assert.equal(tx.customerLang, 'ar');
    const before = mailbox.messages.length;
    await notify(tx);
    await sendReceipts();
    const receipt = await mailbox.waitFor(before + 1);
    assert.equal(plain(receipt.subject), 'إيصال دفع \u200f99.50 SAR إلى Layla Shop (اختبار)');
    assert.match(String(receipt.html), /<html lang="ar" dir="rtl">/);
    assert.match(plain(receipt.text), /شكرًا لك\. استلم Layla Shop دفعتك/);
  });

  test('the receipt is sent once, whatever repeats the paid message, across restarts of the sender', async () => {
    const id = await createLink({ amount: '10', customer_email: 'once@example.com' });
    const tx = await startPayment(`/pay/${id}`);
    await notify(tx);
    await notify(tx);
    await notify(tx, {}, '/payment/aps/return');
    await sendReceipts();
    await notify(tx);
    await sendReceipts(); // a restarted sender
    sender = startReceiptSender(services(), services().mailer!, { intervalMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sender.stop();
    sender = undefined;
    await mailbox.waitFor(1);
    const toThem = mailbox.messages.filter(
      (m) => m.to && !Array.isArray(m.to) && m.to.text === 'once@example.com',
    );
    assert.equal(toThem.length, 1);
  });

  test('a payment authorized for capture later gets a receipt that says so', async () => {
    const id = await createLink({ amount: '40', customer_email: 'later@example.com' });
    const tx = await startPayment(`/pay/${id}`);
    const before = mailbox.messages.length;
    await notify(tx, { command: 'AUTHORIZATION', status: '02', response_code: '02000' });
    assert.equal((await repos().transactions.findById(tx.id))?.state, 'authorized');
    await sendReceipts();
    const receipt = await mailbox.waitFor(before + 1);
    assert.equal(plain(receipt.subject), 'Payment authorized: SAR 40.00 at Layla Shop (test)');
    assert.match(plain(receipt.text), /will be charged when Layla Shop confirms your order/);
  });

  test('a mail server that refuses: the link is not recorded as sent; a receipt is retried, the payment untouched', async () => {
    const id = await createLink({ amount: '15', customer_email: 'refused@example.com' });
    await pp.admin.get('/admin/payment-links');
    mailbox.refuse = /^refused@/;
    try {
      const answer = await pp.admin.post(`/admin/payment-links/${id}/email`, {
        to: '',
        lang: 'en',
        form: `row-${id}`,
      });
      assert.equal(answer.status, 502);
      assert.match(answer.body, /Nothing was sent\. Please correct:/);
      assert.match(
        answer.body,
        /The email could not be sent: the mail server refused it or did not answer\./,
      );
      assert.match(answer.body, new RegExp(`id="f-to-row-${id}" name="to" type="email" value=""`));
      assert.doesNotMatch(answer.body, /550|Mailbox unavailable/);
      assert.deepEqual(await repos().emailMessages.listSentForLinks([id]), []);

      const tx = await startPayment(`/pay/${id}`);
      await notify(tx);
      await sendReceipts();
      const receipt = await repos().emailMessages.findReceipt(tx.id);
      assert.equal(receipt?.status, 'pending');
      assert.equal(receipt?.attempts, 1);
      assert.ok((receipt?.nextAttemptAt ?? '') > pp.clock.now().toISOString());
      assert.equal((await repos().transactions.findById(tx.id))?.state, 'done');
      mailbox.refuse = null;
      pp.clock.advance(60_000);
      const before = mailbox.messages.length;
      await sendReceipts();
      await mailbox.waitFor(before + 1);
      assert.equal((await repos().emailMessages.findReceipt(tx.id))?.status, 'sent');
    } finally {
      mailbox.refuse = null;
    }
  });

  test('bad addresses and closed links are refused in words, nothing sent or recorded', async () => {
    const id = await createLink({ amount: '20' });
    await pp.admin.get('/admin/payment-links');
    const before = mailbox.messages.length;
    const none = await pp.admin.post(`/admin/payment-links/${id}/email`, {
      to: '',
      lang: 'en',
      form: `row-${id}`,
    });
    assert.equal(none.status, 422);
    assert.match(none.body, /id="f-to-row-[^"]+-error">Enter the customer’s email address\./);
    const bad = await pp.admin.post(`/admin/payment-links/${id}/email`, {
      to: 'not mail',
      lang: 'en',
      form: `row-${id}`,
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Enter an email address such as name@example\.com\./);
    assert.match(bad.body, /name="to" type="email" value="not mail"/);
    await repos().paymentLinks.setActive(id, false);
    const closed = await pp.admin.post(`/admin/payment-links/${id}/email`, {
      to: 'x@example.com',
      lang: 'en',
    });
    assert.equal(closed.status, 422);
    assert.match(closed.body, /This link can no longer be paid \(Deactivated\), so it was not sent\./);
    assert.deepEqual(await repos().emailMessages.listSentForLinks([id]), []);
    assert.equal(mailbox.messages.length, before);
  });

  test('an unknown link answers 404 and nothing is sent', async () => {
    await pp.admin.get('/admin/payment-links');
    const before = mailbox.messages.length;
    const answer = await pp.admin.post('/admin/payment-links/no-such-link/email', {
      to: 'x@example.com',
      lang: 'en',
    });
    assert.equal(answer.status, 404);
    assert.equal(mailbox.messages.length, before);
  });

  test('the send form needs the CSRF token', async () => {
    const id = await createLink({ amount: '30', customer_email: 'csrf@example.com' });
    const before = mailbox.messages.length;
    const answer = await pp.admin.post(
      `/admin/payment-links/${id}/email`,
      { to: '', lang: 'en' },
      { csrf: null },
    );
    assert.equal(answer.status, 403);
    const forged = await pp.admin.post(
      `/admin/payment-links/${id}/email`,
      { to: '', lang: 'en' },
      { csrf: 'forged' },
    );
    assert.equal(forged.status, 403);
    assert.equal(mailbox.messages.length, before);
    assert.deepEqual(await repos().emailMessages.listSentForLinks([id]), []);
  });
});
