/**
 * The ingestion batch's hand-written statements (repositories/bulk-statements.ts) on both databases:
 * multi-row inserts store every column as given, the locked read returns whole rows in reference order,
 * the batch UPDATE stores each row's state change, and on PostgreSQL they run as named prepared
 * statements of the connection.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { newId } from '../../src/crypto/random.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction, uniqueTag } from '../support/store-fixtures.js';

forEachDatabase('ingestion batch statements', (db) => {
  test('a multi-row insert stores each notification and history entry with all its columns', async () => {
    const repos = db.store.repos;
    const tx = await createTestTransaction(repos, await createTestProvider(repos));
    const ids = [newId(db.clock), newId(db.clock), newId(db.clock)];
    await db.store.transaction(async (trx) => {
      await trx.notifications.insertMany(
        ids.map((id, i) => ({
          id,
          channel: 'webhook' as const,
          receivedAt: `2026-03-01T10:00:0${i}.000Z`,
          sourceIp: i === 0 ? null : `203.0.113.${i}`,
          contentType: 'application/x-www-form-urlencoded',
          payload: `{"n":"${i}","text":"عربي 'quoted'"}`,
          providerCode: 'aps',
          reference: tx.reference,
          transactionId: i === 2 ? null : tx.id,
          outcome: 'applied',
          detail: i === 1 ? null : `detail ${i}`,
          originalSealed: `sealed-${i}`,
        })),
      );
      await trx.transactionHistory.insertMany(
        ids.map((id, i) => ({
          id: newId(db.clock),
          transactionId: tx.id,
          fromState: 'draft' as const,
          toState: 'pending' as const,
          message: i === 0 ? null : `m${i}`,
          channel: 'webhook' as const,
          notificationId: id,
          createdAt: `2026-03-01T10:00:0${i}.000Z`,
        })),
      );
    });
    for (const [i, id] of ids.entries()) {
      const n = await repos.notifications.findById(id);
      assert.equal(n?.receivedAt, `2026-03-01T10:00:0${i}.000Z`);
      assert.equal(n?.sourceIp, i === 0 ? null : `203.0.113.${i}`);
      assert.equal(n?.payload, `{"n":"${i}","text":"عربي 'quoted'"}`);
      assert.equal(n?.transactionId, i === 2 ? null : tx.id);
      assert.equal(n?.detail, i === 1 ? null : `detail ${i}`);
    }
    const { rows } = await sql<{
      original_sealed: string;
    }>`select original_sealed from notifications where reference = ${tx.reference} order by received_at`.execute(
      db.store.db,
    );
    assert.deepEqual(
      rows.map((r) => r.original_sealed),
      ['sealed-0', 'sealed-1', 'sealed-2'],
    );
    const history = await repos.transactionHistory.listByTransaction(tx.id);
    assert.deepEqual(
      history.map((h) => [h.message, h.notificationId]),
      ids.map((id, i) => [i === 0 ? null : `m${i}`, id]),
    );
  });

  test('the locked read returns whole payments in reference order, and nothing for no references', async () => {
    const repos = db.store.repos;
    const provider = await createTestProvider(repos);
    const tag = uniqueTag();
    const made = [];
    for (const suffix of ['c', 'a', 'b']) {
      made.push(await createTestTransaction(repos, provider, { reference: `L-${tag}-${suffix}` }));
    }
    const found = await db.store.transaction((trx) =>
      trx.transactions.lockManyByReference([`L-${tag}-b`, `L-${tag}-missing`, `L-${tag}-c`, `L-${tag}-a`]),
    );
    assert.deepEqual(
      found.map((t) => t.reference),
      [`L-${tag}-a`, `L-${tag}-b`, `L-${tag}-c`],
    );
    assert.deepEqual(found[0], made[1]);
    assert.deepEqual(await db.store.transaction((trx) => trx.transactions.lockManyByReference([])), []);
  });

  test('the batch UPDATE stores each payment its own state change, and leaves other payments alone', async () => {
    const repos = db.store.repos;
    const provider = await createTestProvider(repos);
    const [a, b, untouched] = [
      await createTestTransaction(repos, provider, { amount: 12_345 }),
      await createTestTransaction(repos, provider, { amount: 9_007_199_254 }),
      await createTestTransaction(repos, provider),
    ];
    const written = await db.store.transaction(async (trx) => {
      const paid = trx.transactions.applyStateChange(a!, {
        state: 'done',
        message: "paid 'in full' — عربي",
        at: '2026-03-01T10:00:01.000Z',
        nextCheckAt: null,
        details: {
          providerReference: '169996200001',
          paymentMethod: 'mada',
          cardBrand: 'mada',
          cardLast4: '4242',
        },
      })!;
      const pending = trx.transactions.applyStateChange(b!, {
        state: 'pending',
        message: null,
        at: '2026-03-01T10:00:02.000Z',
        nextCheckAt: '2026-03-01T10:15:00.000Z',
      })!;
      await trx.transactions.writeStateChanges([paid, pending]);
      return [paid, pending];
    });
    assert.deepEqual(await repos.transactions.findById(a!.id), written[0]);
    assert.deepEqual(await repos.transactions.findById(b!.id), written[1]);
    assert.equal(written[0]!.ledger.captured, 12_345);
    assert.equal(written[0]!.updatedAt, '2026-03-01T10:00:01.000Z');
    assert.equal(written[1]!.nextCheckAt, '2026-03-01T10:15:00.000Z');
    assert.deepEqual(await repos.transactions.findById(untouched!.id), untouched);
    // Nothing to write is no statement at all.
    await db.store.transaction((trx) => trx.transactions.writeStateChanges([]));
  });

  test('on PostgreSQL the batch statements are prepared once per connection', async (t) => {
    if (db.dialect !== 'postgres') return t.skip('PostgreSQL only');
    const store = db.openStore({ poolSize: 1 });
    const provider = await createTestProvider(store.repos);
    const tx = await createTestTransaction(store.repos, provider);
    for (let round = 0; round < 2; round++) {
      await store.transaction(async (trx) => {
        const [locked] = await trx.transactions.lockManyByReference([tx.reference]);
        const change = trx.transactions.applyStateChange(locked!, {
          state: 'pending',
          message: `round ${round}`,
        });
        await trx.transactions.writeStateChanges([change!]);
      });
    }
    const { rows } = await sql<{
      name: string;
      statement: string;
    }>`select name, statement from pg_prepared_statements`.execute(store.db);
    const prepared = rows.filter((r) => r.name.startsWith('payport_batch_'));
    // Each text once: the test's own inserts (a transaction, its history) and the locked read twice.
    assert.equal(new Set(prepared.map((r) => r.statement)).size, prepared.length, JSON.stringify(rows));
    const reads = prepared.filter((r) => r.statement.startsWith('select'));
    assert.equal(reads.length, 1, JSON.stringify(rows));
    assert.match(reads[0]!.statement, /^select \* from "transactions" where "reference" in \(\$1\)/);
    const updates = prepared.filter((r) => r.statement.startsWith('update'));
    assert.equal(updates.length, 1, JSON.stringify(rows));
    assert.match(
      updates[0]!.statement,
      /^update "transactions" set "state" = v\.column2, .* from \(values \(\$1, /,
    );
    assert.equal((await store.repos.transactions.findById(tx.id))?.stateMessage, 'round 1');
  });
});
