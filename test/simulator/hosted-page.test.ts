import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertSignedByResponsePhrase,
  formOf,
  pageRequest,
  pay,
  postForm,
  setup,
  tagsOf,
} from './helpers.js';

describe('hosted card page', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup({
      pageTitle: 'Books & <Co>',
      logoUrl: 'https://cdn.example/logo.png',
      primaryColour: '#0a7d4f',
    });
  });
  after(() => ctx.sim.close());

  async function open(overrides: Record<string, string> = {}) {
    const response = await postForm(ctx.app, '/FortAPI/paymentPage', pageRequest(ctx.account, overrides));
    assert.equal(response.statusCode, 200, response.body);
    return response;
  }

  test('shows one POST form with the APS card fields, a Cancel button and the session in the action', async () => {
    const response = await open();
    const body = response.body;
    assert.equal(body.match(/<form /g)?.length, 1);
    assert.match(body, /<form method="post" action="\/FortAPI\/paymentPage\/session\/[0-9a-f]{32}">/);
    const inputs = tagsOf(body, 'input').map((input) => input.name);
    assert.deepEqual(inputs, ['card_number', 'expiry_date', 'card_security_code', 'card_holder_name']);
    const cancel = tagsOf(body, 'button').find((button) => button.name === 'cancel');
    assert.ok(cancel && 'formnovalidate' in cancel, 'a Cancel button that skips the browser checks');
    assert.equal(response.headers['set-cookie'], undefined);
  });

  test('lists the test cards and the magic card holder names', async () => {
    const body = (await open()).body;
    for (const text of [
      '4005550000000001',
      '4557012345678902',
      '5297412542005689',
      'INSUFFICIENT FUNDS',
      'PENDING DECLINED',
      'UNCERTAIN',
    ]) {
      assert.ok(body.includes(text), `missing ${text}`);
    }
  });

  test("applies the account's Payment Page Template, escaped", async () => {
    const body = (await open()).body;
    assert.match(body, /Books &amp; &lt;Co&gt;/);
    assert.match(body, /<img src="https:\/\/cdn\.example\/logo\.png"/);
    assert.match(body, /--primary: #0a7d4f;/);
  });

  test('shows the amount in major units with the currency', async () => {
    assert.match(
      (await open({ amount: '12500', currency: 'KWD', payment_option: 'KNET' })).body,
      /12\.500 KWD/,
    );
  });

  test('puts the CSP nonce on the inline style', async () => {
    const response = await open();
    const nonce = /style-src 'nonce-([0-9a-f]+)'/.exec(
      String(response.headers['content-security-policy']),
    )?.[1];
    assert.ok(nonce);
    assert.ok(response.body.includes(`<style nonce="${nonce}">`));
  });

  test('speaks Arabic, right to left, for language=ar', async () => {
    const body = (await open({ language: 'ar' })).body;
    assert.match(body, /<html lang="ar" dir="rtl">/);
    assert.ok(body.includes('رقم البطاقة'));
    assert.ok(body.includes('إلغاء'));
  });

  test('returns the customer with a self-submitting form, a noscript button and a nonce on the script', async () => {
    const { page } = await pay(ctx.app, pageRequest(ctx.account), {});
    const nonce = /script-src 'nonce-([0-9a-f]+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    assert.ok(nonce);
    const script = new RegExp(
      `<script nonce="${nonce}">\\s*document\\.getElementById\\('return'\\)\\.submit\\(\\);\\s*</script>`,
    );
    assert.match(page.body, script);
    assert.match(page.body, /<noscript><button class="primary" type="submit">Continue<\/button><\/noscript>/);
  });

  test('refuses to process a session twice', async () => {
    const { action } = await pay(ctx.app, pageRequest(ctx.account), {});
    const again = await postForm(ctx.app, action, {
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already been completed/);
  });

  test('answers 404 for an unknown session', async () => {
    const response = await postForm(ctx.app, `/FortAPI/paymentPage/session/${'0'.repeat(32)}`, {});
    assert.equal(response.statusCode, 404);
  });
});

describe('3-D Secure step', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup();
  });
  after(() => ctx.sim.close());

  async function challenge(card: Record<string, string>, overrides: Record<string, string> = {}) {
    const request = pageRequest(ctx.account, overrides);
    const { action, page } = await pay(ctx.app, request, card);
    assert.match(page.body, /name="otp"/);
    const otp = /id="sandbox-otp">(\d{6})</.exec(page.body)?.[1];
    assert.ok(otp, 'the sandbox shows the one-time password');
    return { action, otp };
  }

  for (const [number, cvv] of [
    ['4557012345678902', '123'],
    ['5313581000123430', '123'],
    ['374200000000004', '1234'],
  ] as const) {
    test(`asks for the one-time password for ${number} and then approves`, async () => {
      const { action, otp } = await challenge({ card_number: number, card_security_code: cvv });
      const result = await postForm(ctx.app, action, { otp });
      const fields = formOf(result.body).fields;
      assert.equal(fields.response_code, '14000');
      assertSignedByResponsePhrase(fields, ctx.account);
    });
  }

  test('fails a wrong one-time password with 13030', async () => {
    const { action, otp } = await challenge({ card_number: '4557012345678902' });
    const wrong = otp === '000000' ? '111111' : '000000';
    const fields = formOf((await postForm(ctx.app, action, { otp: wrong })).body).fields;
    assert.equal(fields.response_code, '13030');
  });

  test('applies a magic card holder name after the one-time password', async () => {
    const { action, otp } = await challenge({ card_number: '4557012345678902', card_holder_name: 'PENDING' });
    const fields = formOf((await postForm(ctx.app, action, { otp })).body).fields;
    assert.equal(fields.response_code, '19065');
  });

  test('can be cancelled on the one-time password page', async () => {
    const { action } = await challenge({ card_number: '4557012345678902' });
    const fields = formOf((await postForm(ctx.app, action, { cancel: '1' })).body).fields;
    assert.equal(fields.response_code, '00072');
  });
});

describe('hosted session lifetime', () => {
  test('still accepts the card after 29 minutes', async () => {
    const ctx = await setup();
    try {
      const opened = await postForm(ctx.app, '/FortAPI/paymentPage', pageRequest(ctx.account));
      ctx.clock.advance(29 * 60 * 1000);
      const result = await postForm(ctx.app, formOf(opened.body).action, {
        card_number: '4005550000000001',
        expiry_date: '3005',
        card_security_code: '123',
      });
      assert.equal(formOf(result.body).fields.response_code, '14000');
    } finally {
      await ctx.sim.close();
    }
  });

  test('answers 00778, signed, when the card arrives more than 30 minutes after the request', async () => {
    const ctx = await setup();
    try {
      const request = pageRequest(ctx.account);
      const opened = await postForm(ctx.app, '/FortAPI/paymentPage', request);
      ctx.clock.advance(30 * 60 * 1000 + 1);
      const result = await postForm(ctx.app, formOf(opened.body).action, {
        card_number: '4005550000000001',
        expiry_date: '3005',
        card_security_code: '123',
      });
      const fields = formOf(result.body).fields;
      assert.equal(fields.response_code, '00778');
      assert.equal(fields.response_message, 'Session timed-out');
      assertSignedByResponsePhrase(fields, ctx.account);
    } finally {
      await ctx.sim.close();
    }
  });
});
