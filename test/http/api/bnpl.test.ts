/**
 * Installments, Tabby and valU through the merchant API against the simulator (SPEC S20): the customer
 * data each method needs, minimums, the chosen plan in the resource, declines, and refunds allowed and
 * refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/services/api/api-keys.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { confirmValu, sendValuCode } from '../../../src/services/valu-checkout.js';
import { VALU_SANDBOX_OTP } from '../../../src/simulator/valu-api.js';
import { forEachDatabase } from '../../support/databases.js';
import { startOperationsHarness, type OperationsHarness } from '../../services/operations/harness.js';
import { formOf, postForm } from '../../simulator/helpers.js';
import { ensureApiRoutes } from './helpers.js';

type Json = Record<string, unknown>;

forEachDatabase('merchant API: installments, Tabby and valU (S20)', (db) => {
  let h: OperationsHarness;
  let key: string;
  before(async () => {
    h = await startOperationsHarness(db);
    await ensureApiRoutes(h.pp);
    await h.pp.services.store.repos.providers.update(h.providerId, {
      paymentMethods: ['card', 'installments', 'tabby', 'valu'],
      installmentsMinimums: { SAR: 50000 },
    });
    key = (await createApiKey({ store: h.pp.services.store }, { name: 'bnpl test' })).key;
  });
  after(() => h.close());

  const api = (method: 'GET' | 'POST', path: string, body?: Json) =>
    h.pp.running.app.inject({
      method,
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
  const create = (overrides: Json) =>
    api('POST', '/transactions', {
      amount: '600.00',
      currency: 'SAR',
      payment_method: 'card',
      customer: { email: 'buyer@example.com', name: 'Buyer' },
      ...overrides,
    });
  const fieldsOf = (res: { json(): unknown }) =>
    ((res.json() as { errors?: { field: string; message: string }[] }).errors ?? []).map((e) => e.field);

  /** Opens the simulator's hosted page with the redirect form and submits `form` on it. */
  async function onHostedPage(redirect: { fields: Record<string, string> }, form: Record<string, string>) {
    const opened = await postForm(h.sim.app, '/FortAPI/paymentPage', redirect.fields);
    assert.equal(opened.statusCode, 200, opened.body);
    const { action } = formOf(opened.body);
    const answered = await postForm(h.sim.app, action, form);
    return { opened: opened.body, returned: formOf(answered.body).fields };
  }
  const ingestReturn = (fields: Record<string, string>) =>
    ingestMessage(h.pp.services, { providerCode: 'aps', channel: 'return', fields });
  const card = { card_number: '4005550000000001', expiry_date: '3005', card_security_code: '123' };

  test('installments under the provider minimum are refused naming the minimum; nothing is created', async () => {
    const res = await create({ payment_method: 'installments', amount: '499.99' });
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(fieldsOf(res), ['amount']);
    assert.match(res.body, /500\.00 SAR/);
  });

  test('installments: STANDALONE page with plans per issuer; the chosen plan is stored and shown', async () => {
    const res = await create({ payment_method: 'installments' });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as {
      reference: string;
      installments: unknown;
      redirect: { fields: Record<string, string> };
    };
    assert.equal(created.installments, null);
    assert.equal(created.redirect.fields.installments, 'STANDALONE');
    assert.equal(created.redirect.fields.command, 'PURCHASE');
    assert.equal(
      created.redirect.fields.payment_option,
      undefined,
      'the customer picks the card on the page',
    );
    const { opened, returned } = await onHostedPage(created.redirect, { ...card, plan_code: 'SB1P06' });
    assert.match(opened, /name="plan_code"\s+value="SB1P03"/);
    assert.match(opened, /name="plan_code"\s+value="SB2P04"/);
    assert.equal(returned.number_of_installments, '6');
    assert.equal(returned.plan_code, 'SB1P06');
    assert.equal(returned.issuer_code, 'SIMB01');
    assert.equal((await ingestReturn(returned)).outcome, 'applied');
    const got = (await api('GET', `/transactions/${created.reference}`)).json() as Json;
    assert.equal(got.state, 'done');
    assert.equal(got.payment_method, 'installments');
    assert.equal(got.card_brand, 'visa');
    assert.deepEqual(got.installments, {
      number_of_installments: 6,
      plan_code: 'SB1P06',
      issuer_code: 'SIMB01',
    });
    const listed = (await api('GET', '/transactions?payment_method=installments')).json() as { data: Json[] };
    assert.deepEqual(
      listed.data.find((t) => t.reference === created.reference)?.installments,
      got.installments,
    );
    const refund = await api('POST', `/transactions/${created.reference}/refunds`, { amount: '100.00' });
    assert.equal(refund.statusCode, 201, refund.body);
  });

  test('installments: a plan of another bank than the card is declined (087) and no plan is stored', async () => {
    const created = (await create({ payment_method: 'installments' })).json() as {
      reference: string;
      redirect: { fields: Record<string, string> };
    };
    const { returned } = await onHostedPage(created.redirect, { ...card, plan_code: 'SB2P04' });
    assert.equal(returned.response_code, '13087');
    await ingestReturn(returned);
    const got = (await api('GET', `/transactions/${created.reference}`)).json() as Json;
    assert.equal(got.state, 'error');
    assert.equal(got.installments, null);
  });

  const tabby = {
    payment_method: 'tabby',
    customer: { email: 'buyer@example.com', phone: '+966501234567', country: 'SA' },
    description: 'Two lamps',
  };

  test('Tabby without phone, country or description is refused naming each field', async () => {
    const noPhone = await create({ ...tabby, customer: { email: 'b@example.com', country: 'SA' } });
    assert.equal(noPhone.statusCode, 422);
    assert.deepEqual(fieldsOf(noPhone), ['customer.phone']);
    const noCountry = await create({
      ...tabby,
      customer: { email: 'b@example.com', phone: '+966501234567' },
    });
    assert.deepEqual(fieldsOf(noCountry), ['customer.country']);
    const noDescription = await create({ ...tabby, description: undefined });
    assert.deepEqual(fieldsOf(noDescription), ['description']);
    const wrongCountry = await create({ ...tabby, customer: { ...tabby.customer, country: 'EG' } });
    assert.deepEqual(fieldsOf(wrongCountry), ['customer.country']);
    const badPhone = await create({ ...tabby, customer: { ...tabby.customer, phone: '0501234567' } });
    assert.equal(badPhone.statusCode, 422);
    assert.deepEqual(fieldsOf(badPhone), ['customer.phone']);
    const tooSmall = await create({ ...tabby, amount: '9.99' });
    assert.equal(tooSmall.statusCode, 422);
    assert.match(tooSmall.body, /10\.00 SAR/);
  });

  test('Tabby approved on its page is paid, and may be refunded in part', async () => {
    const res = await create(tabby);
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as { reference: string; redirect: { fields: Record<string, string> } };
    assert.equal(created.redirect.fields.payment_option, 'TABBY');
    assert.equal(created.redirect.fields.phone_number, '+966501234567');
    assert.equal(created.redirect.fields.order_description, 'Two lamps');
    const { returned } = await onHostedPage(created.redirect, { tabby_decision: 'approve' });
    assert.equal(returned.response_code, '14000');
    await ingestReturn(returned);
    const got = (await api('GET', `/transactions/${created.reference}`)).json() as Json;
    assert.equal(got.state, 'done');
    assert.equal(got.payment_method, 'tabby');
    assert.equal(got.description, 'Two lamps');
    const refund = await api('POST', `/transactions/${created.reference}/refunds`, { amount: '50.00' });
    assert.equal(refund.statusCode, 201, refund.body);
    assert.equal((refund.json() as { refunds: Json[] }).refunds[0]?.state, 'done');
  });

  test('Tabby declining the customer ends the payment in error with its code', async () => {
    const created = (await create(tabby)).json() as {
      reference: string;
      redirect: { fields: Record<string, string> };
    };
    const { returned } = await onHostedPage(created.redirect, { tabby_decision: 'reject' });
    assert.equal(returned.response_code, '13666');
    await ingestReturn(returned);
    assert.equal(((await api('GET', `/transactions/${created.reference}`)).json() as Json).state, 'error');
  });

  const valu = {
    payment_method: 'valu',
    amount: '6000.00',
    currency: 'EGP',
    customer: { email: 'buyer@example.com', phone: '+201001234567', country: 'EG' },
    description: 'Washing machine',
  };

  async function valuDraft(overrides: Json = {}) {
    const res = await create({ ...valu, ...overrides });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as {
      reference: string;
      redirect: { url: string; fields: Record<string, string> };
    };
    const tx = await h.pp.services.store.repos.transactions.findByReference(created.reference);
    assert.ok(tx);
    return { created, tx };
  }

  test('valU under 500 EGP is refused naming the minimum', async () => {
    const res = await create({ ...valu, amount: '499.00' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /500\.00 EGP/);
  });

  test('valU: customer check, code with plans and down payment, purchase; only a full refund', async () => {
    const { created, tx } = await valuDraft();
    assert.match(created.redirect.url, /\/payment\/valu$/, 'valU is paid on payport’s own page');
    const sent = await sendValuCode(h.pp.services, tx, 100000);
    assert.equal(sent.kind, 'code_sent');
    if (sent.kind !== 'code_sent') return;
    assert.deepEqual(
      sent.plans.map((p) => [p.months, p.amountPerMonthMinor]),
      [
        [6, 83334],
        [12, 41667],
        [18, 27778],
      ],
    );
    const otpRequest = h.sentFor(tx.reference).find((s) => s.body.service_command === 'OTP_GENERATE');
    assert.deepEqual((otpRequest?.body as Json | undefined)?.products, [
      { product_name: 'Washingmachine', product_price: 600000, product_category: 'General' },
    ]);
    const paid = await confirmValu(h.pp.services, tx, {
      code: VALU_SANDBOX_OTP,
      months: 12,
      downPaymentMinor: 100000,
      loanOrderId: sent.loanOrderId,
    });
    assert.equal(paid.state, 'done');
    assert.equal(paid.paymentMethod, 'valu');
    const got = (await api('GET', `/transactions/${tx.reference}`)).json() as {
      history: { channel: string }[];
    };
    assert.ok(
      got.history.some((entry) => entry.channel === 'api'),
      'settled through ingestion, channel api',
    );
    const before = h.sent.length;
    const partial = await api('POST', `/transactions/${tx.reference}/refunds`, { amount: '100.00' });
    assert.equal(partial.statusCode, 422, partial.body);
    assert.match(partial.body, /in full/);
    assert.equal(h.sent.length, before, 'nothing was sent to APS');
    const full = await api('POST', `/transactions/${tx.reference}/refunds`, { amount: '6000.00' });
    assert.equal(full.statusCode, 201, full.body);
    assert.equal((full.json() as { refunds: Json[] }).refunds[0]?.state, 'done');
  });

  test('valU declines: unknown customer (00160) and a wrong code (13162) end the payment in error', async () => {
    const unknown = await valuDraft({ customer: { ...valu.customer, phone: '+201000000000' } });
    const result = await sendValuCode(h.pp.services, unknown.tx, 0);
    assert.equal(result.kind, 'settled');
    if (result.kind === 'settled') {
      assert.equal(result.transaction.state, 'error');
      assert.match(result.transaction.stateMessage ?? '', /Customer not found/);
    }
    const wrong = await valuDraft();
    const sent = await sendValuCode(h.pp.services, wrong.tx, 0);
    assert.equal(sent.kind, 'code_sent');
    if (sent.kind !== 'code_sent') return;
    const failed = await confirmValu(h.pp.services, wrong.tx, {
      code: '000000',
      months: 6,
      downPaymentMinor: 0,
      loanOrderId: sent.loanOrderId,
    });
    assert.equal(failed.state, 'error');
    assert.match(failed.stateMessage ?? '', /Invalid OTP/);
  });

  test('valU refuses a down payment of the whole amount before calling valU', async () => {
    const { tx } = await valuDraft();
    const before = h.sent.length;
    await assert.rejects(sendValuCode(h.pp.services, tx, tx.amount), /down payment/);
    assert.equal(h.sent.length, before);
  });
});
