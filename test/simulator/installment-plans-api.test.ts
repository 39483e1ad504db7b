/**
 * The simulator's `query_command=GET_INSTALLMENTS_PLANS` (reference aps-round2.md §6; PayFort API docs
 * mirror docs/Installmentsparameters.md "Get Installments Plans API"): 62000 with the test issuers, their
 * BINs and plans (consistent with the hosted installments page), signed without `installment_detail`
 * (aps-protocol.md §3.3); 63xxx failures and 00xxx refusals of malformed requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifySignature } from '../../src/providers/aps/signature.js';
import { TEST_ISSUERS } from '../../src/simulator/installment-plans.js';
import type { MerchantAccount } from '../../src/simulator/index.js';
import { apiRequest, setup } from './helpers.js';

interface PlanDetail {
  plan_code: string;
  currency_code: string;
  number_of_installment: number;
  minimum_amount: string;
  maximum_amount: string;
  amountPerMonth?: string;
  fees_type: string;
}
interface IssuerDetail {
  issuer_code: string;
  issuer_name_en: string;
  issuer_name_ar: string;
  bins: { bin: string; currency_code: string }[];
  plan_details: PlanDetail[];
}

describe('GET_INSTALLMENTS_PLANS on the simulator', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let account: MerchantAccount;
  before(async () => {
    ctx = await setup();
    account = ctx.account;
  });
  after(() => ctx.sim.close());

  async function plans(params: Record<string, string>, signed = true): Promise<Record<string, unknown>> {
    const body = signed
      ? apiRequest(account, { query_command: 'GET_INSTALLMENTS_PLANS', ...params })
      : { query_command: 'GET_INSTALLMENTS_PLANS', ...params };
    const res = await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Record<string, unknown>;
  }

  test('62000 with every test issuer, its BINs and its plans with amountPerMonth for the amount', async () => {
    const answer = await plans({ amount: '60000', currency: 'SAR' });
    assert.equal(answer.response_code, '62000');
    assert.equal(answer.status, '62');
    const detail = answer.installment_detail as { issuer_detail: IssuerDetail[] };
    assert.deepEqual(
      detail.issuer_detail.map((i) => i.issuer_code),
      TEST_ISSUERS.map((i) => i.issuerCode),
    );
    const one = detail.issuer_detail[0]!;
    assert.deepEqual(
      one.bins.map((b) => b.bin),
      ['400555', '455701', '411111'],
    );
    const sixMonths = one.plan_details.find((p) => p.plan_code === 'SB1P06')!;
    assert.equal(sixMonths.number_of_installment, 6);
    assert.equal(sixMonths.currency_code, 'SAR');
    assert.equal(sixMonths.minimum_amount, '500.00');
    assert.equal(sixMonths.maximum_amount, '50000.00');
    assert.equal(sixMonths.amountPerMonth, '102.50');
    assert.equal(sixMonths.fees_type, 'Percentage');
  });

  test('the signature covers every field but installment_detail', async () => {
    const answer = await plans({ amount: '60000', currency: 'SAR' });
    const { installment_detail: detail, ...signed } = answer;
    const flat = signed as Record<string, string>;
    assert.ok(verifySignature(flat, account.shaResponsePhrase, account.shaType).valid);
    const withDetail = { ...flat, installment_detail: JSON.stringify(detail) };
    assert.equal(verifySignature(withDetail, account.shaResponsePhrase, account.shaType).valid, false);
  });

  test('without an amount every installment currency is listed and no amountPerMonth', async () => {
    const answer = await plans({});
    assert.equal(answer.response_code, '62000');
    const detail = answer.installment_detail as { issuer_detail: IssuerDetail[] };
    const codes = new Set(detail.issuer_detail[0]!.plan_details.map((p) => p.currency_code));
    assert.deepEqual([...codes].sort(), ['AED', 'EGP', 'SAR']);
    assert.ok(detail.issuer_detail[0]!.plan_details.every((p) => p.amountPerMonth === undefined));
  });

  test('failures: unknown issuer 63092, a currency without plans 63104', async () => {
    assert.equal((await plans({ issuer_code: 'NOBANK' })).response_code, '63092');
    const usd = await plans({ amount: '60000', currency: 'USD' });
    assert.equal(usd.response_code, '63104');
    assert.equal(usd.installment_detail, undefined);
  });

  test('refusals: amount without currency 00001, a wrong signature 00008, an extra field 00027', async () => {
    assert.equal((await plans({ amount: '60000' })).response_code, '00001');
    const forged = apiRequest(account, { query_command: 'GET_INSTALLMENTS_PLANS' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentApi',
      payload: { ...forged, signature: '0'.repeat(64) },
    });
    assert.equal((res.json() as Record<string, string>).response_code, '00008');
    assert.equal((await plans({ merchant_reference: 'X1' })).response_code, '00027');
  });
});
