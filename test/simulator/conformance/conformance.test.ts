/**
 * Runs the conformance tables against the simulator: each row is one documented APS rule, sent the way
 * an integration sends it, with the answer APS documents. A divergence from APS is a failing row that
 * names its rule and its source.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from '../../../src/providers/aps/signature.js';
import { createSimulator, type MerchantAccount } from '../../../src/simulator/index.js';
import {
  assertSignedByResponsePhrase,
  formOf,
  pageRequest,
  pay,
  postForm,
  reference,
  setup,
  tagsOf,
} from '../helpers.js';
import { API_ROWS, type ApiRow } from './api-rules.js';
import { ACCOUNT_DEFAULT_ROWS, CARD_ROWS, REFUND_SEQUENCE_ROWS } from './flow-rules.js';
import { PAGE_REFUSAL_ROWS } from './page-refusal-rules.js';
import { PAGE_ROWS, type PageRow } from './page-rules.js';

const title = (row: { rule: string; source: string; finding?: string }) =>
  `${row.rule}  [${row.source}]${row.finding ? `  (issue 20: ${row.finding})` : ''}`;

function applySet<T>(fields: Record<string, T>, set: Record<string, T | null>): Record<string, T> {
  const result = { ...fields };
  for (const [name, value] of Object.entries(set)) {
    if (value === null) delete result[name];
    else result[name] = value;
  }
  return result;
}

/** Signs `fields` (numbers signed as their decimal text, sent as JSON numbers). */
function signed<T extends string | number>(
  fields: Record<string, T>,
  phrase: string,
  account: MerchantAccount,
) {
  const text = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  return { ...fields, signature: sign(text, phrase, account.shaType).signature };
}

describe('APS conformance: the simulator answers as APS documents', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let account: MerchantAccount;
  before(async () => {
    ctx = await setup({ redirectionUrl: 'https://shop.example/configured-return' });
    account = ctx.account;
  });
  after(() => ctx.sim.close());

  function pageFields(row: PageRow): Record<string, string> {
    const base: Record<string, string> = {
      command: 'PURCHASE',
      access_code: account.accessCode,
      merchant_identifier: account.merchantIdentifier,
      merchant_reference: reference(),
      amount: '10000',
      currency: 'SAR',
      language: 'en',
      customer_email: 'customer@example.com',
      return_url: 'https://shop.example/payment/aps/return',
    };
    const fields = applySet(base, row.set);
    switch (row.signing) {
      case 'absent':
        return fields;
      case 'response-phrase':
        return signed(fields, account.shaResponsePhrase, account);
      case 'tampered':
        return { ...signed(fields, account.shaRequestPhrase, account), amount: '10001' };
      case 'upper-case': {
        const done = signed(fields, account.shaRequestPhrase, account);
        return { ...done, signature: done.signature.toUpperCase() };
      }
      default:
        return signed(fields, account.shaRequestPhrase, account);
    }
  }

  describe('POST /FortAPI/paymentPage', () => {
    for (const row of [...PAGE_ROWS, ...PAGE_REFUSAL_ROWS]) {
      test(title(row), async () => {
        const response = await postForm(ctx.app, '/FortAPI/paymentPage', pageFields(row));
        if (row.expect === 'page') {
          assert.equal(response.statusCode, 200);
          assert.ok(
            tagsOf(response.body, 'input').some((input) => input.name === 'card_number'),
            `expected the hosted card page, got ${JSON.stringify(formOf(response.body).fields)}`,
          );
          return;
        }
        const code =
          response.statusCode === 400
            ? /(\d{5}) /.exec(response.body)?.[1]
            : formOf(response.body).fields.response_code;
        assert.equal(code, row.expect);
        if (response.statusCode === 200) assert.equal(formOf(response.body).fields.status, '00');
      });
    }

    test('a merchant_reference used once cannot open a second payment → 00007  [APS hosted-checkout API; S17]', async () => {
      const first = pageRequest(account);
      assert.equal((await postForm(ctx.app, '/FortAPI/paymentPage', first)).statusCode, 200);
      const again = pageRequest(account, { merchant_reference: first.merchant_reference ?? '' });
      const form = formOf((await postForm(ctx.app, '/FortAPI/paymentPage', again)).body);
      assert.equal(form.fields.response_code, '00007');
    });
  });

  /** A paid order of 10000 SAR, or a reference nobody used. */
  async function order(kind: ApiRow['order']): Promise<string> {
    if (kind === 'none') return reference();
    const request = pageRequest(account, { command: kind === 'purchase' ? 'PURCHASE' : 'AUTHORIZATION' });
    const { page } = await pay(ctx.app, request, {});
    assert.match(formOf(page.body).fields.response_code ?? '', /^(14|02)000$/);
    return request.merchant_reference ?? '';
  }

  async function api(body: Record<string, string | number>): Promise<Record<string, string>> {
    const response = await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
    assert.equal(response.statusCode, 200, response.body);
    const fields = response.json() as Record<string, string>;
    assertSignedByResponsePhrase(fields, account);
    return fields;
  }

  function apiBase(command: ApiRow['command'], merchantReference: string): Record<string, string | number> {
    const common = {
      access_code: account.accessCode,
      merchant_identifier: account.merchantIdentifier,
      merchant_reference: merchantReference,
      language: 'en',
    };
    if (command === 'CHECK_STATUS') return { ...common, query_command: 'CHECK_STATUS' };
    if (command === 'VOID_AUTHORIZATION') return { ...common, command };
    return { ...common, command, amount: '10000', currency: 'SAR' };
  }

  describe('POST /FortAPI/paymentApi', () => {
    for (const row of API_ROWS) {
      test(title(row), async () => {
        const fields = applySet(apiBase(row.command, await order(row.order)), row.set);
        const phrase =
          row.signing === 'response-phrase' ? account.shaResponsePhrase : account.shaRequestPhrase;
        const answer = await api(signed(fields, phrase, account));
        assert.equal(answer.response_code, row.expect, JSON.stringify(answer));
      });
    }
  });

  describe('REFUND maintenance_reference', () => {
    for (const row of REFUND_SEQUENCE_ROWS) {
      test(title(row), async () => {
        const merchantReference = await order('purchase');
        for (const step of row.steps) {
          const refund = { ...apiBase('REFUND', merchantReference), amount: step.amount };
          const body = { ...refund, maintenance_reference: `${step.reference}-${merchantReference}` };
          const answer = await api(signed(body, account.shaRequestPhrase, account));
          assert.equal(answer.response_code, step.expect, `refund of ${step.amount}`);
          const status = await api(
            signed(apiBase('CHECK_STATUS', merchantReference), account.shaRequestPhrase, account),
          );
          assert.equal(status.refunded_amount, step.refunded, `refunded after the refund of ${step.amount}`);
        }
      });
    }
  });

  describe('the hosted card form', () => {
    for (const row of CARD_ROWS) {
      test(title(row), async () => {
        const request = pageRequest(account);
        const { action, page } = await pay(ctx.app, request, row.card);
        assert.equal(page.statusCode, 200);
        if (row.expect === 'otp') {
          assert.ok(tagsOf(page.body, 'input').some((input) => input.name === 'otp'));
        } else if (row.expect.startsWith('correct:')) {
          const field = row.expect.slice('correct:'.length);
          assert.equal(formOf(page.body).action, action, 'the same session goes on');
          const input = tagsOf(page.body, 'input').find((i) => i.name === field);
          assert.equal(input?.['aria-invalid'], 'true', `${field} is not marked`);
          const reference = request.merchant_reference ?? '';
          assert.equal(ctx.sim.state.transaction(account.merchantIdentifier, reference), undefined);
        } else {
          const form = formOf(page.body);
          assert.equal(form.action, request.return_url);
          assert.equal(form.fields.response_code, row.expect);
        }
      });
    }
  });

  describe('a new merchant account', () => {
    for (const row of ACCOUNT_DEFAULT_ROWS) {
      test(title(row), async () => {
        const sim = createSimulator();
        try {
          const [fresh] = [...sim.state.accounts.values()];
          assert.equal(fresh?.[row.setting], row.expect);
        } finally {
          await sim.close();
        }
      });
    }
  });

  test('every row names its source and its rule once', () => {
    const rows = [
      ...PAGE_ROWS,
      ...PAGE_REFUSAL_ROWS,
      ...API_ROWS,
      ...REFUND_SEQUENCE_ROWS,
      ...CARD_ROWS,
      ...ACCOUNT_DEFAULT_ROWS,
    ];
    for (const row of rows) assert.ok(row.source.trim().length > 10, row.rule);
    const rules = rows.map((row) => row.rule);
    assert.deepEqual(
      rules.filter((rule, i) => rules.indexOf(rule) !== i),
      [],
    );
  });
});
