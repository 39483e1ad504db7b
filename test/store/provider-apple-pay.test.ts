import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider } from '../support/store-fixtures.js';

forEachDatabase("a provider's Apple Pay settings (migration 0010)", (db) => {
  const repos = () => db.store.repos;
  const row = (providerId: string, tag: string) => ({
    providerId,
    appleMerchantId: `merchant.test.${tag}`,
    accessCodeEnc: `v1:access:${tag}`,
    shaRequestPhraseEnc: `v1:req:${tag}`,
    shaResponsePhraseEnc: `v1:res:${tag}`,
    shaType: 'sha512',
    certificatePem: `-----BEGIN CERTIFICATE-----\n${tag}\n-----END CERTIFICATE-----\n`,
    privateKeyEnc: `v1:key:${tag}`,
    domainAssociation: `domain ${tag}\n`,
  });

  test('are saved, read back, replaced and removed per provider', async () => {
    const provider = await createTestProvider(repos());
    assert.equal(await repos().applePay.find(provider.id), undefined);
    await repos().applePay.save(row(provider.id, 'one'));
    const saved = await repos().applePay.find(provider.id);
    assert.deepEqual(
      { ...saved, updatedAt: undefined },
      { ...row(provider.id, 'one'), updatedAt: undefined },
    );
    assert.ok(saved?.updatedAt);
    await repos().applePay.save(row(provider.id, 'two'));
    assert.equal((await repos().applePay.find(provider.id))?.appleMerchantId, 'merchant.test.two');
    assert.ok((await repos().applePay.list()).some((r) => r.providerId === provider.id));
    assert.equal(await repos().applePay.remove(provider.id), true);
    assert.equal(await repos().applePay.find(provider.id), undefined);
    assert.equal(await repos().applePay.remove(provider.id), false);
  });

  test('belong to an existing provider', async () => {
    await assert.rejects(() => repos().applePay.save(row('no-such-provider', 'x')));
  });
});
