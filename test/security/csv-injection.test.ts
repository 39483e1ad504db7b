/**
 * The transaction CSV export neutralises every cell a spreadsheet would run as a formula (S14 "Small
 * ones"): a leading = + - @ tab CR or ; — or their full-width forms — gets an apostrophe first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdmin, type AdminClient, type AdminHarness } from '../http/admin/helpers.js';
import { seedPaid, seedProvider, tag } from '../http/admin/fixtures.js';

const DANGEROUS = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  ';=1;',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '；=1',
];

describe('CSV export and formula injection', () => {
  let h: AdminHarness;
  let client: AdminClient;
  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
  });
  after(() => h.close());

  test('every formula-starting customer name is exported with a leading apostrophe', async () => {
    const provider = await seedProvider(h.store, `Csv ${tag()}`);
    for (const name of DANGEROUS) await seedPaid(h.store, provider, { customerName: `${name}Buyer` });
    await seedPaid(h.store, provider, { customerName: 'Plain Buyer' });
    const answer = await client.get(`/admin/transactions/export.csv?provider=${provider.id}`);
    assert.equal(answer.status, 200);
    const text = answer.raw.replace(/^\ufeff/, '');
    for (const name of DANGEROUS) {
      const quoted = /[",\r\n]/.test(name) ? `"'${name}Buyer"` : `'${name}Buyer`;
      assert.ok(text.includes(`,${quoted},`), `${JSON.stringify(name)} neutralised`);
    }
    assert.ok(text.includes(',Plain Buyer,'), 'ordinary names are left alone');
  });
});
