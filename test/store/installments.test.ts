import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

forEachDatabase('installments minimums, description and the chosen plan (migration 0011)', (db) => {
  const repos = () => db.store.repos;

  test('a provider keeps its installments minimums per currency; a new one has none', async () => {
    const provider = await createTestProvider(repos());
    assert.deepEqual((await repos().providers.findById(provider.id))?.installmentsMinimums, {});
    await repos().providers.update(provider.id, { installmentsMinimums: { SAR: 50000, EGP: 100000 } });
    assert.deepEqual((await repos().providers.findById(provider.id))?.installmentsMinimums, {
      SAR: 50000,
      EGP: 100000,
    });
  });

  test('a payment keeps its description; the plan is written with the state change that reports it', async () => {
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider, { description: 'Two lamps' });
    assert.equal(tx.description, 'Two lamps');
    assert.equal(tx.installments, null);
    const plan = { numberOfInstallments: 6, planCode: 'SB1P06', issuerCode: 'SIMB01' };
    const changed = await repos().transactions.updateState(tx.id, {
      state: 'done',
      message: 'paid',
      details: { cardBrand: 'visa', installments: plan },
    });
    assert.deepEqual(changed?.installments, plan);
    const read = await repos().transactions.findById(tx.id);
    assert.deepEqual(read?.installments, plan);
    assert.equal(read?.description, 'Two lamps');
    const other = await createTestTransaction(repos(), provider);
    assert.equal((await repos().transactions.findById(other.id))?.installments, null);
  });
});
