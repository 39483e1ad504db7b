/**
 * GET_INSTALLMENTS_PLANS as payport sends and reads it (reference aps-round2.md §6): the signed request
 * with amount, currency and language; an answer used only when its signature (over everything but
 * `installment_detail`, aps-protocol.md §3.3) verifies; plan amounts read in the currency's decimals;
 * 63xxx as APS' refusal with its message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProviderSignatureError } from '../../../src/providers/errors.js';
import { createApsProvider } from '../../../src/providers/aps/index.js';
import { sign, verifySignature } from '../../../src/providers/aps/signature.js';
import { testAccount } from './fixtures.js';

const account = testAccount();

const DETAIL = {
  issuer_detail: [
    {
      issuer_code: 'BANK01',
      issuer_name_en: 'Bank One',
      issuer_name_ar: 'البنك الأول',
      terms_and_condition_en: 'https://bank.example/terms',
      bins: [{ bin: '400555', currency_code: 'SAR', card_brand_code: 'VISA' }],
      plan_details: [
        {
          plan_code: 'P06',
          currency_code: 'SAR',
          number_of_installment: 6,
          fees_type: 'Percentage',
          fee_display_value: '2.5',
          minimum_amount: '500',
          maximum_amount: '50000.00',
          amountPerMonth: '102.50',
        },
        { plan_code: 'BAD CODE', number_of_installment: 3 },
      ],
    },
    { issuer_code: 'EMPTY1', issuer_name_en: 'No plans', bins: [], plan_details: [] },
  ],
};

function answer(fields: Record<string, string>, detail: unknown = DETAIL): Record<string, unknown> {
  return { ...sign(fields, account.shaResponsePhrase, account.shaType), installment_detail: detail };
}

const base = {
  query_command: 'GET_INSTALLMENTS_PLANS',
  access_code: account.accessCode,
  merchant_identifier: account.merchantIdentifier,
  amount: '60000',
  currency: 'SAR',
  language: 'en',
};

function providerAnswering(reply: (request: Record<string, string>) => unknown) {
  const requests: Record<string, string>[] = [];
  const provider = createApsProvider({
    fetch: async (_url, init) => {
      const request = JSON.parse(String(init?.body)) as Record<string, string>;
      requests.push(request);
      return new Response(JSON.stringify(reply(request)), { status: 200 });
    },
  });
  return { provider, requests };
}

test('the request is signed with amount, currency and language; the plans are read from a verified answer', async () => {
  const { provider, requests } = providerAnswering(() =>
    answer({ ...base, response_code: '62000', status: '62', response_message: 'Success' }),
  );
  const result = await provider.installmentPlans!(account, {
    amountMinor: 60_000,
    currency: 'SAR',
    lang: 'ar',
  });
  const [request] = requests;
  assert.equal(request!.query_command, 'GET_INSTALLMENTS_PLANS');
  assert.equal(request!.amount, '60000');
  assert.equal(request!.currency, 'SAR');
  assert.equal(request!.language, 'ar');
  assert.ok(verifySignature(request!, account.shaRequestPhrase, account.shaType).valid);
  assert.ok(result.ok);
  assert.equal(result.issuers.length, 1, 'an issuer without plans is dropped');
  const [issuer] = result.issuers;
  assert.deepEqual(issuer!.bins, ['400555']);
  assert.deepEqual(issuer!.name, { en: 'Bank One', ar: 'البنك الأول' });
  assert.deepEqual(issuer!.plans, [
    {
      planCode: 'P06',
      numberOfInstallments: 6,
      currency: 'SAR',
      feesType: 'percentage',
      feesDisplay: '2.5',
      amountPerMonthMinor: 10_250,
      minimumMinor: 50_000,
      maximumMinor: 5_000_000,
    },
  ]);
});

test('a signed field changed after signing is refused; nothing of the answer is used', async () => {
  const { provider } = providerAnswering(() => ({
    ...answer({ ...base, response_code: '62000', status: '62', response_message: 'Success' }),
    amount: '100',
  }));
  await assert.rejects(
    provider.installmentPlans!(account, { amountMinor: 60_000, currency: 'SAR' }),
    ProviderSignatureError,
  );
});

test('63xxx is APS refusing the plans, with its message', async () => {
  const { provider } = providerAnswering(() =>
    answer(
      { ...base, response_code: '63104', status: '63', response_message: 'No plans valid for request' },
      undefined,
    ),
  );
  const result = await provider.installmentPlans!(account, { amountMinor: 60_000, currency: 'SAR' });
  assert.deepEqual(result, { ok: false, responseCode: '63104', message: 'No plans valid for request' });
});
