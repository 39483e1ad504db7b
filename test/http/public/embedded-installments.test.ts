/**
 * Installments with the embedded card entry (S20 with S18) against the simulator: the plans come from
 * a signed GET_INSTALLMENTS_PLANS answer (a tampered one is refused), the choice is checked against the
 * provider's list and the payment's amount, a card of another bank is refused after tokenization with
 * nothing charged, and the PURCHASE carries installments=HOSTED with the chosen plan, which is stored
 * and shown in the API resource.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ProviderSignatureError } from '../../../src/providers/errors.js';
import { createPaymentTransaction } from '../../../src/services/checkout.js';
import { cardFormFor } from '../../../src/services/cards/card-form.js';
import { installmentOffer } from '../../../src/services/cards/installment-choice.js';
import { providerAccountOf } from '../../../src/services/cards/provider-of.js';
import { loadTransactionResource } from '../../../src/services/transaction-resource.js';
import { planToken } from '../../../src/http/public/installments-routes.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import { forEachDatabase } from '../../support/databases.js';
import { formOf, postForm } from '../../simulator/helpers.js';
import { startOperationsHarness, type OperationsHarness } from '../../services/operations/harness.js';

const BANK_ONE_CARD = '4005550000000001';
const BANK_TWO_CARD = '5123456789012346';

forEachDatabase('installments with the embedded card form', (db) => {
  let h: OperationsHarness;
  before(async () => {
    h = await startOperationsHarness(db);
    await h.pp.services.store.repos.providers.update(h.providerId, {
      paymentMethods: ['card', 'installments'],
      cardEntry: 'embedded',
    });
  });
  after(() => h.close());

  const draft = (amountMinor: number, lang: 'en' | 'ar' = 'en') =>
    createPaymentTransaction(h.pp.services, {
      providerId: h.providerId,
      paymentMethod: 'installments',
      amountMinor,
      currency: 'SAR',
      customer: { email: 'buyer@example.com', name: 'Buyer', lang },
      channel: 'system',
    });

  const app = () => h.pp.running.app;
  const planPage = (tx: TransactionRecord, query = '') =>
    app().inject({ method: 'GET', url: `/payment/installments?t=${planToken(h.pp.services, tx)}${query}` });
  const choose = (tx: TransactionRecord, plan?: string, token = planToken(h.pp.services, tx)) =>
    app().inject({
      method: 'POST',
      url: '/payment/installments',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ t: token, ...(plan !== undefined && { plan }) }).toString(),
    });
  const postAnswer = (fields: Record<string, string>) =>
    app().inject({
      method: 'POST',
      url: '/payment/aps/card',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  /** The card form of `tx` sent to the simulator's Merchant Page with `card`; the signed answer. */
  async function tokenize(tx: TransactionRecord, card: string): Promise<Record<string, string>> {
    const form = await cardFormFor(h.pp.services, tx);
    const page = await postForm(h.sim.app, '/FortAPI/paymentPage', {
      ...form.fields,
      card_number: card,
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: 'Jane Doe',
    });
    const answer = formOf(page.body).fields;
    assert.equal(answer.status, '18', page.body);
    return answer;
  }

  const reload = async (tx: TransactionRecord) =>
    (await h.pp.services.store.repos.transactions.findById(tx.id)) as TransactionRecord;

  test('the plan page lists the signed plans per bank, with monthly amounts in the page language', async () => {
    const tx = await draft(60_000);
    const res = await planPage(tx);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Simulated Bank One \(Visa\)/);
    assert.match(res.body, /Simulated Bank Two \(Mastercard\)/);
    assert.match(res.body, /value="SIMB01:SB1P06"/);
    // 600.00 + 2.5 % over 6 months = 102.50 a month.
    assert.match(res.body, /SAR[\s\u00a0]102\.50<\/bdi> a month/);
    // Plans that do not take 600.00 SAR (SB1P12 from 2,000.00, SB2P09 from 1,000.00) are not offered.
    assert.doesNotMatch(res.body, /SB1P12|SB2P09/);
    assert.match(res.body, /value="full"/);
    const ar = await planPage(await draft(60_000, 'ar'));
    assert.match(ar.body, /<html lang="ar" dir="rtl">/);
    assert.match(ar.body, /البنك التجريبي الأول/);
    assert.match(ar.body, /شهريًا/);
  });

  test('a plans answer whose signature does not verify is refused', async () => {
    const tx = await draft(60_000);
    await h.faults({ corruptSignature: ['payment_api'] });
    try {
      const { provider, account } = await providerAccountOf(
        h.pp.services,
        h.pp.services.store.repos,
        h.providerId,
        'test',
      );
      await assert.rejects(
        provider.installmentPlans!(account, { amountMinor: 60_000, currency: 'SAR', lang: 'en' }),
        ProviderSignatureError,
      );
      assert.deepEqual(await installmentOffer(h.pp.services, tx), { kind: 'unavailable', message: null });
      const res = await planPage(tx);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /SIMB01:/, 'no plan of a tampered answer is shown');
      assert.match(res.body, /No installment plan can be offered/);
      const chosen = await choose(tx, 'SIMB01:SB1P06');
      assert.equal(chosen.statusCode, 400);
      assert.equal(await h.pp.services.store.repos.installmentChoices.find(tx.id), undefined);
    } finally {
      await h.faults({ corruptSignature: [] });
    }
  });

  test('a plan outside its range, an unknown plan, no plan and a forged handle are refused; nothing is kept', async () => {
    const tx = await draft(60_000);
    const outside = await choose(tx, 'SIMB01:SB1P12');
    assert.equal(outside.statusCode, 400);
    assert.match(outside.body, /That plan does not take this amount/);
    const unknown = await choose(tx, 'SIMB01:NOPE01');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /no longer offered/);
    const none = await choose(tx);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose a plan, or the full amount/);
    const forged = await choose(tx, 'SIMB01:SB1P06', `${planToken(h.pp.services, tx)}x`);
    assert.equal(forged.statusCode, 400);
    assert.equal(await h.pp.services.store.repos.installmentChoices.find(tx.id), undefined);
    assert.equal((await reload(tx)).state, 'draft');
    const ar = await choose(await draft(60_000, 'ar'), 'SIMB01:SB1P12');
    assert.match(ar.body, /لا تقبل تلك الخطة هذا المبلغ/);
  });

  test('a card of another bank is refused after tokenization: nothing is charged, the plans are shown again', async () => {
    const tx = await draft(60_000);
    const chosen = await choose(tx, 'SIMB01:SB1P06');
    assert.equal(chosen.statusCode, 200, chosen.body);
    assert.match(chosen.body, /iframe/);
    assert.match(chosen.body, /6 monthly installments of/);
    const res = await postAnswer(await tokenize(tx, BANK_TWO_CARD));
    assert.equal(res.statusCode, 200);
    const back = /href="(\/payment\/installments[^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    assert.match(back, /^\/payment\/installments\?t=.+&problem=cardBank$/);
    assert.deepEqual(h.sentFor(tx.reference), [], 'no charge was sent');
    assert.equal((await reload(tx)).state, 'draft');
    const page = await app().inject({ method: 'GET', url: back });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /not from Simulated Bank One \(Visa\)/);
  });

  test('a card of the plan’s bank pays with installments=HOSTED; the plan is stored and in the API resource', async () => {
    const tx = await draft(60_000);
    assert.equal((await choose(tx, 'SIMB01:SB1P06')).statusCode, 200);
    const res = await postAnswer(await tokenize(tx, BANK_ONE_CARD));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /href="\/payment\/status\?ref=/);
    const [charge, ...more] = h.sentFor(tx.reference);
    assert.equal(more.length, 0);
    assert.equal(charge!.body.command, 'PURCHASE');
    assert.equal(charge!.body.installments, 'HOSTED');
    assert.equal(charge!.body.issuer_code, 'SIMB01');
    assert.equal(charge!.body.plan_code, 'SB1P06');
    assert.ok(charge!.body.customer_ip);
    assert.ok(charge!.body.token_name);
    const paid = await reload(tx);
    assert.equal(paid.state, 'done');
    assert.deepEqual(paid.installments, {
      numberOfInstallments: 6,
      planCode: 'SB1P06',
      issuerCode: 'SIMB01',
    });
    const resource = await loadTransactionResource(h.pp.services.store.repos, paid);
    assert.deepEqual(resource.installments, {
      number_of_installments: 6,
      plan_code: 'SB1P06',
      issuer_code: 'SIMB01',
    });
    const after = await planPage(tx);
    assert.equal(after.statusCode, 303, 'a paid payment has no plan page');
  });

  test('the full amount is charged without a plan', async () => {
    const tx = await draft(60_000);
    assert.equal((await choose(tx, 'full')).statusCode, 200);
    await postAnswer(await tokenize(tx, BANK_TWO_CARD));
    const [charge] = h.sentFor(tx.reference);
    assert.equal(charge!.body.installments, undefined);
    const paid = await reload(tx);
    assert.equal(paid.state, 'done');
    assert.equal(paid.installments, null);
  });

  test('a tokenized card with no plan chosen is not charged', async () => {
    const tx = await draft(60_000);
    const res = await postAnswer(await tokenize(tx, BANK_ONE_CARD));
    assert.match(res.body, /problem=planRequiredAgain/);
    assert.deepEqual(h.sentFor(tx.reference), []);
    assert.equal((await reload(tx)).state, 'draft');
  });
});
