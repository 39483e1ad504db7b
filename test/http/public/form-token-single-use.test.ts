/**
 * A payment form token is single-use (S14 "Small ones"): the first submission creates the draft; a
 * replay of the same form — sequential or concurrent — creates nothing more and answers 409.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentPayUrl } from '../../../src/http/public/index.js';
import { startPublicApp, submitCheckout, type PublicTestApp } from './helpers.js';

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

  test('replaying a submitted form answers 409 and creates no second draft', async () => {
    const form = await page('INV-ONCE');
    assert.equal((await submitCheckout(t.app, form, { email: 'a@example.com' })).statusCode, 200);
    const replay = await submitCheckout(t.app, form, { email: 'a@example.com' });
    assert.equal(replay.statusCode, 409);
    assert.match(replay.body, /already sent/);
    assert.equal(await drafts('INV-ONCE'), 1);
  });

  test('twenty concurrent submissions of one form create one draft', async () => {
    const form = await page('INV-RACE');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => submitCheckout(t.app, form, { email: 'b@example.com' })),
    );
    assert.equal(answers.filter((a) => a.statusCode === 200).length, 1);
    assert.equal(await drafts('INV-RACE'), 1);
  });
});
