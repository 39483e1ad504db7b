/**
 * The embedded card entry's answer route, `POST /payment/aps/card` (S18): APS' Merchant Page answer
 * (status 18) is verified with the response phrase like every APS message. A forged or altered answer
 * is refused and changes nothing (no charge is sent); a genuine one is charged once, server-to-server.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cardFormFor } from '../../../src/services/cards/card-form.js';
import { forEachDatabase } from '../../support/databases.js';
import { formOf, postForm } from '../../simulator/helpers.js';
import { startOperationsHarness, type OperationsHarness } from '../../services/operations/harness.js';

forEachDatabase('the card form answer at /payment/aps/card', (db) => {
  let h: OperationsHarness;
  before(async () => {
    h = await startOperationsHarness(db);
  });
  after(() => h.close());

  /** A draft, its signed card form sent to the simulator with a card (Merchant Page 2.0), and the answer. */
  async function tokenized(): Promise<{ reference: string; answer: Record<string, string> }> {
    const tx = await h.draft(4_200);
    const form = await cardFormFor(h.pp.services, tx);
    assert.equal(form.fields.service_command, 'TOKENIZATION');
    assert.match(form.fields.return_url ?? '', /\/payment\/aps\/card$/);
    const page = await postForm(h.sim.app, '/FortAPI/paymentPage', {
      ...form.fields,
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: 'Jane Doe',
    });
    const answer = formOf(page.body).fields;
    assert.equal(answer.status, '18', page.body);
    return { reference: tx.reference, answer };
  }

  const post = (fields: Record<string, string>) =>
    h.pp.running.app.inject({
      method: 'POST',
      url: '/payment/aps/card',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  async function stateOf(reference: string): Promise<string | undefined> {
    return (await h.pp.services.store.repos.transactions.findByReference(reference))?.state;
  }

  test('an altered or unsigned answer is refused: nothing is charged and the payment stays a draft', async () => {
    const { reference, answer } = await tokenized();
    for (const forged of [
      { ...answer, token_name: 'someone-elses-token' },
      { ...answer, signature: '0'.repeat(64) },
      Object.fromEntries(Object.entries(answer).filter(([name]) => name !== 'signature')),
    ]) {
      const res = await post(forged);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    }
    assert.equal(await stateOf(reference), 'draft');
    assert.deepEqual(h.sentFor(reference), [], 'nothing was sent to APS');
    const tx = await h.pp.services.store.repos.transactions.findByReference(reference);
    const logged = await h.pp.services.store.repos.notifications.listByTransaction(tx!.id);
    assert.deepEqual(
      logged.map((n) => n.outcome),
      ['bad_signature', 'bad_signature', 'bad_signature'],
    );
    for (const n of logged) assert.ok(!n.payload.includes(answer.token_name!), 'the token is masked');
  });

  test('a genuine answer is charged once with the token, the customer IP and the return URL', async () => {
    const { reference, answer } = await tokenized();
    const res = await post(answer);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'self'/);
    assert.match(res.body, /href="\/payment\/status\?ref=/);
    assert.equal(await stateOf(reference), 'done');
    const [charge] = h.sentFor(reference);
    assert.equal(charge!.body.command, 'PURCHASE');
    assert.equal(charge!.body.token_name, answer.token_name);
    assert.ok(charge!.body.customer_ip);
    assert.match(charge!.body.return_url ?? '', /\/payment\/aps\/return$/);
    const again = await post(answer);
    assert.equal(again.statusCode, 200);
    assert.equal(h.sentFor(reference).length, 1, 'a repeated answer is not charged again');
  });

  test('an answer naming no payment is a 404 page; a repeated parameter is refused', async () => {
    const res = await post({ merchant_reference: 'NOPE-1', status: '18', signature: 'x' });
    assert.equal(res.statusCode, 404);
    const repeated = await h.pp.running.app.inject({
      method: 'GET',
      url: '/payment/aps/card?merchant_reference=a&merchant_reference=b',
    });
    assert.equal(repeated.statusCode, 400);
  });
});
