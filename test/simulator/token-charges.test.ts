/**
 * Token charges on paymentApi: PURCHASE/AUTHORIZATION with token_name (direct answer, or 20064 and the
 * 3-D Secure page), recurring charges, UPDATE_TOKEN, and the control API's view of tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from '../../src/providers/aps/signature.js';
import type { MerchantAccount } from '../../src/simulator/index.js';
import {
  apiRequest,
  assertSignedByResponsePhrase,
  formOf,
  pageRequest,
  pay,
  postForm,
  reference,
  setup,
  startReceiver,
  tagsOf,
  type Receiver,
} from './helpers.js';

const VISA = '4005550000000001';
const VISA_3DS = '4557012345678902';

describe('token charges, recurring and UPDATE_TOKEN on paymentApi', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let account: MerchantAccount;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    ctx = await setup({ directFeedbackUrl: receiver.url, notificationUrl: receiver.url });
    account = ctx.account;
  });
  after(async () => {
    await ctx.sim.close();
    await receiver.close();
  });

  /** Issues a token through the Merchant Page 2.0 form; returns its token_name. */
  async function tokenize(card: string, holder = 'Jane Doe', expiry = '3005'): Promise<string> {
    const signed = sign(
      {
        service_command: 'TOKENIZATION',
        access_code: account.accessCode,
        merchant_identifier: account.merchantIdentifier,
        merchant_reference: reference(),
        language: 'en',
        return_url: 'https://shop.example/payment/aps/card-form',
      },
      account.shaRequestPhrase,
      account.shaType,
    );
    const code = card.length === 15 ? '1234' : '123';
    const page = await postForm(ctx.app, '/FortAPI/paymentPage', {
      ...signed,
      card_number: card,
      expiry_date: expiry,
      card_security_code: code,
      card_holder_name: holder,
      remember_me: 'YES',
    });
    const fields = formOf(page.body).fields;
    assert.equal(fields.response_code, '18000', JSON.stringify(fields));
    return fields.token_name ?? '';
  }

  async function api(params: Record<string, string>): Promise<Record<string, string>> {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentApi',
      payload: apiRequest(account, params),
    });
    assert.equal(response.statusCode, 200, response.body);
    const fields = response.json() as Record<string, string>;
    assertSignedByResponsePhrase(fields, account);
    return fields;
  }

  function charge(tokenName: string, extra: Record<string, string> = {}) {
    return api({
      command: 'PURCHASE',
      merchant_reference: reference(),
      amount: '2500',
      currency: 'SAR',
      customer_email: 'customer@example.com',
      token_name: tokenName,
      customer_ip: '192.0.2.10',
      return_url: 'https://shop.example/payment/aps/return',
      ...extra,
    });
  }

  test('a PURCHASE with a token answers 14000 at once with the masked card, and feeds back', async () => {
    const tokenName = await tokenize(VISA);
    const before = receiver.received.length;
    const fields = await charge(tokenName, { card_security_code: '123' });
    assert.equal(fields.response_code, '14000', JSON.stringify(fields));
    assert.equal(fields.token_name, tokenName);
    assert.equal(fields.card_number, '400555******0001');
    assert.equal(fields.payment_option, 'VISA');
    assert.match(fields.fort_id ?? '', /^\d{18}$/);
    assert.equal(fields.card_security_code, undefined);
    const [feedback] = (await receiver.waitFor(before + 1)).slice(before);
    assert.equal(feedback?.fields.response_code, '14000');
    assert.equal(feedback?.fields.merchant_reference, fields.merchant_reference);
  });

  test('an AUTHORIZATION with a token answers 02000 and can be captured and refunded', async () => {
    const tokenName = await tokenize('5123456789012346');
    const fields = await charge(tokenName, { command: 'AUTHORIZATION' });
    assert.equal(fields.response_code, '02000');
    const ref = fields.merchant_reference ?? '';
    const money = { merchant_reference: ref, amount: '2500', currency: 'SAR' };
    assert.equal((await api({ command: 'CAPTURE', ...money })).response_code, '04000');
    assert.equal((await api({ command: 'REFUND', ...money, amount: '1000' })).response_code, '06000');
    const status = await api({ query_command: 'CHECK_STATUS', merchant_reference: ref });
    assert.equal(status.captured_amount, '2500');
    assert.equal(status.refunded_amount, '1000');
  });

  test('a token of a 3-D Secure card answers 20064 with 3ds_url; the OTP page posts the result to return_url', async () => {
    const tokenName = await tokenize(VISA_3DS);
    const fields = await charge(tokenName);
    assert.equal(fields.status, '20');
    assert.equal(fields.response_code, '20064');
    const url = new URL(fields['3ds_url'] ?? '');
    assert.match(url.pathname, /^\/FortAPI\/paymentPage\/session\/[0-9a-f]{32}$/);
    const ref = fields.merchant_reference ?? '';
    const pending = await api({ query_command: 'CHECK_STATUS', merchant_reference: ref });
    assert.equal(pending.transaction_code, '20064');

    const otpPage = await ctx.app.inject({ method: 'GET', url: url.pathname });
    assert.equal(otpPage.statusCode, 200);
    assert.match(
      String(otpPage.headers['content-security-policy']),
      /frame-ancestors https:\/\/shop\.example/,
    );
    const otp = /id="sandbox-otp">(\d{6})</.exec(otpPage.body)?.[1] ?? '';
    const before = receiver.received.length;
    const done = await postForm(ctx.app, url.pathname, { otp });
    const form = formOf(done.body);
    assert.equal(form.action, 'https://shop.example/payment/aps/return');
    assertSignedByResponsePhrase(form.fields, account);
    assert.equal(form.fields.response_code, '14000');
    assert.equal(form.fields.fort_id, fields.fort_id);
    const [feedback] = (await receiver.waitFor(before + 1)).slice(before);
    assert.equal(feedback?.fields.response_code, '14000');
    const after = await api({ query_command: 'CHECK_STATUS', merchant_reference: ref });
    assert.equal(after.transaction_code, '14000');
    assert.equal(after.captured_amount, '2500');
  });

  test('a wrong OTP on the 3-D Secure page of a token charge → 13030', async () => {
    const fields = await charge(await tokenize('5313581000123430'));
    const path = new URL(fields['3ds_url'] ?? '').pathname;
    const done = await postForm(ctx.app, path, { otp: '000000x' });
    assert.equal(formOf(done.body).fields.response_code, '13030');
  });

  test('a card whose holder is DECLINED is declined on every charge → 13666', async () => {
    const fields = await charge(await tokenize(VISA, 'DECLINED'));
    assert.equal(fields.response_code, '13666');
  });

  test('an unknown token → 13044 (03044 for AUTHORIZATION); nothing is recorded', async () => {
    const fields = await charge('no-such-token');
    assert.equal(fields.response_code, '13044');
    const ref = fields.merchant_reference ?? '';
    assert.equal(ctx.sim.state.transaction(account.merchantIdentifier, ref), undefined);
    assert.equal((await charge('no-such-token', { command: 'AUTHORIZATION' })).response_code, '03044');
  });

  test('a token charge needs customer_ip (00001); a bad signature is refused (00008)', async () => {
    const tokenName = await tokenize(VISA);
    const body = apiRequest(account, {
      command: 'PURCHASE',
      merchant_reference: reference(),
      amount: '2500',
      currency: 'SAR',
      customer_email: 'customer@example.com',
      token_name: tokenName,
    });
    const missing = await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
    assert.equal((missing.json() as Record<string, string>).response_code, '00001');
    const tampered = { ...apiRequest(account, { ...body, customer_ip: '192.0.2.1' }), amount: '1' };
    delete (tampered as Record<string, string>).signature;
    const signedThenChanged = { ...apiRequest(account, { ...tampered, amount: '2500' }), amount: '1' };
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentApi',
      payload: signedThenChanged,
    });
    assert.equal((refused.json() as Record<string, string>).response_code, '00008');
  });

  test('UPDATE_TOKEN INACTIVE answers 58000; the token is then refused (13044), and ACTIVE brings it back', async () => {
    const tokenName = await tokenize(VISA);
    const update = (status: string) =>
      api({
        service_command: 'UPDATE_TOKEN',
        merchant_reference: reference(),
        token_name: tokenName,
        token_status: status,
      });
    const off = await update('INACTIVE');
    assert.equal(off.response_code, '58000', JSON.stringify(off));
    assert.equal(off.token_status, 'INACTIVE');
    assert.equal(off.card_number, '400555******0001');
    assert.equal(off.card_bin, '400555');
    assert.equal((await charge(tokenName)).response_code, '13044');
    assert.equal((await charge(tokenName, { eci: 'RECURRING' })).response_code, '13044');
    assert.equal((await update('ACTIVE')).token_status, 'ACTIVE');
    assert.equal((await charge(tokenName)).response_code, '14000');
  });

  test('UPDATE_TOKEN of an unknown token → 59044; a bad token_status → 00033', async () => {
    const base = { service_command: 'UPDATE_TOKEN', merchant_reference: reference() };
    assert.equal((await api({ ...base, token_name: 'nope' })).response_code, '59044');
    assert.equal((await api({ ...base, token_name: 'nope', token_status: 'GONE' })).response_code, '00033');
  });

  test('a recurring PURCHASE (eci=RECURRING) of a 3-D Secure card answers 14000 without 3-D Secure', async () => {
    const tokenName = await tokenize(VISA_3DS);
    const fields = await api({
      command: 'PURCHASE',
      merchant_reference: reference(),
      amount: '990',
      currency: 'SAR',
      customer_email: 'customer@example.com',
      token_name: tokenName,
      eci: 'RECURRING',
      agreement_id: 'AGR-1',
    });
    assert.equal(fields.response_code, '14000', JSON.stringify(fields));
    assert.equal(fields.eci, 'RECURRING');
    assert.equal(fields['3ds_url'], undefined);
  });

  test('recurring declines: insufficient funds 13029, expired card 13012; RECURRING with AUTHORIZATION 00113, with a CVV 00027', async () => {
    const recurring = (tokenName: string, extra: Record<string, string> = {}) =>
      api({
        command: 'PURCHASE',
        merchant_reference: reference(),
        amount: '990',
        currency: 'SAR',
        customer_email: 'customer@example.com',
        token_name: tokenName,
        eci: 'RECURRING',
        ...extra,
      });
    assert.equal((await recurring(await tokenize(VISA, 'INSUFFICIENT FUNDS'))).response_code, '13029');
    const lapsing = await tokenize(VISA, 'Jane Doe', '2603');
    ctx.clock.set(new Date('2026-04-02T00:00:00.000Z'));
    try {
      assert.equal((await recurring(lapsing)).response_code, '13012');
    } finally {
      ctx.clock.set(new Date('2026-03-01T10:00:00.000Z'));
    }
    const good = await tokenize(VISA);
    assert.equal((await recurring(good, { command: 'AUTHORIZATION' })).response_code, '00113');
    assert.equal((await recurring(good, { card_security_code: '123' })).response_code, '00027');
  });

  test('a hosted payment with remember_me=YES leaves a token whose name the answer carries', async () => {
    const { page } = await pay(ctx.app, pageRequest(account, { remember_me: 'YES' }), {});
    const fields = formOf(page.body).fields;
    assert.equal(fields.response_code, '14000');
    assertSignedByResponsePhrase(fields, account);
    assert.ok(ctx.sim.state.token(account.merchantIdentifier, fields.token_name ?? ''));
    const plain = formOf((await pay(ctx.app, pageRequest(account), {})).page.body).fields;
    assert.equal(plain.token_name, undefined);
  });

  test('a Redirection request naming a saved token shows the card masked and asks only the security code', async () => {
    const tokenName = await tokenize('5123456789012346');
    const request = pageRequest(account, { token_name: tokenName });
    const opened = await postForm(ctx.app, '/FortAPI/paymentPage', request);
    const names = tagsOf(opened.body, 'input').map((input) => input.name);
    assert.ok(!names.includes('card_number') && names.includes('card_security_code'), names.join(','));
    assert.match(opened.body, /512345\*{6}2346/);
    const action = formOf(opened.body).action;
    const missing = await postForm(ctx.app, action, { card_security_code: '' });
    assert.equal(formOf(missing.body).action, action, 'the empty code is asked again');
    const paid = formOf((await postForm(ctx.app, action, { card_security_code: '123' })).body).fields;
    assert.equal(paid.response_code, '14000');
    assert.equal(paid.card_number, '512345******2346');
    assert.equal(paid.token_name, tokenName);
    assertSignedByResponsePhrase(paid, account);
  });

  test('GET /_sim/tokens lists tokens without any full card number; a transaction shows its token', async () => {
    const tokenName = await tokenize(VISA);
    const fields = await charge(tokenName);
    const list = await ctx.app.inject({ method: 'GET', url: '/_sim/tokens' });
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /4005550000000001|4557012345678902/);
    const tokens = (list.json() as { tokens: Array<Record<string, unknown>> }).tokens;
    const mine = tokens.find((t) => t.tokenName === tokenName);
    assert.equal(mine?.maskedNumber, '400555******0001');
    assert.equal(mine?.last4, '0001');
    assert.equal(mine?.status, 'ACTIVE');
    const one = await ctx.app.inject({ method: 'GET', url: `/_sim/tokens/${tokenName}` });
    assert.equal((one.json() as { token: { brand: string } }).token.brand, 'VISA');
    const order = await ctx.app.inject({
      method: 'GET',
      url: `/_sim/transactions/${fields.merchant_reference}`,
    });
    const transaction = (order.json() as { transaction: { tokenName: string; token: { tokenName: string } } })
      .transaction;
    assert.equal(transaction.token.tokenName, tokenName);
    const bad = await ctx.app.inject({ method: 'GET', url: '/_sim/tokens?status=GONE' });
    assert.equal(bad.statusCode, 400);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/_sim/tokens/unknown' })).statusCode, 404);
  });
});
