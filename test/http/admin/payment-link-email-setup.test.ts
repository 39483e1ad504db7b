/**
 * Email settings at work (S21): without SMTP_URL there is no button and no mail; with it, the running
 * server's own worker sends the receipt of a payment paid through the webhook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apsResponse, formBody, signed } from '../../support/aps-messages.js';
import { redirectFormOf, submitCheckout } from '../public/helpers.js';
import { plain, startEmailApp, type EmailApp } from './payment-link-email-app.js';
import { startMailbox, type Mailbox } from './payment-link-mailbox.js';

/** Opens the link's payment page, starts the payment and pays it through APS' webhook. */
async function payLinkThroughWebhook(pp: EmailApp, linkId: string) {
  const page = await pp.running.app.inject({ method: 'GET', url: `/pay/${linkId}` });
  const res = await submitCheckout(pp.running.app, page.body);
  const reference = redirectFormOf(res.body).fields.merchant_reference!;
  const tx = (await pp.running.store.repos.transactions.findByReference(reference))!;
  const paid = await pp.running.app.inject({
    method: 'POST',
    url: '/payment/aps/webhook',
    payload: formBody(signed(apsResponse(tx))),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(paid.statusCode, 200);
  return tx;
}

describe('without SMTP_URL', () => {
  let mailbox: Mailbox;
  let pp: EmailApp;

  before(async () => {
    mailbox = await startMailbox();
    pp = await startEmailApp(null);
  });
  after(async () => {
    await pp.close();
    await mailbox.close();
  });

  test('there is no send button, the route says email is not set up, and a paid payment sends nothing', async () => {
    await pp.admin.get('/admin/payment-links');
    const created = await pp.admin.post('/admin/payment-links', {
      amount: '10',
      currency: 'SAR',
      customer_email: 'quiet@example.com',
    });
    const id = new URL(created.location!, 'http://x').searchParams.get('created')!;
    const page = await pp.admin.get(created.location!);
    assert.doesNotMatch(page.body, /Send by email|\/email"/);
    const answer = await pp.admin.post(`/admin/payment-links/${id}/email`, {
      to: 'quiet@example.com',
      lang: 'en',
    });
    assert.equal(answer.status, 409);
    assert.match(answer.body, /Email is not set up: set SMTP_URL to send payment links by email\./);
    assert.deepEqual(await pp.running.store.repos.emailMessages.listSentForLinks([id]), []);
    assert.equal(pp.running.context.services.mailer, undefined);

    // Paid through the webhook: no receipt is queued either, so a later SMTP_URL mails nothing old.
    const tx = await payLinkThroughWebhook(pp, id);
    assert.equal((await pp.running.store.repos.transactions.findById(tx.id))!.state, 'done');
    assert.equal(await pp.running.store.repos.emailMessages.findReceipt(tx.id), undefined);
    assert.equal(mailbox.messages.length, 0);
  });
});

describe('the server with SMTP_URL sends receipts by itself', () => {
  let mailbox: Mailbox;
  let pp: EmailApp;

  before(async () => {
    mailbox = await startMailbox();
    pp = await startEmailApp(mailbox, {}, true);
  });
  after(async () => {
    await pp.close();
    await mailbox.close();
  });

  test('a payment paid through the webhook gets its receipt from the running worker', async () => {
    const link = await pp.running.store.repos.paymentLinks.insert({
      amount: 7000,
      currency: 'SAR',
      customerEmail: 'worker@example.com',
    });
    await payLinkThroughWebhook(pp, link.id);
    const receipt = await mailbox.waitFor(1, 10_000);
    assert.equal(plain(receipt.subject), 'Receipt: you paid SAR 70.00 to Layla Shop (test)');
  });
});
