/**
 * The customer's failure and cancel page (S21) against the APS simulator: a declined or cancelled
 * payment is explained in the customer's words, says that no money was taken, and offers Try again
 * back to the same payment page while its link is still payable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentPayUrl } from '../../../src/http/public/pay-link.js';
import { createCustomer } from '../../../src/services/cards/customers.js';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../../support/payport.js';
import { formOf, postForm } from '../../simulator/helpers.js';
import { redirectFormOf, submitCheckout, unescapeHtml } from './helpers.js';

let pp: TestPayport;
let sim: Simulator;

before(async () => {
  pp = await createTestPayport();
  await seedApsProvider(pp.services);
  sim = createSimulator({ logger: false, feedbackRetry: { attempts: 0, intervalMs: 1_000 } });
  const account = await sim.app.inject({
    method: 'PUT',
    url: `/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`,
    payload: {
      accessCode: TEST_CREDENTIALS.accessCode,
      shaRequestPhrase: TEST_CREDENTIALS.shaRequestPhrase,
      shaResponsePhrase: TEST_CREDENTIALS.shaResponsePhrase,
    },
  });
  assert.equal(account.statusCode, 201, account.body);
});
after(async () => {
  await sim.app.close();
  await pp.close();
});

function get(url: string) {
  return pp.running.app.inject({ method: 'GET', url });
}

/** Opens `path`, pays on the simulator's hosted page as `holder` (or cancels), and follows the return. */
async function attempt(path: string, holder: string | 'cancel'): Promise<string> {
  const page = await get(path);
  assert.equal(page.statusCode, 200, page.body);
  const submitted = await submitCheckout(pp.running.app, page.body, { email: 'buyer@example.com' });
  assert.equal(submitted.statusCode, 200, submitted.body);
  const opened = await postForm(sim.app, '/FortAPI/paymentPage', redirectFormOf(submitted.body).fields);
  const card: Record<string, string> =
    holder === 'cancel'
      ? { cancel: '1' }
      : {
          card_number: '4005550000000001',
          expiry_date: '3005',
          card_security_code: '123',
          card_holder_name: holder,
        };
  const done = await postForm(sim.app, formOf(opened.body).action, card);
  const { fields } = formOf(done.body);
  const returned = await pp.running.app.inject({
    method: 'POST',
    url: '/payment/aps/return',
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  });
  assert.equal(returned.statusCode, 303, returned.body);
  return returned.headers.location as string;
}

function tryAgainOf(body: string): string | undefined {
  const href = /<a class="button" href="([^"]+)">(?:Try again|حاول مرة أخرى)<\/a>/.exec(body)?.[1];
  return href === undefined ? undefined : unescapeHtml(href);
}

describe('the failure page of a signed /payment/pay link', () => {
  test('explains a decline by the bank, says no money was taken, and never shows APS wording', async () => {
    const url = paymentPayUrl(pp.services, {
      amount: '100.00',
      currency: 'SAR',
      reference: 'INV-7',
      email: 'a@example.com',
    });
    const status = await attempt(new URL(url).pathname + new URL(url).search, 'DECLINED');
    const page = await get(status);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Your bank declined the payment<\/h1>/);
    assert.match(page.body, /No money was taken from your account\./);
    assert.doesNotMatch(page.body, /Transaction declined|Payment failed/);

    const arabic = await get(`${status}&lang=ar`);
    assert.match(arabic.body, /<h1[^>]*>رفض البنك عملية الدفع<\/h1>/);
    assert.match(arabic.body, /لم يتم خصم أي مبلغ من حسابك\./);
    assert.match(tryAgainOf(arabic.body) ?? '', /[?&]lang=ar(&|$)/);
  });

  test('Try again opens the same link, which takes a new attempt, and goes once the link is paid', async () => {
    const url = paymentPayUrl(pp.services, { amount: '12.5', currency: 'SAR', reference: 'INV-8' });
    const failed = await attempt(new URL(url).pathname + new URL(url).search, 'INSUFFICIENT FUNDS');
    const retry = tryAgainOf((await get(failed)).body);
    assert.ok(retry, 'a Try again link');
    assert.ok(retry.startsWith('/payment/pay?'), retry);
    assert.equal(new URLSearchParams(retry.split('?')[1]).get('amount'), '12.5');
    const paidStatus = await attempt(retry, 'Jane Doe');
    assert.match((await get(paidStatus)).body, /Thank you!/);
    const afterPaid = await get(failed);
    assert.match(afterPaid.body, /Your bank declined the payment/);
    assert.equal(tryAgainOf(afterPaid.body), undefined, 'no Try again once the link is paid');
  });

  test("Try again on a saved customer's link keeps the customer, so their cards are offered again", async () => {
    const customer = await createCustomer(pp.services, { email: 'saved@example.com', name: 'Saved Buyer' });
    const url = paymentPayUrl(pp.services, {
      amount: '30.00',
      currency: 'SAR',
      reference: 'INV-9',
      customer: customer.id,
    });
    const failed = await attempt(new URL(url).pathname + new URL(url).search, 'DECLINED');
    const retry = tryAgainOf((await get(failed)).body);
    assert.ok(retry, 'a Try again link');
    assert.equal(new URLSearchParams(retry.split('?')[1]).get('customer'), customer.id);
    const page = await get(retry);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Save my card for next time/);
  });
});

describe('the cancel page of a stored /pay/<id> link', () => {
  test('says the customer cancelled and offers the link again while it is open', async () => {
    const link = await pp.services.store.repos.paymentLinks.insert({
      amount: 15000,
      currency: 'SAR',
      customerEmail: 'c@example.com',
    });
    const status = await attempt(`/pay/${link.id}`, 'cancel');
    const page = await get(status);
    assert.match(page.body, /<h1[^>]*>You cancelled the payment<\/h1>/);
    assert.match(page.body, /No money was taken/);
    assert.equal(tryAgainOf(page.body), `/pay/${link.id}?lang=en`);

    await pp.services.store.repos.paymentLinks.setActive(link.id, false);
    assert.equal(tryAgainOf((await get(status)).body), undefined, 'no Try again on an inactive link');
  });
});
