/**
 * One payment per link (S9): a stored link (`/pay/<id>`) or a signed `/payment/pay` link with a payment
 * `pending`, `authorized` or `done` refuses a new attempt — the page says so and the form POST answers
 * 409 without creating a transaction — while a draft, a failed or a cancelled payment leaves it payable.
 * Payments move only through signed APS messages on the webhook, as in production.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentPayUrl } from '../../../src/http/public/index.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import { apsResponse, formBody, signed } from '../../support/aps-messages.js';
import { forEachDatabase } from '../../support/databases.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../../support/payport.js';
import { redirectFormOf, submitCheckout, unescapeHtml } from './helpers.js';

/** The signed APS message that moves a payment to each state. */
const MESSAGES: Record<string, Record<string, string>> = {
  pending: { status: '19', response_code: '19000', response_message: 'Transaction pending' },
  authorized: { command: 'AUTHORIZATION', status: '02', response_code: '02000' },
  done: {},
  error: { status: '13', response_code: '13666', response_message: 'Transaction declined' },
  cancel: {
    status: '00',
    response_code: '00072',
    response_message: 'Transaction has been cancelled by the consumer',
  },
};

let counter = 0;

forEachDatabase('one payment per link (S9)', (db) => {
  let pp: TestPayport;

  before(async () => {
    pp = await createTestPayport({ database: db.location });
    await seedApsProvider(pp.services);
  });
  after(() => pp.close());

  const get = (url: string) => pp.running.app.inject({ method: 'GET', url });
  const transactions = () => pp.services.store.repos.transactions;

  /** A fresh link of each kind: the path of its payment page and the email of its customer (unique). */
  const kinds: Record<string, () => Promise<{ path: string; email: string }>> = {
    'a stored link (/pay/<id>)': async () => {
      const email = `payer-${++counter}@example.com`;
      const link = await pp.services.store.repos.paymentLinks.insert({
        amount: 9900,
        currency: 'SAR',
        customerEmail: email,
      });
      return { path: `/pay/${link.id}`, email };
    },
    'a signed /payment/pay link': async () => {
      const email = `payer-${++counter}@example.com`;
      const url = paymentPayUrl(pp.services, {
        amount: '99.00',
        currency: 'SAR',
        reference: 'INV-LINK',
        email,
      });
      return { path: url.slice(pp.services.publicUrl.length), email };
    },
  };

  /** How many transactions the customer of a link has (each link has its own customer). */
  async function paymentsOf(email: string): Promise<number> {
    return (await transactions().list({ search: email }, { limit: 100 })).items.length;
  }

  /** Opens the page, submits it with `method` and returns the draft it started. */
  async function startPayment(path: string, method = 'card'): Promise<TransactionRecord> {
    const page = await get(path);
    assert.equal(page.statusCode, 200, page.body);
    const choice = [...page.body.matchAll(/value="([^"]+:[a-z]+)"/g)]
      .map((m) => m[1] as string)
      .find((value) => value.endsWith(`:${method}`));
    const res = await submitCheckout(pp.running.app, page.body, choice ? { payment_method: choice } : {});
    assert.equal(res.statusCode, 200, res.body);
    const tx = await transactions().findByReference(redirectFormOf(res.body).fields.merchant_reference!);
    assert.ok(tx);
    return tx;
  }

  /** Delivers APS' signed message for `tx` moving it to `state`. */
  async function move(tx: TransactionRecord, state: string): Promise<void> {
    const res = await pp.running.app.inject({
      method: 'POST',
      url: '/payment/aps/webhook',
      payload: formBody(signed(apsResponse(tx, MESSAGES[state]))),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await transactions().findById(tx.id))?.state, state);
  }

  for (const [kind, newLink] of Object.entries(kinds)) {
    describe(kind, () => {
      for (const state of ['pending', 'authorized', 'done']) {
        test(`with a payment ${state}: the page says so and a new attempt is refused with 409`, async () => {
          const { path, email } = await newLink();
          const open = await get(path); // a second tab, loaded before the payment
          const tx = await startPayment(path);
          await move(tx, state);

          const page = await get(path);
          assert.equal(page.statusCode, 200);
          assert.match(
            page.body,
            state === 'pending'
              ? /A payment for this link is in progress/
              : /This payment link has already been paid/,
          );
          assert.doesNotMatch(page.body, /<form/, 'nothing to submit');
          const status = /<a class="button secondary" href="([^"]+)">See the payment status<\/a>/.exec(
            page.body,
          )?.[1];
          assert.ok(status, 'a way to the payment that holds the link');
          const statusPage = await get(unescapeHtml(status));
          assert.equal(statusPage.statusCode, 200);
          assert.match(statusPage.body, new RegExp(tx.reference));

          const arabic = await get(`${path}${path.includes('?') ? '&' : '?'}lang=ar`);
          assert.match(arabic.body, state === 'pending' ? /قيد المعالجة/ : /تم دفع رابط الدفع هذا بالفعل/);

          const refused = await submitCheckout(pp.running.app, open.body);
          assert.equal(refused.statusCode, 409);
          assert.match(
            refused.body,
            state === 'pending'
              ? /A payment for this link is in progress/
              : /This payment link has already been paid/,
          );
          assert.doesNotMatch(refused.body, /data-autosubmit/, 'no redirect to APS');
          assert.equal(await paymentsOf(email), 1, 'no transaction was created');
        });
      }

      for (const state of ['error', 'cancel']) {
        test(`after a payment ends in ${state}, the customer may try again with a new reference`, async () => {
          const { path, email } = await newLink();
          const first = await startPayment(path);
          await move(first, state);
          const page = await get(path);
          assert.equal(page.statusCode, 200);
          assert.match(page.body, /data-autosubmit|name="form_token"/);
          const second = await startPayment(path);
          assert.notEqual(second.reference, first.reference);
          assert.equal(second.state, 'draft');
          assert.equal(await paymentsOf(email), 2);
        });
      }

      test('a draft leaves the link open, and a new submission continues it with the same reference', async () => {
        const { path, email } = await newLink();
        const first = await startPayment(path);
        const page = await get(path);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /name="form_token"/, 'the payment page, not a refusal');
        const again = await startPayment(path);
        assert.equal(again.id, first.id);
        assert.equal(await paymentsOf(email), 1);
      });

      test('two tabs (two GETs, then two POSTs) end in one payable reference', async () => {
        const { path, email } = await newLink();
        const tabA = await get(path);
        const tabB = await get(path);
        const postA = await submitCheckout(pp.running.app, tabA.body);
        const postB = await submitCheckout(pp.running.app, tabB.body);
        assert.equal(postA.statusCode, 200, postA.body);
        assert.equal(postB.statusCode, 200, postB.body);
        const formA = redirectFormOf(postA.body).fields;
        const formB = redirectFormOf(postB.body).fields;
        assert.equal(formB.merchant_reference, formA.merchant_reference, 'APS takes one of them only');
        const tx = await transactions().findByReference(formA.merchant_reference!);
        assert.ok(tx);
        assert.equal(await paymentsOf(email), 1, 'one transaction for the link');

        await move(tx, 'done');
        const third = await submitCheckout(pp.running.app, tabB.body);
        assert.equal(third.statusCode, 409, 'once paid, even the tab that continued it cannot pay again');
      });

      test('two tabs submitting at the same moment still get one reference', async () => {
        const { path, email } = await newLink();
        const [tabA, tabB] = await Promise.all([get(path), get(path)]);
        const [postA, postB] = await Promise.all([
          submitCheckout(pp.running.app, tabA.body),
          submitCheckout(pp.running.app, tabB.body),
        ]);
        assert.equal(
          redirectFormOf(postB.body).fields.merchant_reference,
          redirectFormOf(postA.body).fields.merchant_reference,
        );
        assert.equal(await paymentsOf(email), 1);
      });

      test('another method starts its own draft; a draft older than the APS session is not continued', async () => {
        const { path, email } = await newLink();
        const card = await startPayment(path, 'card');
        const mada = await startPayment(path, 'mada');
        assert.notEqual(mada.reference, card.reference);
        pp.clock.advance(31 * 60_000);
        const later = await startPayment(path, 'card');
        assert.notEqual(later.reference, card.reference);
        assert.equal(await paymentsOf(email), 3);
      });
    });
  }
});
