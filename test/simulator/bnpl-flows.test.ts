/**
 * The simulator's installments, Tabby and valU flows (SPEC S20), spoken to the way APS is: signed
 * requests in, signed answers (and their refusals) out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sign, verifySignature, type SignableValue } from '../../src/providers/aps/signature.js';
import { VALU_SANDBOX_OTP } from '../../src/simulator/valu-api.js';
import { assertSignedByResponsePhrase, formOf, pageRequest, postForm, reference, setup } from './helpers.js';

const card = { card_number: '5123456789012346', expiry_date: '3005', card_security_code: '123' };

test('installments=STANDALONE: plans as plan_code radios; the answer carries the plan, signed', async () => {
  const { app, account, sim } = await setup();
  try {
    const opened = await postForm(
      app,
      '/FortAPI/paymentPage',
      pageRequest(account, { installments: 'STANDALONE', amount: '120000' }),
    );
    assert.match(opened.body, /name="plan_code"\s+value="SB2P09"/);
    const { action } = formOf(opened.body);
    const noPlan = await postForm(app, action, card);
    assert.match(noPlan.body, /id="plan-error"/, 'a missing plan is asked for again');
    const answered = formOf((await postForm(app, action, { ...card, plan_code: 'SB2P09' })).body).fields;
    assert.equal(answered.response_code, '14000');
    assert.equal(answered.number_of_installments, '9');
    assert.equal(answered.plan_code, 'SB2P09');
    assert.equal(answered.issuer_code, 'SIMB02');
    assertSignedByResponsePhrase(answered, account);
  } finally {
    await sim.close();
  }
});

test('installments: under the plan minimum 084, AUTHORIZATION refused 00033', async () => {
  const { app, account, sim } = await setup();
  try {
    const opened = await postForm(
      app,
      '/FortAPI/paymentPage',
      pageRequest(account, { installments: 'STANDALONE', amount: '60000' }),
    );
    const answered = formOf(
      (await postForm(app, formOf(opened.body).action, { ...card, plan_code: 'SB2P09' })).body,
    ).fields;
    assert.equal(answered.response_code, '13084');
    const refused = await postForm(
      app,
      '/FortAPI/paymentPage',
      pageRequest(account, { installments: 'STANDALONE', command: 'AUTHORIZATION' }),
    );
    assert.equal(formOf(refused.body).fields.response_code, '00033');
  } finally {
    await sim.close();
  }
});

test('Tabby needs phone_number and order_description (00001)', async () => {
  const { app, account, sim } = await setup();
  try {
    const refused = await postForm(
      app,
      '/FortAPI/paymentPage',
      pageRequest(account, { payment_option: 'TABBY', phone_number: '+966501234567' }),
    );
    assert.equal(formOf(refused.body).fields.response_code, '00001');
  } finally {
    await sim.close();
  }
});

test('valU: verify, code with plans (unsigned installment_detail), purchase; signed answers', async () => {
  const { app, account, sim } = await setup({ paymentOptions: ['VISA', 'VALU'] as never });
  try {
    const ref = reference();
    const call = async (params: Record<string, SignableValue>) => {
      const body = sign(
        {
          access_code: account.accessCode,
          merchant_identifier: account.merchantIdentifier,
          language: 'en',
          merchant_reference: ref,
          payment_option: 'VALU',
          phone_number: '+201001234567',
          ...params,
        },
        account.shaRequestPhrase,
        account.shaType,
      );
      const res = await app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
      return res.json() as Record<string, SignableValue>;
    };
    const verified = await call({ service_command: 'CUSTOMER_VERIFY' });
    assert.equal(verified.response_code, '90000');
    const products = [{ product_name: 'Lamp', product_price: 600000, product_category: 'General' }];
    const code = await call({
      service_command: 'OTP_GENERATE',
      amount: '600000',
      currency: 'EGP',
      products,
      total_downpayment: '0',
      include_installments: 'YES',
    });
    assert.equal(code.response_code, '88000');
    const { installment_detail: detail, ...signedPart } = code;
    assert.ok(verifySignature(signedPart, account.shaResponsePhrase, account.shaType).valid);
    assert.deepEqual(
      (detail as { plan_details: { number_of_installments: number }[] }).plan_details.map(
        (p) => p.number_of_installments,
      ),
      [6, 12, 18],
    );
    const paid = await call({
      command: 'PURCHASE',
      amount: '600000',
      currency: 'EGP',
      otp: VALU_SANDBOX_OTP,
      tenure: '6',
      transaction_id: String(code.transaction_id),
    });
    assert.equal(paid.response_code, '14000');
    assert.ok(verifySignature(paid, account.shaResponsePhrase, account.shaType).valid);
  } finally {
    await sim.close();
  }
});
