/**
 * A payment form token is single-use (S14 "Small ones"): the first submission creates the draft; a
 * replay of the same form — sequential or concurrent — creates nothing more. While that draft is still
 * open a repeat (a double click) shows its redirect form again; afterwards a replay answers 409.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentPayUrl } from '../../../src/http/public/index.js';
import { redirectFormOf, startPublicApp, submitCheckout, type PublicTestApp } from './helpers.js';

describe('form tokens are single-use', () => {
  let t: PublicTestApp;
  before(async () => {
    t = await startPublicApp();
  });
  after(() => t.close());

  async function page(reference: string): Promise<string> {
    const url = paymentPayUrl(t.services, { amount: '12.50', currency: 'SAR', reference });
    const res = await t.app.inject({ method: 'GET', url: url.slice(t.services.publicUrl.length) });
    assert.equal(res.statusCode, 200, res.body);
    return res.body;
  }

  async function drafts(orderReference: string): Promise<number> {
    const row = await t.services.store.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('order_reference', '=', orderReference)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test('repeating a submitted form shows the same draft again, and creates no second one', async () => {
    const form = await page('INV-ONCE');
    const first = await submitCheckout(t.app, form, { email: 'a@example.com' });
    assert.equal(first.statusCode, 200);
    const again = await submitCheckout(t.app, form, { email: 'a@example.com' });
    assert.equal(again.statusCode, 200);
    assert.equal(
      redirectFormOf(again.body).fields.merchant_reference,
      redirectFormOf(first.body).fields.merchant_reference,
    );
    assert.equal(await drafts('INV-ONCE'), 1);
  });

  test('once its draft has moved on, replaying the form answers 409 and creates nothing', async () => {
    const form = await page('INV-LATER');
    const first = await submitCheckout(t.app, form, { email: 'c@example.com' });
    const reference = redirectFormOf(first.body).fields.merchant_reference!;
    const tx = (await t.services.store.repos.transactions.findByReference(reference))!;
    // Declined: the link may be paid again, but not with this spent form.
    await t.services.store.repos.transactions.updateState(tx.id, { state: 'error', message: null });
    const replay = await submitCheckout(t.app, form, { email: 'c@example.com' });
    assert.equal(replay.statusCode, 409);
    assert.match(replay.body, /already sent/);
    assert.equal(await drafts('INV-LATER'), 1);
  });

  test('twenty concurrent submissions of one form create one draft', async () => {
    const form = await page('INV-RACE');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => submitCheckout(t.app, form, { email: 'b@example.com' })),
    );
    assert.equal(await drafts('INV-RACE'), 1);
    const shown = answers.filter((a) => a.statusCode === 200);
    assert.ok(shown.length >= 1);
    assert.equal(new Set(shown.map((a) => redirectFormOf(a.body).fields.merchant_reference)).size, 1);
    assert.ok(answers.every((a) => a.statusCode === 200 || a.statusCode === 409));
  });
});
