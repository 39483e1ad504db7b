import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

forEachDatabase('the installment plan chosen before the embedded card form (migration 0014)', (db) => {
  const repos = () => db.store.repos;

  test('a choice is kept with its payment, replaced by a later one, and the full amount has no plan', async () => {
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider);
    assert.equal(await repos().installmentChoices.find(tx.id), undefined);
    const plan = {
      transactionId: tx.id,
      issuerCode: 'SIMB01',
      issuerName: 'Simulated Bank One (Visa)',
      planCode: 'SB1P06',
      numberOfInstallments: 6,
      amountPerMonth: 10_250,
      bins: ['400555', '455701'],
      minimumAmount: 50_000,
      maximumAmount: 9_999_999_999,
      amount: 60_000,
      currency: 'SAR',
    };
    const saved = await repos().installmentChoices.save(plan);
    assert.deepEqual({ ...saved, createdAt: undefined }, { ...plan, createdAt: undefined });
    assert.deepEqual(await repos().installmentChoices.find(tx.id), saved);
    const full = await repos().installmentChoices.save({
      ...plan,
      issuerCode: null,
      issuerName: null,
      planCode: null,
      numberOfInstallments: null,
      amountPerMonth: null,
      bins: [],
      minimumAmount: null,
      maximumAmount: null,
    });
    const read = await repos().installmentChoices.find(tx.id);
    assert.deepEqual(read, full);
    assert.equal(read?.planCode, null);
    assert.deepEqual(read?.bins, []);
  });
});
