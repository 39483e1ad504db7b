/**
 * Runs the token conformance tables (token-rules.ts) against the simulator: the Merchant Page form,
 * token charges and their 3-D Secure answer, and UPDATE_TOKEN, each row with its source.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from '../../../src/providers/aps/signature.js';
import type { MerchantAccount } from '../../../src/simulator/index.js';
import {
  apiRequest,
  assertSignedByResponsePhrase,
  formOf,
  postForm,
  reference,
  setup,
  tagsOf,
} from '../helpers.js';
import { CHARGE_ROWS, TOKENIZATION_ROWS, type TokenKind } from './token-rules.js';

const title = (row: { rule: string; source: string }) => `${row.rule}  [${row.source}]`;

function applySet(
  fields: Record<string, string>,
  set: Record<string, string | null>,
): Record<string, string> {
  const result = { ...fields };
  for (const [name, value] of Object.entries(set)) {
    if (value === null) delete result[name];
    else result[name] = value;
  }
  return result;
}

describe('APS conformance: tokens (Merchant Page, token charges, recurring, UPDATE_TOKEN)', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let account: MerchantAccount;
  before(async () => {
    ctx = await setup();
    account = ctx.account;
  });
  after(() => ctx.sim.close());

  function tokenizationForm(set: Record<string, string | null>): Record<string, string> {
    return applySet(
      {
        service_command: 'TOKENIZATION',
        access_code: account.accessCode,
        merchant_identifier: account.merchantIdentifier,
        merchant_reference: reference(),
        language: 'en',
        return_url: 'https://shop.example/payment/aps/card-form',
      },
      set,
    );
  }

  describe('POST /FortAPI/paymentPage service_command=TOKENIZATION', () => {
    for (const row of TOKENIZATION_ROWS) {
      test(title(row), async () => {
        const fields = tokenizationForm(row.set);
        const card = row.card ?? {};
        const body =
          row.signing === 'card-fields-signed'
            ? sign({ ...fields, ...card }, account.shaRequestPhrase, account.shaType)
            : {
                ...sign(
                  fields,
                  row.signing === 'response-phrase' ? account.shaResponsePhrase : account.shaRequestPhrase,
                  account.shaType,
                ),
                ...card,
              };
        const page = await postForm(ctx.app, '/FortAPI/paymentPage', body);
        assert.equal(page.statusCode, 200, page.body);
        if (row.expect === 'page') {
          assert.ok(tagsOf(page.body, 'input').some((input) => input.name === 'remember_me'));
          return;
        }
        assert.equal(formOf(page.body).fields.response_code, row.expect);
      });
    }
  });

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

  async function tokenOf(kind: TokenKind): Promise<string> {
    if (kind === 'unknown') return 'token-nobody-issued';
    const card =
      kind === 'three-ds'
        ? '4557012345678902'
        : kind === 'mada'
          ? '5297412542005689'
          : kind === 'mastercard'
            ? '5123456789012346'
            : '4005550000000001';
    const holder = kind === 'declined' ? 'DECLINED' : 'Jane Doe';
    const body = {
      ...sign(tokenizationForm({}), account.shaRequestPhrase, account.shaType),
      card_number: card,
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: holder,
      remember_me: 'YES',
    };
    const answer = formOf((await postForm(ctx.app, '/FortAPI/paymentPage', body)).body).fields;
    const tokenName = answer.token_name ?? '';
    if (kind === 'inactive') {
      const update = await api({
        service_command: 'UPDATE_TOKEN',
        merchant_reference: reference(),
        token_name: tokenName,
        token_status: 'INACTIVE',
      });
      assert.equal(update.response_code, '58000');
    }
    return tokenName;
  }

  describe('POST /FortAPI/paymentApi with token_name', () => {
    for (const row of CHARGE_ROWS) {
      test(title(row), async () => {
        const base = {
          command: 'PURCHASE',
          merchant_reference: reference(),
          amount: '2500',
          currency: 'SAR',
          customer_email: 'customer@example.com',
          token_name: await tokenOf(row.token),
          customer_ip: '192.0.2.10',
          return_url: 'https://shop.example/payment/aps/return',
        };
        const answer = await api(applySet(base, row.set));
        assert.equal(answer.response_code, row.expect, JSON.stringify(answer));
        if (row.expect === '20064') assert.match(answer['3ds_url'] ?? '', /^https?:\/\/.+\/FortAPI\//);
        else assert.equal(answer['3ds_url'], undefined);
      });
    }
  });

  test('a tokenization reserves no merchant_reference: the form opens twice and the charge uses it  [WOO; MAG2]', async () => {
    const ref = reference();
    const form = () =>
      sign(tokenizationForm({ merchant_reference: ref }), account.shaRequestPhrase, account.shaType);
    for (let i = 0; i < 2; i++) {
      const page = await postForm(ctx.app, '/FortAPI/paymentPage', form());
      assert.ok(tagsOf(page.body, 'input').some((input) => input.name === 'card_number'));
    }
    const body = {
      ...form(),
      ...{ card_number: '4005550000000001', expiry_date: '3005', card_security_code: '123' },
    };
    const tokenName =
      formOf((await postForm(ctx.app, '/FortAPI/paymentPage', body)).body).fields.token_name ?? '';
    const charged = await api({
      command: 'PURCHASE',
      merchant_reference: ref,
      amount: '2500',
      currency: 'SAR',
      customer_email: 'customer@example.com',
      token_name: tokenName,
      customer_ip: '192.0.2.10',
    });
    assert.equal(charged.response_code, '14000');
    const again = await api({
      command: 'PURCHASE',
      merchant_reference: ref,
      amount: '2500',
      currency: 'SAR',
      customer_email: 'customer@example.com',
      token_name: tokenName,
      customer_ip: '192.0.2.10',
    });
    assert.equal(again.response_code, '00007', 'the charge reserves it');
  });

  test('every token row names its source and its rule once', () => {
    const rows = [...TOKENIZATION_ROWS, ...CHARGE_ROWS];
    for (const row of rows) assert.ok(row.source.trim().length > 10, row.rule);
    const rules = rows.map((row) => row.rule);
    assert.deepEqual(
      rules.filter((rule, i) => rules.indexOf(rule) !== i),
      [],
    );
  });
});
