import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sign } from '../../src/providers/aps/signature.js';
import type { MerchantAccount } from '../../src/simulator/index.js';
import { formOf, pageRequest, postForm, reference, setup } from './helpers.js';

/** The APS signing rule, written independently of src/providers/aps/signature.ts. */
function independentSignature(params: Record<string, string>, phrase: string): string {
  const body = Object.keys(params)
    .filter((key) => key !== 'signature')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('');
  return createHash('sha256').update(`${phrase}${body}${phrase}`, 'utf8').digest('hex');
}

describe('paymentPage request validation', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let account: MerchantAccount;
  before(async () => {
    ctx = await setup({ redirectionUrl: 'https://shop.example/configured-return' });
    account = ctx.account;
  });
  after(() => ctx.sim.close());

  async function refusal(request: Record<string, string>) {
    const response = await postForm(ctx.app, '/FortAPI/paymentPage', request);
    assert.equal(response.statusCode, 200, response.body);
    const form = formOf(response.body);
    assert.equal(form.fields.status, '00', `expected a refusal, got ${JSON.stringify(form.fields)}`);
    assert.equal(form.fields.signature, undefined, 'refusals are unsigned');
    return form;
  }

  async function refusalCode(request: Record<string, string>): Promise<string | undefined> {
    return (await refusal(request)).fields.response_code;
  }

  test('accepts a request signed by an independent implementation of the signing rule', async () => {
    const unsigned = { ...pageRequest(account) };
    delete (unsigned as Record<string, string>).signature;
    const request = { ...unsigned, signature: independentSignature(unsigned, account.shaRequestPhrase) };
    const response = await postForm(ctx.app, '/FortAPI/paymentPage', request);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /name="card_number"/);
  });

  test('refuses with 00008 the same independently signed request with one field changed', async () => {
    const unsigned: Record<string, string> = { ...pageRequest(account) };
    delete unsigned.signature;
    const request = {
      ...unsigned,
      signature: independentSignature(unsigned, account.shaRequestPhrase),
      amount: '10001',
    };
    assert.equal(await refusalCode(request), '00008');
  });

  test('refuses with 00008 a request signed with the response phrase', async () => {
    const unsigned: Record<string, string> = { ...pageRequest(account) };
    delete unsigned.signature;
    assert.equal(await refusalCode(sign(unsigned, account.shaResponsePhrase)), '00008');
  });

  test('refuses extra parameters with 00027', async () => {
    assert.equal(await refusalCode(pageRequest(account, { card_number: '4005550000000001' })), '00027');
  });

  test('refuses a missing required parameter with 00001', async () => {
    const request: Record<string, string> = pageRequest(account);
    delete request.customer_email;
    assert.equal(await refusalCode(request), '00001');
  });

  test('refuses a parameter with characters outside its set with 00002', async () => {
    assert.equal(await refusalCode(pageRequest(account, { customer_email: 'a!b@example.com' })), '00002');
  });

  test('refuses a too long merchant_reference with 00032', async () => {
    assert.equal(await refusalCode(pageRequest(account, { merchant_reference: 'R'.repeat(41) })), '00032');
  });

  test('refuses a value outside the allowed ones with 00033', async () => {
    assert.equal(await refusalCode(pageRequest(account, { language: 'fr' })), '00033');
  });

  test('refuses a maintenance command on the payment page with 00004', async () => {
    assert.equal(await refusalCode(pageRequest(account, { command: 'REFUND' })), '00004');
  });

  test('refuses an unknown merchant identifier with 00009', async () => {
    assert.equal(await refusalCode(pageRequest({ ...account, merchantIdentifier: 'Nobody' })), '00009');
  });

  test('refuses a wrong access code with 00010', async () => {
    assert.equal(await refusalCode(pageRequest({ ...account, accessCode: 'WrongAccessCode00000' })), '00010');
  });

  test('refuses a reused merchant_reference with 00007', async () => {
    const merchantReference = reference();
    const first = await postForm(
      ctx.app,
      '/FortAPI/paymentPage',
      pageRequest(account, { merchant_reference: merchantReference }),
    );
    assert.match(first.body, /name="card_number"/);
    assert.equal(await refusalCode(pageRequest(account, { merchant_reference: merchantReference })), '00007');
  });

  test('refuses a payment option the sandbox does not offer with 00003', async () => {
    assert.equal(await refusalCode(pageRequest(account, { payment_option: 'SADAD' })), '00003');
  });

  test('refuses a local method with AUTHORIZATION (00049) or in another currency (00023)', async () => {
    assert.equal(
      await refusalCode(
        pageRequest(account, { payment_option: 'KNET', command: 'AUTHORIZATION', currency: 'KWD' }),
      ),
      '00049',
    );
    assert.equal(
      await refusalCode(pageRequest(account, { payment_option: 'KNET', currency: 'SAR' })),
      '00023',
    );
  });

  test('answers the refusal message in Arabic for language=ar', async () => {
    const form = await refusal(
      pageRequest({ ...account, accessCode: 'WrongAccessCode00000' }, { language: 'ar' }),
    );
    assert.equal(form.fields.response_message, 'رمز الوصول غير صالح');
  });

  test('posts the refusal back to return_url, echoing the request fields', async () => {
    const request = pageRequest({ ...account, accessCode: 'WrongAccessCode00000' });
    const form = await refusal(request);
    assert.equal(form.action, request.return_url);
    assert.equal(form.fields.merchant_reference, request.merchant_reference);
    assert.equal(form.fields.response_message, 'Invalid access code');
  });

  test('posts the refusal to the configured Redirection URL when the request has no return_url', async () => {
    const request: Record<string, string> = pageRequest(account);
    delete request.return_url;
    delete request.signature;
    const form = await refusal(sign(request, 'not-the-request-phrase'));
    assert.equal(form.action, 'https://shop.example/configured-return');
    assert.equal(form.fields.response_code, '00008');
  });

  test('shows an error page when there is nowhere to send the refusal', async () => {
    const request: Record<string, string> = pageRequest({ ...account, merchantIdentifier: 'Nobody' });
    delete request.return_url;
    const response = await postForm(ctx.app, '/FortAPI/paymentPage', request);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /00009 Invalid merchant identifier/);
    assert.doesNotMatch(response.body, /<form/);
  });

  test('accepts a JSON request body as well as a form', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentPage',
      payload: pageRequest(account),
    });
    assert.equal(response.statusCode, 303);
    const page = await ctx.app.inject({ method: 'GET', url: response.headers.location as string });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="card_number"/);
  });
});

describe('paymentPage refusals that depend on the account settings', () => {
  async function codeFor(
    settings: Partial<MerchantAccount>,
    overrides: Record<string, string> = {},
    dropReturnUrl = false,
  ) {
    const ctx = await setup(settings);
    try {
      const request: Record<string, string> = { ...pageRequest(ctx.account, overrides) };
      if (dropReturnUrl) {
        delete request.return_url;
        delete request.signature;
        Object.assign(request, sign(request, ctx.account.shaRequestPhrase));
      }
      const response = await postForm(ctx.app, '/FortAPI/paymentPage', request);
      if (response.statusCode === 400) return /(\d{5}) /.exec(response.body)?.[1];
      return formOf(response.body).fields.response_code;
    } finally {
      await ctx.sim.close();
    }
  }

  test('refuses with 00015 while the Redirection status is inactive', async () => {
    assert.equal(await codeFor({ redirectionStatus: 'inactive' }), '00015');
  });

  test('refuses with 00014 a payment option that is not ticked in the Redirection settings', async () => {
    assert.equal(await codeFor({ paymentOptions: ['MASTERCARD'] }, { payment_option: 'VISA' }), '00014');
  });

  test('refuses with 00039 when no card payment option is ticked and none is requested', async () => {
    assert.equal(await codeFor({ paymentOptions: ['KNET'] }), '00039');
  });

  test('refuses with 00037 when neither the request nor the settings give a return URL', async () => {
    assert.equal(await codeFor({}, {}, true), '00037');
  });

  test('posts a refusal without any field when "send response parameters" is No', async () => {
    const ctx = await setup({ sendResponseParameters: false });
    try {
      const response = await postForm(
        ctx.app,
        '/FortAPI/paymentPage',
        pageRequest(ctx.account, { language: 'xx' }),
      );
      const form = formOf(response.body);
      assert.equal(form.action, 'https://shop.example/payment/aps/return');
      assert.deepEqual(form.fields, {});
    } finally {
      await ctx.sim.close();
    }
  });
});
