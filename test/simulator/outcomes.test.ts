import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkExpiry, luhnValid, maskCardNumber } from '../../src/simulator/cards.js';
import {
  assertSignedByResponsePhrase,
  formOf,
  pageRequest,
  pay,
  postForm,
  setup,
  startReceiver,
  type CardForm,
} from './helpers.js';

describe('hosted page outcomes', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup();
  });
  after(() => ctx.sim.close());

  async function result(card: CardForm, overrides: Record<string, string> = {}) {
    const request = pageRequest(ctx.account, overrides);
    const { page } = await pay(ctx.app, request, card);
    assert.equal(page.statusCode, 200, page.body);
    const form = formOf(page.body);
    assert.equal(form.action, request.return_url);
    assertSignedByResponsePhrase(form.fields, ctx.account);
    return form.fields;
  }

  for (const [number, brand, cvv] of [
    ['4005550000000001', 'VISA', '123'],
    ['5123456789012346', 'MASTERCARD', '123'],
    ['345678901234564', 'AMEX', '1234'],
    ['4111111111111111', 'VISA', '123'],
  ] as const) {
    test(`approves the ${brand} test card ${number} with 14000`, async () => {
      const fields = await result({ card_number: number, card_security_code: cvv });
      assert.equal(fields.response_code, '14000');
      assert.equal(fields.status, '14');
      assert.equal(fields.payment_option, brand);
      assert.equal(fields.card_number, maskCardNumber(number));
    });
  }

  test('answers 02000 for an AUTHORIZATION with a success card', async () => {
    const fields = await result({}, { command: 'AUTHORIZATION' });
    assert.equal(fields.response_code, '02000');
    assert.equal(fields.command, 'AUTHORIZATION');
  });

  test('returns the response fields of a payment: echo, fort_id, masked card, brand, eci', async () => {
    const fields = await result({ card_holder_name: 'Jane Doe' }, { order_description: 'Two books' });
    assert.match(fields.fort_id ?? '', /^[1-9]\d{17}$/);
    assert.equal(fields.card_number, '400555******0001');
    assert.equal(fields.expiry_date, '3005');
    assert.equal(fields.card_holder_name, 'Jane Doe');
    assert.equal(fields.eci, 'ECOMMERCE');
    assert.equal(fields.order_description, 'Two books');
    assert.equal(fields.amount, '10000');
    assert.match(fields.authorization_code ?? '', /^\d{6}$/);
    assert.equal(fields.response_message, 'Success');
  });

  for (const [name, code] of [
    ['DECLINED', '13666'],
    ['insufficient funds', '13029'],
    ['PENDING', '19065'],
    ['ON HOLD', '20090'],
    ['Uncertain', '15777'],
  ] as const) {
    test(`answers ${code} for the magic card holder name "${name}"`, async () => {
      const fields = await result({ card_holder_name: name });
      assert.equal(fields.response_code, code);
      assert.equal(fields.authorization_code, undefined);
    });
  }

  test('uses the authorization failure status 03 for a declined AUTHORIZATION', async () => {
    const fields = await result({ card_holder_name: 'DECLINED' }, { command: 'AUTHORIZATION' });
    assert.equal(fields.response_code, '03666');
  });

  test('answers 00072 when the customer presses Cancel', async () => {
    const fields = await result({ cancel: '1', card_number: '' });
    assert.equal(fields.response_code, '00072');
    assert.equal(fields.card_number, undefined);
  });

  /** Submits `card`, expecting the card form again with `field` marked; the payment must go on. */
  async function correction(
    card: CardForm,
    field: string,
    code: string,
    overrides: Record<string, string> = {},
  ) {
    const request = pageRequest(ctx.account, overrides);
    const { action, page } = await pay(ctx.app, request, card);
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(formOf(page.body).action, action, 'the card form again, same session');
    assert.match(page.body, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    assert.match(page.body, new RegExp(`data-field="${field}" data-code="${code}"`));
    const reference = request.merchant_reference ?? '';
    assert.equal(ctx.sim.state.transaction(ctx.account.merchantIdentifier, reference), undefined);
    return { action, request };
  }

  test('lets the customer correct a card number that breaks the Luhn check (016), then pay', async () => {
    const { action, request } = await correction({ card_number: '4005550000000002' }, 'card_number', '016');
    assert.match((await postForm(ctx.app, action, { card_number: '' })).body, /Please fill in/);
    const fixed = await postForm(ctx.app, action, {
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: 'Jane Doe',
    });
    const form = formOf(fixed.body);
    assert.equal(form.action, request.return_url);
    assert.equal(form.fields.response_code, '14000');
  });

  test('lets the customer correct a past (012) or malformed (100) expiry date', async () => {
    await correction({ expiry_date: '2602' }, 'expiry_date', '012');
    await correction({ expiry_date: '3013' }, 'expiry_date', '100');
  });

  test('lets the customer correct a security code of the wrong length (AMEX needs four digits)', async () => {
    await correction({ card_security_code: '12' }, 'card_security_code', '002');
    await correction(
      { card_number: '345678901234564', card_security_code: '123' },
      'card_security_code',
      '002',
    );
  });

  test('marks every mistyped field at once and never shows the typed card number again', async () => {
    const request = pageRequest(ctx.account);
    const { page } = await pay(ctx.app, request, {
      card_number: '4005550000000002',
      expiry_date: '2602',
      card_security_code: '1',
    });
    for (const field of ['card_number', 'expiry_date', 'card_security_code'])
      assert.match(page.body, new RegExp(`data-field="${field}"`));
    assert.doesNotMatch(page.body, /4005550000000002/);
  });

  test('fails a card whose brand differs from the requested payment_option with 13080', async () => {
    assert.equal(
      (await result({ card_number: '5123456789012346' }, { payment_option: 'VISA' })).response_code,
      '13080',
    );
  });

  test('reports MADA for the mada test card and accepts any Luhn-valid card for mada', async () => {
    const own = await result({ card_number: '5297412542005689', card_security_code: '350' });
    assert.equal(own.payment_option, 'MADA');
    const any = await result({ card_number: '4111111111111111' }, { payment_option: 'MADA' });
    assert.equal(any.response_code, '14000');
    assert.equal(any.payment_option, 'MADA');
  });

  test('accepts the KNET test card and PIN for a KNET purchase in KWD', async () => {
    const fields = await result(
      { card_number: '0000000001', card_security_code: '1234' },
      { payment_option: 'KNET', currency: 'KWD', amount: '12500' },
    );
    assert.equal(fields.response_code, '14000');
    assert.equal(fields.payment_option, 'KNET');
  });

  test('re-shows the card form, without ending the payment, when a card field is empty', async () => {
    const request = pageRequest(ctx.account);
    const { page } = await pay(ctx.app, request, { card_number: '' });
    assert.match(page.body, /Please fill in: Card number/);
    assert.match(page.body, /name="card_number"/);
    assert.equal(
      ctx.sim.state.transaction(ctx.account.merchantIdentifier, request.merchant_reference ?? ''),
      undefined,
    );
  });
});

describe('card rules', () => {
  test('recognises Luhn-valid numbers', () => {
    assert.equal(luhnValid('4005550000000001'), true);
    assert.equal(luhnValid('4005550000000002'), false);
  });

  test('masks all but the first six and last four digits', () => {
    assert.equal(maskCardNumber('4005550000000001'), '400555******0001');
    assert.equal(maskCardNumber('345678901234564'), '345678*****4564');
  });

  test('treats a card as valid through the end of its expiry month', () => {
    const now = new Date('2026-03-31T23:00:00Z');
    assert.equal(checkExpiry('2603', now), 'valid');
    assert.equal(checkExpiry('2602', now), 'expired');
    assert.equal(checkExpiry('0312', now), 'expired');
    assert.equal(checkExpiry('26-3', now), 'invalid');
  });
});

describe('"send response parameters" set to No', () => {
  test('returns the customer with an empty form, while the feedback still carries the fields', async () => {
    const receiver = await startReceiver();
    const ctx = await setup({ sendResponseParameters: false, directFeedbackUrl: receiver.url });
    try {
      const { page } = await pay(ctx.app, pageRequest(ctx.account), {});
      const form = formOf(page.body);
      assert.equal(form.action, 'https://shop.example/payment/aps/return');
      assert.deepEqual(form.fields, {});
      const [feedback] = await receiver.waitFor(1);
      assert.equal(feedback?.fields.response_code, '14000');
    } finally {
      await ctx.sim.close();
      await receiver.close();
    }
  });
});
