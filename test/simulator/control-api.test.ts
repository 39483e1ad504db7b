import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { pageRequest, pay, setup } from './helpers.js';

const PAID = `PAID-${process.pid}`;
const OPERATIONS = `/_sim/transactions/${PAID}/operations`;

/** Bad input to each `/_sim/*` route: a 400 that names the field, and nothing changed. */
describe('control API: bad input is a 400 naming the field, and changes nothing', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup();
    // Something in every part of the state, so that "unchanged" means something.
    await pay(ctx.app, pageRequest(ctx.account, { merchant_reference: PAID }), {});
    const faults = await ctx.app.inject({
      method: 'PUT',
      url: '/_sim/faults',
      payload: { feedbackCopies: 2 },
    });
    assert.equal(faults.statusCode, 200);
  });
  after(() => ctx.sim.close());

  /** Everything the control API can show, as JSON text. */
  async function snapshot(): Promise<string> {
    const parts = await Promise.all(
      ['/_sim/accounts', '/_sim/faults', '/_sim/deliveries', `/_sim/transactions/${PAID}`].map(
        async (url) => (await ctx.app.inject({ url })).body,
      ),
    );
    return parts.join('\n');
  }

  const cases: Array<[string, InjectOptions, string]> = [
    [
      'PUT /_sim/accounts with an identifier that is not alphanumeric',
      { method: 'PUT', url: '/_sim/accounts/not-alnum', payload: {} },
      'merchantIdentifier',
    ],
    [
      'PUT /_sim/accounts with a too long identifier',
      { method: 'PUT', url: `/_sim/accounts/${'A'.repeat(21)}`, payload: {} },
      'merchantIdentifier',
    ],
    [
      'PUT /_sim/accounts with a bad SHA type',
      { method: 'PUT', url: '/_sim/accounts/TestMerchant', payload: { shaType: 'md5' } },
      'shaType',
    ],
    [
      'PUT /_sim/accounts with a bad URL',
      { method: 'PUT', url: '/_sim/accounts/TestMerchant', payload: { redirectionUrl: 'ftp://x' } },
      'redirectionUrl',
    ],
    [
      'PUT /_sim/accounts with a bad feedback format',
      { method: 'PUT', url: '/_sim/accounts/TestMerchant', payload: { feedbackFormat: 'xml' } },
      'feedbackFormat',
    ],
    [
      'PUT /_sim/accounts with an unknown setting',
      { method: 'PUT', url: '/_sim/accounts/TestMerchant', payload: { colour: 'red' } },
      'colour',
    ],
    [
      'PUT /_sim/accounts with a good and a bad setting (neither applied)',
      {
        method: 'PUT',
        url: '/_sim/accounts/TestMerchant',
        payload: { pageTitle: 'New', paymentOptions: ['CASH'] },
      },
      'paymentOptions',
    ],
    [
      'PUT /_sim/accounts creating an account with bad input',
      { method: 'PUT', url: '/_sim/accounts/NewShop', payload: { accessCode: 'has spaces' } },
      'accessCode',
    ],
    [
      'PUT /_sim/accounts with another identifier in the body',
      { method: 'PUT', url: '/_sim/accounts/TestMerchant', payload: { merchantIdentifier: 'Other' } },
      'merchantIdentifier',
    ],
    [
      'PUT /_sim/accounts with a JSON array',
      {
        method: 'PUT',
        url: '/_sim/accounts/TestMerchant',
        payload: '[]',
        headers: { 'content-type': 'application/json' },
      },
      'body',
    ],
    [
      'PUT /_sim/accounts with broken JSON',
      {
        method: 'PUT',
        url: '/_sim/accounts/TestMerchant',
        payload: '{"shaType":',
        headers: { 'content-type': 'application/json' },
      },
      'body',
    ],
    [
      'PUT /_sim/accounts with a text body',
      {
        method: 'PUT',
        url: '/_sim/accounts/TestMerchant',
        payload: 'shaType=sha512',
        headers: { 'content-type': 'text/plain' },
      },
      'body',
    ],
    [
      'PUT /_sim/faults with a negative delay',
      { method: 'PUT', url: '/_sim/faults', payload: { feedbackDelayMs: -1 } },
      'feedbackDelayMs',
    ],
    [
      'PUT /_sim/faults with too many copies',
      { method: 'PUT', url: '/_sim/faults', payload: { feedbackCopies: 21 } },
      'feedbackCopies',
    ],
    [
      'PUT /_sim/faults with an unknown channel',
      { method: 'PUT', url: '/_sim/faults', payload: { corruptSignature: ['email'] } },
      'corruptSignature',
    ],
    [
      'PUT /_sim/faults with a non-5xx failure status',
      { method: 'PUT', url: '/_sim/faults', payload: { paymentApiFailStatus: 404 } },
      'paymentApiFailStatus',
    ],
    [
      'PUT /_sim/faults with an unknown setting',
      { method: 'PUT', url: '/_sim/faults', payload: { slow: true } },
      'slow',
    ],
    [
      'PUT /_sim/faults with a string body',
      {
        method: 'PUT',
        url: '/_sim/faults',
        payload: '"none"',
        headers: { 'content-type': 'application/json' },
      },
      'body',
    ],
    [
      'PUT /_sim/faults with broken JSON',
      { method: 'PUT', url: '/_sim/faults', payload: '{', headers: { 'content-type': 'application/json' } },
      'body',
    ],
    ['GET /_sim/deliveries with an unknown channel', { url: '/_sim/deliveries?channel=email' }, 'channel'],
    ['GET /_sim/deliveries with a misspelt filter', { url: '/_sim/deliveries?chanel=direct' }, 'chanel'],
    [
      'GET /_sim/deliveries with a bad merchant identifier',
      { url: '/_sim/deliveries?merchant_identifier=a-b' },
      'merchant_identifier',
    ],
    [
      'GET /_sim/deliveries with a bad merchant reference',
      { url: `/_sim/deliveries?merchant_reference=${'R'.repeat(41)}` },
      'merchant_reference',
    ],
    [
      'GET /_sim/transactions with a malformed reference',
      { url: '/_sim/transactions/bad%20ref' },
      'merchant_reference',
    ],
    [
      'GET /_sim/transactions with a bad merchant identifier',
      { url: '/_sim/transactions/ORDER-1?merchant_identifier=a%20b' },
      'merchant_identifier',
    ],
    [
      'GET /_sim/transactions with an unknown filter',
      { url: '/_sim/transactions/ORDER-1?merchant=x' },
      'merchant',
    ],
    [
      'POST /_sim/deliveries/release with an unknown order',
      { method: 'POST', url: '/_sim/deliveries/release', payload: { order: 'sideways' } },
      'order',
    ],
    [
      'POST /_sim/deliveries/release with an unknown field',
      { method: 'POST', url: '/_sim/deliveries/release', payload: { colour: 'red' } },
      'colour',
    ],
    [
      'POST /_sim/deliveries/release with empty ids',
      { method: 'POST', url: '/_sim/deliveries/release', payload: { ids: [] } },
      'ids',
    ],
    [
      'POST /_sim/deliveries/release with broken JSON',
      {
        method: 'POST',
        url: '/_sim/deliveries/release',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      },
      'body',
    ],
    [
      'POST …/operations with a command APS has no back-office operation for',
      { method: 'POST', url: OPERATIONS, payload: { command: 'PURCHASE', amount: 100 } },
      'command',
    ],
    [
      'POST …/operations with a negative amount',
      { method: 'POST', url: OPERATIONS, payload: { command: 'REFUND', amount: -5 } },
      'amount',
    ],
    [
      'POST …/operations with an amount that is not a whole number',
      { method: 'POST', url: OPERATIONS, payload: { command: 'REFUND', amount: '10.5' } },
      'amount',
    ],
    [
      'POST …/operations with broken JSON',
      {
        method: 'POST',
        url: OPERATIONS,
        payload: '{"command":',
        headers: { 'content-type': 'application/json' },
      },
      'body',
    ],
  ];

  for (const [name, request, field] of cases) {
    test(`${name}: 400 naming ${field}`, async () => {
      const before = await snapshot();
      const response = await ctx.app.inject(request);
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json() as { error: string; fields?: Array<{ field: string; message: string }> };
      assert.ok(body.error.length > 0);
      assert.ok(
        body.fields?.some((f) => f.field === field && f.message.length > 0),
        `expected ${field} in ${response.body}`,
      );
      assert.equal(await snapshot(), before, 'the state changed');
    });
  }

  test('a refused account creation creates no account', async () => {
    await ctx.app.inject({ method: 'PUT', url: '/_sim/accounts/NewShop', payload: { shaType: 'md5' } });
    assert.equal(ctx.sim.state.accounts.has('NewShop'), false);
  });
});
