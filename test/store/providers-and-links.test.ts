import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import type { Repositories } from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

forEachDatabase('providers repository', (db) => {
  const repos = (): Repositories => db.store.repos;

  test('creates a provider disabled, unpublished, sha256, with no methods unless told otherwise', async () => {
    const provider = await repos().providers.insert({ code: 'aps', name: 'APS SAR' });
    assert.equal(provider.state, 'disabled');
    assert.equal(provider.isPublished, false);
    assert.equal(provider.shaType, 'sha256');
    assert.deepEqual(provider.paymentMethods, []);
    assert.deepEqual(provider.messages, {});
    assert.equal(provider.merchantIdentifier, null);
    assert.deepEqual(await repos().providers.findById(provider.id), provider);
  });

  test('round-trips every configurable field', async () => {
    const provider = await repos().providers.insert({
      code: 'aps',
      name: 'APS KWD',
      sequence: 3,
      state: 'enabled',
      isPublished: true,
      merchantIdentifier: 'MxvOupuG',
      accessCodeEnc: 'enc:1',
      shaRequestPhraseEnc: 'enc:2',
      shaResponsePhraseEnc: 'enc:3',
      shaType: 'hmac512',
      customBaseUrl: 'http://127.0.0.1:8081',
      paymentMethods: ['card', 'knet'],
      captureManually: true,
      currencies: ['KWD'],
      countries: ['KW'],
      minAmount: 1000,
      maxAmount: 5_000_000,
      amountCurrency: 'KWD',
      messages: { done: { en: 'Thank you', ar: 'شكرا' } },
    });
    const found = await repos().providers.findById(provider.id);
    assert.deepEqual(found, provider);
    assert.deepEqual(found?.messages, { done: { en: 'Thank you', ar: 'شكرا' } });
    assert.equal(found?.maxAmount, 5_000_000);
    assert.equal(found?.captureManually, true);
  });

  test('update changes only the given fields and stamps updatedAt', async () => {
    const provider = await createTestProvider(repos());
    db.clock.advance(1000);
    const updated = await repos().providers.update(provider.id, {
      state: 'enabled',
      isPublished: true,
      minAmount: null,
    });
    assert.equal(updated?.state, 'enabled');
    assert.equal(updated?.isPublished, true);
    assert.equal(updated?.merchantIdentifier, provider.merchantIdentifier);
    assert.deepEqual(updated?.paymentMethods, provider.paymentMethods);
    assert.equal(updated?.updatedAt, db.clock.now().toISOString());
    assert.equal(await repos().providers.update('missing', { name: 'x' }), undefined);
  });

  test('refuses a fractional amount limit', async () => {
    await assert.rejects(
      repos().providers.insert({ code: 'aps', name: 'bad', minAmount: 1.5 }),
      ValidationError,
    );
  });

  test('lists by sequence then name, filtered by states and code', async () => {
    const b = await repos().providers.insert({ code: 'aps', name: 'B', sequence: 1, state: 'test' });
    const a = await repos().providers.insert({ code: 'aps', name: 'A', sequence: 1, state: 'test' });
    const first = await repos().providers.insert({ code: 'aps', name: 'Z', sequence: 0, state: 'test' });
    const listed = (await repos().providers.list({ states: ['test'], code: 'aps' })).map((p) => p.id);
    assert.ok(listed.indexOf(first.id) < listed.indexOf(a.id));
    assert.ok(listed.indexOf(a.id) < listed.indexOf(b.id));
    assert.deepEqual(await repos().providers.list({ states: [] }), []);
    assert.ok((await repos().providers.list({ states: ['disabled'] })).every((p) => p.state === 'disabled'));
  });

  test('neutralize disables enabled providers, keeps test ones, and erases every credential', async () => {
    const live = await repos().providers.insert({
      code: 'aps',
      name: 'live',
      state: 'enabled',
      isPublished: true,
      merchantIdentifier: 'M',
      accessCodeEnc: 'e',
    });
    const sandbox = await createTestProvider(repos());
    const result = await repos().providers.neutralize();
    assert.ok(result.disabled >= 1);
    const [liveAfter, sandboxAfter] = [
      await repos().providers.findById(live.id),
      await repos().providers.findById(sandbox.id),
    ];
    assert.equal(liveAfter?.state, 'disabled');
    assert.equal(liveAfter?.isPublished, false);
    assert.equal(sandboxAfter?.state, 'test');
    for (const provider of [liveAfter, sandboxAfter]) {
      assert.equal(provider?.merchantIdentifier, null);
      assert.equal(provider?.accessCodeEnc, null);
      assert.equal(provider?.shaRequestPhraseEnc, null);
      assert.equal(provider?.shaResponsePhraseEnc, null);
    }
  });
});

forEachDatabase('payment links repository', (db) => {
  const repos = (): Repositories => db.store.repos;

  test('creates an active link with a random URL-safe id', async () => {
    const link = await repos().paymentLinks.insert({
      amount: 12500,
      currency: 'KWD',
      orderReference: 'INV-7',
      description: 'Annual plan',
      customerEmail: 'buyer@example.com',
      expiresAt: '2026-04-01T00:00:00Z',
      createdBy: 'user-1',
    });
    assert.match(link.id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(link.active, true);
    assert.equal(link.expiresAt, '2026-04-01T00:00:00.000Z');
    assert.equal(link.paidTransactionId, null);
    assert.deepEqual(await repos().paymentLinks.findById(link.id), link);
  });

  test('refuses an expiry that is not an ISO-8601 date-time', async () => {
    await assert.rejects(
      repos().paymentLinks.insert({ amount: 1, currency: 'SAR', expiresAt: '01/04/2026' }),
      ValidationError,
    );
  });

  test('records the paying transaction once', async () => {
    const link = await repos().paymentLinks.insert({ amount: 100, currency: 'SAR' });
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider, { paymentLinkId: link.id });
    assert.equal(await repos().paymentLinks.markPaid(link.id, tx.id), true);
    assert.equal(await repos().paymentLinks.markPaid(link.id, 'another'), false);
    assert.equal((await repos().paymentLinks.findById(link.id))?.paidTransactionId, tx.id);
  });

  test('deactivates a link and lists links newest first with pages', async () => {
    const created = [];
    for (let i = 0; i < 3; i += 1) {
      db.clock.advance(1000);
      created.push(await repos().paymentLinks.insert({ amount: 100 + i, currency: 'SAR' }));
    }
    assert.equal(await repos().paymentLinks.setActive(created[0]!.id, false), true);
    assert.equal((await repos().paymentLinks.findById(created[0]!.id))?.active, false);
    const page = await repos().paymentLinks.list({ limit: 2 });
    assert.deepEqual(
      page.items.map((l) => l.id),
      [created[2]!.id, created[1]!.id],
    );
    const next = await repos().paymentLinks.list({ limit: 2, cursor: page.nextCursor });
    assert.equal(next.items[0]?.id, created[0]!.id);
  });
});
