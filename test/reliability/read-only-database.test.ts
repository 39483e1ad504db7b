/**
 * A read-only PostgreSQL (a standby, or a primary demoted after failover) is "unavailable" (S14
 * "Isolation"): writes fail with SQLSTATE 25006, which payport answers 503 — so APS and API clients
 * retry — instead of 500, and /readyz says not ready so the load balancer stops sending traffic.
 * The database is made read-only for one throwaway role only, so nothing else sharing the server notices.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/clock.js';
import { buildApp } from '../../src/http/app.js';
import type { AppContext } from '../../src/http/context.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createServiceContext } from '../../src/services/context.js';
import { createPaymentTransaction } from '../../src/services/checkout.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { createPostgresSchema, dropPostgresSchema } from '../../src/store/postgres-schemas.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { TEST_DATABASE_URL } from '../support/databases.js';
import { seedApsProvider, TEST_SECRET } from '../support/payport.js';

const url = TEST_DATABASE_URL;

describe('PostgreSQL read-only after a failover', { skip: url ? false : 'TEST_DATABASE_URL not set' }, () => {
  const tag = randomBytes(4).toString('hex');
  const schema = `pp_ro_${tag}`;
  const role = `pp_ro_role_${tag}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-read-only-'));
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  let admin: Store;
  let readOnly: Store;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let draft: TransactionRecord;

  before(async () => {
    await createPostgresSchema(url!, schema);
    admin = openDatabase({ url: url!, dataDir, searchPath: schema, clock });
    await migrate(admin);
    const logger = createLogger('silent');
    const parts = {
      clock,
      logger,
      metrics: createMetrics(),
      publicUrl: 'https://shop.example.com',
      secret: TEST_SECRET,
    };
    const seeding = createServiceContext({ store: admin, ...parts });
    const provider = await seedApsProvider(seeding);
    draft = await createPaymentTransaction(seeding, {
      providerId: provider.id,
      paymentMethod: 'card',
      amountMinor: 12_500,
      currency: 'SAR',
      customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
      channel: 'system',
    });
    await sql`create role ${sql.id(role)} login`.execute(admin.db);
    await sql`alter role ${sql.id(role)} set default_transaction_read_only = on`.execute(admin.db);
    await sql`grant usage on schema ${sql.id(schema)} to ${sql.id(role)}`.execute(admin.db);
    await sql`grant select, insert, update, delete on all tables in schema ${sql.id(schema)} to ${sql.id(role)}`.execute(
      admin.db,
    );
    const roleUrl = new URL(url!);
    roleUrl.username = role;
    roleUrl.password = '';
    readOnly = openDatabase({ url: roleUrl.toString(), dataDir, searchPath: schema, clock });
    const services = createServiceContext({ store: readOnly, ...parts });
    const config = {
      port: 0,
      host: '127.0.0.1',
      publicUrl: parts.publicUrl,
      databaseUrl: roleUrl.toString(),
      dataDir,
      secret: TEST_SECRET,
      adminPassword: undefined,
      logLevel: 'silent' as const,
      trustProxy: false,
    };
    const ctx: AppContext = { config, store: readOnly, logger, clock, metrics: parts.metrics, services };
    app = await buildApp(ctx);
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await readOnly?.close();
    await sql`drop owned by ${sql.id(role)}`.execute(admin.db).catch(() => undefined);
    await sql`drop role if exists ${sql.id(role)}`.execute(admin.db).catch(() => undefined);
    await admin?.close();
    await dropPostgresSchema(url!, schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('/readyz answers 503 although the database answers reads', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });

  test("APS' webhook gets 503 (retry later), not 500, and the payment is unchanged", async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/payment/aps/webhook',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(signed(apsResponse(draft))),
    });
    assert.equal(res.statusCode, 503);
    assert.equal((await admin.repos.transactions.findById(draft.id))?.state, 'draft');
  });
});
