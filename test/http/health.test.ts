import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { systemClock } from '../../src/clock.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createServiceContext } from '../../src/services/context.js';
import { openDatabase } from '../../src/store/database.js';
import { createTestPayport } from '../support/payport.js';

describe('operations endpoints', () => {
  test('/healthz answers 200 and /readyz 200 once the database is migrated', async () => {
    const pp = await createTestPayport();
    try {
      assert.equal((await pp.running.app.inject('/healthz')).statusCode, 200);
      const ready = await pp.running.app.inject('/readyz');
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
    } finally {
      await pp.close();
    }
  });

  test('/readyz answers 503 while migrations are pending', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'payport-ready-'));
    const store = openDatabase({ dataDir });
    const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const metrics = createMetrics();
    const config = {
      port: 0,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8080',
      databaseUrl: undefined,
      dataDir,
      secret: 'x'.repeat(40),
      adminPassword: undefined,
      trustProxy: false,
      logLevel: 'silent' as const,
    };
    const services = createServiceContext({
      store,
      clock: systemClock,
      logger,
      metrics,
      publicUrl: config.publicUrl,
      secret: config.secret,
    });
    const app = await buildApp({ config, store, logger, clock: systemClock, metrics, services });
    try {
      const res = await app.inject('/readyz');
      assert.equal(res.statusCode, 503);
      assert.match(res.json().reason, /migration/);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('/metrics serves Prometheus text with request durations by route and status, and process metrics', async () => {
    const pp = await createTestPayport();
    try {
      await pp.running.app.inject('/healthz');
      await pp.running.app.inject('/no/such/page');
      const res = await pp.running.app.inject('/metrics');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/plain/);
      assert.match(
        res.body,
        /payport_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/,
      );
      assert.match(res.body, /status_code="404"/);
      assert.match(res.body, /process_resident_memory_bytes/);
    } finally {
      await pp.close();
    }
  });

  test('every answer carries the security headers and a Content-Security-Policy', async () => {
    const pp = await createTestPayport();
    try {
      const res = await pp.running.app.inject('/healthz');
      const csp = res.headers['content-security-policy'] as string;
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    } finally {
      await pp.close();
    }
  });
});
