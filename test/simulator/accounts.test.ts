import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, ValidationError } from '../../src/errors.js';
import {
  createSimulator,
  ensureAccount,
  type MerchantAccount,
  type SimTransaction,
} from '../../src/simulator/index.js';
import { formOf, pageRequest, pay, postForm, setup } from './helpers.js';

describe('merchant accounts', () => {
  test('a default account with random credentials exists from the start', async () => {
    const sim = createSimulator();
    try {
      const { accounts } = (await sim.app.inject({ url: '/_sim/accounts' })).json() as {
        accounts: MerchantAccount[];
      };
      assert.equal(accounts.length, 1);
      const [account] = accounts;
      assert.match(account?.merchantIdentifier ?? '', /^[A-Za-z]{8}$/);
      assert.match(account?.accessCode ?? '', /^[A-Za-z0-9]{20}$/);
      assert.notEqual(account?.shaRequestPhrase, account?.shaResponsePhrase);
      assert.equal(account?.shaType, 'sha256');
      assert.equal(account?.redirectionStatus, 'active');
      // Current APS documentation describes both webhooks as JSON POSTs (reference §4.2 [APS-WH]).
      assert.equal(account?.feedbackFormat, 'json');
    } finally {
      await sim.close();
    }
  });

  test('PUT creates an account (201) and later changes only the given settings (200)', async () => {
    const sim = createSimulator();
    try {
      const created = await sim.app.inject({
        method: 'PUT',
        url: '/_sim/accounts/Shop2',
        payload: { redirectionUrl: 'https://shop.example/r' },
      });
      assert.equal(created.statusCode, 201);
      const first = (created.json() as { account: MerchantAccount }).account;
      const changed = await sim.app.inject({
        method: 'PUT',
        url: '/_sim/accounts/Shop2',
        payload: { shaType: 'SHA-128' },
      });
      assert.equal(changed.statusCode, 200);
      const second = (changed.json() as { account: MerchantAccount }).account;
      assert.equal(second.shaType, 'sha1');
      assert.equal(second.accessCode, first.accessCode);
      assert.equal(second.redirectionUrl, 'https://shop.example/r');
      assert.equal(sim.state.accounts.size, 2);
    } finally {
      await sim.close();
    }
  });

  test('PUT refuses bad settings with 400, naming every offending field, and changes nothing', async () => {
    const sim = createSimulator();
    try {
      const response = await sim.app.inject({
        method: 'PUT',
        url: '/_sim/accounts/Shop3',
        payload: {
          redirectionUrl: 'ftp://x',
          shaType: 'md5',
          paymentOptions: ['VISA', 'PAYPAL'],
          colour: 'red',
          primaryColour: 'red',
        },
      });
      assert.equal(response.statusCode, 400);
      const fields = (response.json() as { fields: Array<{ field: string }> }).fields
        .map((f) => f.field)
        .sort();
      assert.deepEqual(fields, ['colour', 'paymentOptions', 'primaryColour', 'redirectionUrl', 'shaType']);
      assert.equal(sim.state.accounts.has('Shop3'), false);
      const badId = await sim.app.inject({ method: 'PUT', url: '/_sim/accounts/not-alnum', payload: {} });
      assert.equal(badId.statusCode, 400);
      const mismatch = await sim.app.inject({
        method: 'PUT',
        url: '/_sim/accounts/Shop3',
        payload: { merchantIdentifier: 'Other' },
      });
      assert.equal(mismatch.statusCode, 400);
    } finally {
      await sim.close();
    }
  });

  for (const shaType of ['sha512', 'sha1', 'hmac256', 'hmac512'] as const) {
    test(`verifies requests with the account's SHA type ${shaType} and signs answers with it`, async () => {
      const ctx = await setup({ shaType });
      try {
        const { page } = await pay(ctx.app, pageRequest(ctx.account), {});
        assert.equal(formOf(page.body).fields.response_code, '14000');
        const wrongType = pageRequest({ ...ctx.account, shaType: 'sha256' });
        const refused = await postForm(ctx.app, '/FortAPI/paymentPage', wrongType);
        assert.equal(formOf(refused.body).fields.response_code, '00008');
      } finally {
        await ctx.sim.close();
      }
    });
  }

  test('ensureAccount creates once and then updates the same account', async () => {
    const sim = createSimulator();
    try {
      const input = {
        merchantIdentifier: 'DemoShop',
        accessCode: 'DemoAccessCode000001',
        shaRequestPhrase: 'demo-request',
        shaResponsePhrase: 'demo-response',
        shaType: 'sha256',
        redirectionUrl: 'http://localhost:8080/payment/aps/return',
        directFeedbackUrl: 'http://localhost:8080/payment/aps/webhook',
        notificationUrl: 'http://localhost:8080/payment/aps/webhook',
        originUrl: 'http://localhost:8080/',
      };
      ensureAccount(sim.state, input);
      const again = ensureAccount(sim.state, { ...input, shaType: 'sha512' });
      assert.equal(sim.state.accounts.size, 2, 'the default account and DemoShop');
      assert.equal(again.shaType, 'sha512');
      assert.equal(again.accessCode, 'DemoAccessCode000001');
      assert.equal(again.directFeedbackUrl, 'http://localhost:8080/payment/aps/webhook');
      assert.throws(() => ensureAccount(sim.state, { ...input, accessCode: 'has spaces' }), ValidationError);
    } finally {
      await sim.close();
    }
  });
});

describe('GET /_sim/transactions/{merchant_reference}', () => {
  test('returns the order, 404 for an unknown one, and asks for the merchant when ambiguous', async () => {
    const ctx = await setup();
    try {
      const request = pageRequest(ctx.account);
      await pay(ctx.app, request, {});
      const found = await ctx.app.inject({ url: `/_sim/transactions/${request.merchant_reference}` });
      const transaction = (found.json() as { transaction: SimTransaction }).transaction;
      assert.equal(transaction.responseCode, '14000');
      assert.equal(transaction.capturedAmount, 10000);
      assert.equal(transaction.card?.maskedNumber, '400555******0001');
      assert.equal((await ctx.app.inject({ url: '/_sim/transactions/unknown' })).statusCode, 404);

      const other = await ctx.app.inject({ method: 'PUT', url: '/_sim/accounts/Other', payload: {} });
      const otherAccount = (other.json() as { account: MerchantAccount }).account;
      await pay(
        ctx.app,
        pageRequest(otherAccount, { merchant_reference: request.merchant_reference ?? '' }),
        {},
      );
      assert.equal(
        (await ctx.app.inject({ url: `/_sim/transactions/${request.merchant_reference}` })).statusCode,
        409,
      );
      const chosen = await ctx.app.inject({
        url: `/_sim/transactions/${request.merchant_reference}?merchant_identifier=Other`,
      });
      assert.equal(
        (chosen.json() as { transaction: SimTransaction }).transaction.merchantIdentifier,
        'Other',
      );
    } finally {
      await ctx.sim.close();
    }
  });
});

describe('state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payport-sim-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps accounts and transactions across restarts, written without leftovers', async () => {
    const file = join(dir, 'state.json');
    const first = createSimulator({ stateFile: file });
    const created = await first.app.inject({ method: 'PUT', url: '/_sim/accounts/Persist1', payload: {} });
    const account = (created.json() as { account: MerchantAccount }).account;
    const request = pageRequest(account);
    await pay(first.app, request, {});
    await first.close();
    assert.deepEqual(readdirSync(dir), ['state.json']);

    const second = createSimulator({ stateFile: file });
    try {
      assert.equal(second.state.accounts.get('Persist1')?.accessCode, account.accessCode);
      assert.equal(second.state.accounts.size, 2, 'no new default account on restart');
      assert.equal(
        second.state.transaction('Persist1', request.merchant_reference ?? '')?.responseCode,
        '14000',
      );
      const duplicate = await postForm(
        second.app,
        '/FortAPI/paymentPage',
        pageRequest(account, { merchant_reference: request.merchant_reference ?? '' }),
      );
      assert.equal(formOf(duplicate.body).fields.response_code, '00007');
    } finally {
      await second.close();
    }
  });

  test('refuses a file that is not a simulator state', () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '{"hello": "world"}');
    assert.throws(() => createSimulator({ stateFile: file }), ConfigError);
  });
});
