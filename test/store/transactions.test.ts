import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Conflict, ValidationError } from '../../src/errors.js';
import type { Page, ProviderRecord, TransactionRecord } from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction, uniqueTag } from '../support/store-fixtures.js';

forEachDatabase('transactions repository', (db) => {
  const repos = () => db.store.repos;

  test('stores a transaction and finds it by id and by reference, with defaults filled in', async () => {
    const provider = await createTestProvider(repos());
    const created = await createTestTransaction(repos(), provider, {
      orderReference: 'INV/2026/0042',
      customerName: 'Layla',
      customerLang: 'ar',
      landingUrl: 'https://shop.example/thanks',
      metadata: { cart: 42, tags: ['a'] },
    });
    assert.equal(created.state, 'draft');
    assert.equal(created.operation, 'online_redirect');
    assert.equal(created.createdAt, db.clock.now().toISOString());
    assert.equal(created.lastStateChange, created.createdAt);
    assert.equal(created.checkAttempts, 0);
    assert.deepEqual(created.metadata, { cart: 42, tags: ['a'] });
    assert.deepEqual(await repos().transactions.findById(created.id), created);
    assert.deepEqual(await repos().transactions.findByReference(created.reference), created);
    assert.equal(await repos().transactions.findByReference('nope'), undefined);
  });

  test('keeps amounts beyond 32 bits exact, as numbers', async () => {
    const provider = await createTestProvider(repos());
    const created = await createTestTransaction(repos(), provider, { amount: 9_007_199_254_740_991 });
    const found = await repos().transactions.findById(created.id);
    assert.equal(found?.amount, 9_007_199_254_740_991);
    assert.equal(typeof found?.amount, 'number');
  });

  test('refuses a second transaction with the same reference with Conflict', async () => {
    const provider = await createTestProvider(repos());
    const first = await createTestTransaction(repos(), provider);
    await assert.rejects(createTestTransaction(repos(), provider, { reference: first.reference }), Conflict);
  });

  test('refuses fractional or negative amounts and more than four card digits', async () => {
    const provider = await createTestProvider(repos());
    await assert.rejects(createTestTransaction(repos(), provider, { amount: 10.5 }), ValidationError);
    await assert.rejects(createTestTransaction(repos(), provider, { amount: -1 }), ValidationError);
    await assert.rejects(createTestTransaction(repos(), provider, { cardLast4: '411111' }), ValidationError);
  });

  test('updateState writes state, message and time of change', async () => {
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider);
    db.clock.advance(1000);
    const updated = await repos().transactions.updateState(tx.id, {
      state: 'pending',
      message: 'waiting for the bank',
    });
    assert.equal(updated?.state, 'pending');
    assert.equal(updated?.stateMessage, 'waiting for the bank');
    assert.equal(updated?.lastStateChange, db.clock.now().toISOString());
    assert.equal(updated?.createdAt, tx.createdAt);
  });

  test('updateState with expectedState writes nothing when the state has moved on', async () => {
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider);
    await repos().transactions.updateState(tx.id, { state: 'done', message: null });
    const stale = await repos().transactions.updateState(tx.id, {
      state: 'cancel',
      message: 'late',
      expectedState: 'draft',
    });
    assert.equal(stale, undefined);
    assert.equal((await repos().transactions.findById(tx.id))?.state, 'done');
  });

  test('several state changes computed in memory and written in one statement store what updateState stores', async () => {
    const provider = await createTestProvider(repos());
    const changes = [
      {
        state: 'done' as const,
        message: 'paid',
        nextCheckAt: null,
        details: { cardLast4: '0002', cardBrand: 'visa' },
      },
      { state: 'pending' as const, message: null, nextCheckAt: '2026-03-01T11:00:00.000Z' },
      {
        state: 'error' as const,
        message: 'it\'s "quoted"',
        details: { providerReference: '1699', paymentMethod: 'mada' },
      },
    ];
    const viaUpdate: TransactionRecord[] = [];
    const viaBatch: TransactionRecord[] = [];
    for (const change of changes) {
      const one = await createTestTransaction(repos(), provider);
      const other = await createTestTransaction(repos(), provider);
      const at = db.clock.now().toISOString();
      viaUpdate.push(
        (await repos().transactions.updateState(one.id, { ...change, at, expectedState: 'draft' }))!,
      );
      const computed = repos().transactions.applyStateChange(other, {
        ...change,
        at,
        expectedState: 'draft',
      });
      assert.ok(computed);
      viaBatch.push(computed);
    }
    assert.equal(
      repos().transactions.applyStateChange(viaBatch[0]!, {
        state: 'cancel',
        message: null,
        expectedState: 'draft',
      }),
      undefined,
      'a computed change honours expectedState too',
    );
    await db.store.transaction((trx) => trx.transactions.writeStateChanges(viaBatch));
    const strip = (tx: TransactionRecord) => ({ ...tx, id: '', reference: '', createdAt: '' });
    for (const [i, computed] of viaBatch.entries()) {
      const stored = await repos().transactions.findById(computed.id);
      assert.deepEqual(stored, computed, `change ${i}: what was computed is what is stored`);
      assert.deepEqual(strip(stored!), strip(viaUpdate[i]!), `change ${i}: the same as updateState`);
    }
  });

  test('updateDetails records provider reference, method, brand and last four digits only where given', async () => {
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider);
    await repos().transactions.updateDetails(tx.id, {
      providerReference: '169996210006464984',
      cardLast4: '1111',
    });
    const updated = await repos().transactions.updateDetails(tx.id, {
      paymentMethod: 'mada',
      cardBrand: 'mada',
    });
    assert.equal(updated?.providerReference, '169996210006464984');
    assert.equal(updated?.cardLast4, '1111');
    assert.equal(updated?.paymentMethod, 'mada');
    assert.equal(updated?.cardBrand, 'mada');
  });

  test('lists the children of a transaction, oldest first', async () => {
    const provider = await createTestProvider(repos());
    const parent = await createTestTransaction(repos(), provider, { state: 'authorized' });
    const capture = await createTestTransaction(repos(), provider, {
      operation: 'capture',
      sourceTransactionId: parent.id,
      amount: 4000,
    });
    db.clock.advance(1);
    const secondCapture = await createTestTransaction(repos(), provider, {
      operation: 'capture',
      sourceTransactionId: parent.id,
      amount: 6000,
    });
    const children = await repos().transactions.listChildren(parent.id);
    assert.deepEqual(
      children.map((c) => c.id),
      [capture.id, secondCapture.id],
    );
  });

  test('lock methods refuse to run outside a database transaction', async () => {
    await assert.rejects(repos().transactions.lockByReference('x'), /inside store\.transaction/);
    await assert.rejects(repos().transactions.lockById('x'), /inside store\.transaction/);
  });

  test('lockByReference returns the transaction inside a database transaction', async () => {
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider);
    const locked = await db.store.transaction((trx) => trx.transactions.lockByReference(tx.reference));
    assert.equal(locked?.id, tx.id);
    const missing = await db.store.transaction((trx) => trx.transactions.lockById('missing'));
    assert.equal(missing, undefined);
  });
});

forEachDatabase('transaction lists and totals', (db) => {
  const repos = () => db.store.repos;
  let provider: ProviderRecord;
  let other: ProviderRecord;
  let created: TransactionRecord[];
  const tag = uniqueTag();

  const ids = (items: TransactionRecord[]) => items.map((t) => t.id);

  // Transactions at different times, states, methods and currencies, on a provider of their own.
  before(async () => {
    provider = await createTestProvider(repos());
    other = await createTestProvider(repos());
    created = [];
    const specs = [
      {
        state: 'done',
        paymentMethod: 'card',
        currency: 'SAR',
        amount: 1000,
        customerEmail: 'Alice@Example.com',
      },
      {
        state: 'done',
        paymentMethod: 'mada',
        currency: 'SAR',
        amount: 2500,
        orderReference: 'INV/2026/0042',
      },
      { state: 'cancel', paymentMethod: 'card', currency: 'KWD', amount: 12500 },
      {
        state: 'pending',
        paymentMethod: 'knet',
        currency: 'KWD',
        amount: 500,
        customerEmail: 'bob@example.com',
      },
      { state: 'draft', paymentMethod: 'card', currency: 'SAR', amount: 700, orderReference: '100%_off' },
    ] as const;
    for (const spec of specs) {
      db.clock.advance(60_000);
      created.push(
        await createTestTransaction(repos(), provider, { ...spec, reference: `L-${tag}-${created.length}` }),
      );
    }
    db.clock.advance(60_000);
    await createTestTransaction(repos(), other, { reference: `O-${tag}` });
  });

  test('lists newest first, filtered by provider', async () => {
    const page = await repos().transactions.list({ providerId: provider.id });
    assert.deepEqual(ids(page.items), ids([...created].reverse()));
    assert.equal(page.nextCursor, null);
  });

  test('filters by one or several states, by method, by live mode', async () => {
    const done = await repos().transactions.list({ providerId: provider.id, state: 'done' });
    assert.deepEqual(ids(done.items), [created[1]!.id, created[0]!.id]);
    const open = await repos().transactions.list({ providerId: provider.id, state: ['draft', 'pending'] });
    assert.deepEqual(ids(open.items), [created[4]!.id, created[3]!.id]);
    const none = await repos().transactions.list({ providerId: provider.id, state: [] });
    assert.deepEqual(none.items, []);
    const cards = await repos().transactions.list({ providerId: provider.id, paymentMethod: 'card' });
    assert.deepEqual(ids(cards.items), [created[4]!.id, created[2]!.id, created[0]!.id]);
    const live = await repos().transactions.list({ providerId: provider.id, isLive: true });
    assert.deepEqual(live.items, []);
  });

  test('filters by creation time: from inclusive, before exclusive', async () => {
    const page = await repos().transactions.list({
      providerId: provider.id,
      createdFrom: created[1]!.createdAt,
      createdBefore: created[3]!.createdAt,
    });
    assert.deepEqual(ids(page.items), [created[2]!.id, created[1]!.id]);
  });

  test('searches references, order references and emails, ignoring case', async () => {
    const byEmail = await repos().transactions.list({ search: 'alice@EXAMPLE' });
    assert.deepEqual(ids(byEmail.items), [created[0]!.id]);
    const byOrder = await repos().transactions.list({ search: 'inv/2026/0042' });
    assert.deepEqual(ids(byOrder.items), [created[1]!.id]);
    const byReference = await repos().transactions.list({ search: `l-${tag}-3` });
    assert.deepEqual(ids(byReference.items), [created[3]!.id]);
  });

  test('treats % and _ in a search as plain characters', async () => {
    const literal = await repos().transactions.list({ providerId: provider.id, search: '100%_' });
    assert.deepEqual(ids(literal.items), [created[4]!.id]);
    const wildcard = await repos().transactions.list({ providerId: provider.id, search: '%' });
    assert.deepEqual(ids(wildcard.items), [created[4]!.id]);
  });

  test('pages through results with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<TransactionRecord> = await repos().transactions.list(
        { providerId: provider.id },
        { limit: 2, cursor },
      );
      assert.ok(page.items.length <= 2);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, ids([...created].reverse()));
  });

  test('an empty filter covers every transaction', async () => {
    const page = await repos().transactions.list({}, { limit: 500 });
    assert.equal(page.items.length, 6);
    const totals = await repos().transactions.totals();
    assert.equal(
      totals.reduce((sum, total) => sum + total.count, 0),
      6,
    );
  });

  test('refuses a cursor it did not issue and a page size out of range', async () => {
    await assert.rejects(repos().transactions.list({}, { cursor: 'not-a-cursor' }), ValidationError);
    await assert.rejects(repos().transactions.list({}, { limit: 0 }), ValidationError);
    await assert.rejects(repos().transactions.list({}, { limit: 501 }), ValidationError);
  });

  test('totals count and sum amounts per currency under the same filters', async () => {
    assert.deepEqual(await repos().transactions.totals({ providerId: provider.id }), [
      { currency: 'KWD', count: 2, amount: 13000 },
      { currency: 'SAR', count: 3, amount: 4200 },
    ]);
    assert.deepEqual(await repos().transactions.totals({ providerId: provider.id, state: 'done' }), [
      { currency: 'SAR', count: 2, amount: 3500 },
    ]);
    assert.deepEqual(await repos().transactions.totals({ providerId: provider.id, state: [] }), []);
  });
});
