/**
 * Forged messages cannot fill the disk (S14 "Slow and large clients"): a message to `/payment/aps/*`
 * that fails verification or names no known transaction is stored capped to its first 4 KiB, an address
 * sending more of them than APS ever would is answered 429, and `payport prune` deletes them after
 * 30 days while verified messages stay.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { applyRetention } from '../../src/services/retention.js';
import { SQLITE_FILE_NAME } from '../../src/store/database.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { startSecurityApp, type SecurityApp } from './harness.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const MiB = 1024 * 1024;

describe('storage under forged messages', () => {
  let s: SecurityApp;
  let dbFile: string;

  before(async () => {
    s = await startSecurityApp();
    dbFile = join(s.running.context.config.dataDir, SQLITE_FILE_NAME);
  });
  after(() => s.close());

  async function storeBytes(): Promise<number> {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(s.running.store.db);
    return statSync(dbFile).size;
  }

  /** A 60 KiB message: a bad signature on the open draft, or a reference nobody issued. */
  function forged(i: number): string {
    const fields = apsResponse(
      i % 2 === 0 ? s.draft : { ...s.draft, reference: `FORGED-${i}-${'Z'.repeat(40)}` },
      { response_message: `x${i}`.padEnd(60 * 1024, 'A') },
    );
    return formBody({ ...fields, signature: 'f'.repeat(64) });
  }

  const post = (url: string, payload: string, ip: string) =>
    s.inject({ method: 'POST', url, payload, headers: FORM, remoteAddress: ip });

  test('300 forged 60 KiB messages grow the store by less than 5 MiB, each still recorded', async () => {
    const notificationsBefore = await s.notificationCount();
    const bytesBefore = await storeBytes();
    for (let i = 0; i < 300; i++) {
      const url = i % 3 === 0 ? '/payment/aps/return' : '/payment/aps/webhook';
      const res = await post(url, forged(i), '203.0.113.50');
      assert.ok([403, 200, 404, 400].includes(res.statusCode), `message ${i}: ${res.statusCode}`);
    }
    const grown = (await storeBytes()) - bytesBefore;
    assert.ok(grown < 5 * MiB, `the store grew by ${(grown / MiB).toFixed(1)} MiB`);
    assert.equal(await s.notificationCount(), notificationsBefore + 300);
    const [sample] = (await s.services.store.repos.notifications.list({ outcome: 'bad_signature' })).items;
    assert.ok(Buffer.byteLength(sample!.payload) < 4200, `${Buffer.byteLength(sample!.payload)} bytes kept`);
    assert.match(sample!.payload, /bytes, cut\]$/);
  });

  test('an address sending more unverified messages than APS would is answered 429 and nothing is stored', async () => {
    const before = await s.notificationCount();
    const res = await post('/payment/aps/webhook', forged(1), '203.0.113.50');
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.equal(await s.notificationCount(), before);
    const genuine = await post(
      '/payment/aps/webhook',
      formBody(signed(apsResponse(s.draft))),
      '203.0.113.51',
    );
    assert.equal(genuine.statusCode, 200, 'another address (APS) is served');
  });

  test('genuine messages are stored whole and never count against the limit', async () => {
    const paid = formBody(signed(apsResponse(s.draft, { response_message: 'Success'.padEnd(6000, '.') })));
    for (let i = 0; i < 20; i++)
      assert.equal((await post('/payment/aps/webhook', paid, '203.0.113.52')).statusCode, 200);
    const [latest] = (await s.services.store.repos.notifications.list({ outcome: 'duplicate' })).items;
    assert.ok(latest && latest.payload.length > 6000, 'kept in full');
  });

  test('the retention policy deletes unverified messages after 30 days and keeps verified ones', async () => {
    const repos = s.services.store.repos;
    const verifiedBefore = (await repos.notifications.list({ outcome: 'applied' })).items.length;
    s.clock.advance(29 * 24 * 3600_000);
    assert.equal((await applyRetention(s.services.store, s.clock)).notifications, 0);
    s.clock.advance(2 * 24 * 3600_000);
    const result = await applyRetention(s.services.store, s.clock);
    assert.ok(result.notifications >= 300, `${result.notifications} pruned`);
    assert.equal((await repos.notifications.list({ outcome: 'bad_signature' })).items.length, 0);
    assert.equal((await repos.notifications.list({ outcome: 'unknown_reference' })).items.length, 0);
    assert.equal((await repos.notifications.list({ outcome: 'applied' })).items.length, verifiedBefore);
  });
});
