/**
 * The Merchant Page: a signed TOKENIZATION form opens a card form the merchant may frame, the card
 * becomes a token, and the browser is posted back to return_url with a signed status 18 answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from '../../src/providers/aps/signature.js';
import type { MerchantAccount } from '../../src/simulator/index.js';
import {
  assertSignedByResponsePhrase,
  formOf,
  pageRequest,
  postForm,
  reference,
  setup,
  tagsOf,
} from './helpers.js';

/** A signed TOKENIZATION form (card fields, when given, are added after signing, as MP2 does). */
export function tokenizationRequest(
  account: MerchantAccount,
  overrides: Record<string, string> = {},
  cardFields: Record<string, string> = {},
): Record<string, string> {
  const signed = sign(
    {
      service_command: 'TOKENIZATION',
      access_code: account.accessCode,
      merchant_identifier: account.merchantIdentifier,
      merchant_reference: reference(),
      language: 'en',
      return_url: 'https://shop.example/payment/aps/card-form',
      ...overrides,
    },
    account.shaRequestPhrase,
    account.shaType,
  );
  return { ...signed, ...cardFields };
}

describe('Merchant Page (service_command=TOKENIZATION)', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let account: MerchantAccount;
  before(async () => {
    ctx = await setup();
    account = ctx.account;
  });
  after(() => ctx.sim.close());

  async function open(request: Record<string, string>) {
    const page = await postForm(ctx.app, '/FortAPI/paymentPage', request);
    assert.equal(page.statusCode, 200, page.body);
    return page;
  }

  test('the card form may be framed by the merchant origin only, and has the APS card fields and remember_me', async () => {
    const page = await open(tokenizationRequest(account));
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors https:\/\/shop\.example(;|$)/);
    assert.equal(page.headers['x-frame-options'], undefined);
    // The Redirection page itself is never framable (APS: do not iframe the hosted page).
    const hosted = await postForm(ctx.app, '/FortAPI/paymentPage', pageRequest(account));
    assert.match(String(hosted.headers['content-security-policy']), /frame-ancestors 'none'/);
    const names = tagsOf(page.body, 'input').map((input) => input.name);
    for (const name of [
      'card_number',
      'expiry_date',
      'card_security_code',
      'card_holder_name',
      'remember_me',
    ]) {
      assert.ok(names.includes(name), `${name} missing: ${names.join(',')}`);
    }
  });

  test('a submitted card is answered with 18000, token_name and the masked card, signed with the response phrase', async () => {
    const request = tokenizationRequest(account);
    const page = await open(request);
    const { action } = formOf(page.body);
    const answer = await postForm(ctx.app, action, {
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: 'Jane Doe',
      remember_me: 'YES',
    });
    assert.match(
      String(answer.headers['content-security-policy']),
      /frame-ancestors https:\/\/shop\.example/,
    );
    const form = formOf(answer.body);
    assert.equal(form.action, request.return_url);
    const fields = form.fields;
    assertSignedByResponsePhrase(fields, account);
    assert.equal(fields.status, '18');
    assert.equal(fields.response_code, '18000');
    assert.equal(fields.service_command, 'TOKENIZATION');
    assert.equal(fields.merchant_reference, request.merchant_reference);
    assert.equal(fields.card_number, '400555******0001');
    assert.equal(fields.card_bin, '400555');
    assert.equal(fields.expiry_date, '3005');
    assert.equal(fields.remember_me, 'YES');
    assert.equal(fields.card_holder_name, 'Jane Doe');
    assert.match(fields.token_name ?? '', /^[0-9a-f]{32}$/);
    assert.equal(fields.card_security_code, undefined);
    const token = ctx.sim.state.token(account.merchantIdentifier, fields.token_name ?? '');
    assert.equal(token?.status, 'ACTIVE');
    assert.equal(token?.brand, 'VISA');
    assert.doesNotMatch(JSON.stringify(ctx.sim.state.toJSON()), /4005550000000001/);
  });

  test('the dashboard lists tokens with the masked card only', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/dashboard/tokens' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /400555\*{6}0001/);
    assert.doesNotMatch(page.body, /4005550000000001/);
    assert.equal(
      tagsOf(page.body, 'tr').filter((row) => row['data-token'] !== undefined).length,
      ctx.sim.state.allTokens().length,
    );
  });

  test('remember_me left unticked is answered NO', async () => {
    const page = await open(tokenizationRequest(account));
    const answer = await postForm(ctx.app, formOf(page.body).action, {
      card_number: '5123456789012346',
      expiry_date: '3005',
      card_security_code: '123',
    });
    const fields = formOf(answer.body).fields;
    assert.equal(fields.response_code, '18000');
    assert.equal(fields.remember_me, 'NO');
  });

  test('a mistyped card is shown again to correct; nothing is issued', async () => {
    const before = ctx.sim.state.allTokens().length;
    const page = await open(tokenizationRequest(account));
    const { action } = formOf(page.body);
    const again = await postForm(ctx.app, action, {
      card_number: '4005550000000002',
      expiry_date: '3005',
      card_security_code: '123',
    });
    assert.equal(formOf(again.body).action, action);
    const input = tagsOf(again.body, 'input').find((i) => i.name === 'card_number');
    assert.equal(input?.['aria-invalid'], 'true');
    assert.equal(ctx.sim.state.allTokens().length, before);
  });

  test('Cancel answers 00072 to return_url', async () => {
    const page = await open(tokenizationRequest(account));
    const answer = await postForm(ctx.app, formOf(page.body).action, { cancel: '1' });
    const fields = formOf(answer.body).fields;
    assert.equal(fields.response_code, '00072');
    assertSignedByResponsePhrase(fields, account);
  });

  test('a bad signature is refused with 00008, unsigned, and no card form is shown', async () => {
    const request = { ...tokenizationRequest(account), merchant_reference: 'TAMPERED-1' };
    const answer = await open(request);
    assert.ok(!tagsOf(answer.body, 'input').some((i) => i.name === 'card_number'));
    const fields = formOf(answer.body).fields;
    assert.equal(fields.response_code, '00008');
    assert.equal(fields.status, '00');
    assert.equal(fields.signature, undefined);
  });

  test('Merchant Page 2.0: card fields outside the signature are tokenized at once, and never echoed', async () => {
    const request = tokenizationRequest(
      account,
      {},
      {
        card_number: '4557012345678902',
        expiry_date: '3005',
        card_security_code: '123',
        card_holder_name: 'Jane Doe',
        remember_me: 'YES',
      },
    );
    const answer = await open(request);
    const fields = formOf(answer.body).fields;
    assert.equal(fields.response_code, '18000', JSON.stringify(fields));
    assertSignedByResponsePhrase(fields, account);
    assert.equal(fields.card_number, '455701******8902');
    assert.equal(fields.card_security_code, undefined);
    assert.equal(
      ctx.sim.state.token(account.merchantIdentifier, fields.token_name ?? '')?.threeDsEnrolled,
      true,
    );
  });

  test('Merchant Page 2.0 with a card that fails the checks → 17016, no token', async () => {
    const answer = await open(
      tokenizationRequest(
        account,
        {},
        { card_number: '4005550000000002', expiry_date: '3005', card_security_code: '123' },
      ),
    );
    const fields = formOf(answer.body).fields;
    assert.equal(fields.response_code, '17016');
    assert.equal(fields.token_name, undefined);
    assert.doesNotMatch(answer.body, /4005550000000002/);
  });

  test('an unknown field is an extra parameter → 00027; a missing merchant_reference → 00001', async () => {
    const extra = tokenizationRequest(account, { amount_due: '1' });
    assert.equal(formOf((await open(extra)).body).fields.response_code, '00027');
    const signedWithout = sign(
      {
        service_command: 'TOKENIZATION',
        access_code: account.accessCode,
        merchant_identifier: account.merchantIdentifier,
        language: 'en',
        return_url: 'https://shop.example/payment/aps/card-form',
      },
      account.shaRequestPhrase,
      account.shaType,
    );
    assert.equal(formOf((await open(signedWithout)).body).fields.response_code, '00001');
  });

  test('a token named in the request shows the saved card and asks only the security code', async () => {
    const first = await open(tokenizationRequest(account));
    const issued = formOf(
      (
        await postForm(ctx.app, formOf(first.body).action, {
          card_number: '345678901234564',
          expiry_date: '3005',
          card_security_code: '1234',
          remember_me: 'YES',
        })
      ).body,
    ).fields;
    const tokenName = issued.token_name ?? '';
    const page = await open(tokenizationRequest(account, { token_name: tokenName }));
    const names = tagsOf(page.body, 'input').map((input) => input.name);
    assert.ok(!names.includes('card_number'));
    assert.ok(names.includes('card_security_code'));
    assert.match(page.body, /345678\*{5}4564/);
    const answer = await postForm(ctx.app, formOf(page.body).action, { card_security_code: '1234' });
    const fields = formOf(answer.body).fields;
    assert.equal(fields.response_code, '18000');
    assert.equal(fields.token_name, tokenName);
    assert.equal(fields.card_number, '345678*****4564');
  });
});
