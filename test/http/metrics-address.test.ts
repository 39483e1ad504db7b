/**
 * `/metrics` on its own address (S14 "Small ones"): with METRICS_PORT set, the customer port answers
 * 404 for /metrics and the metrics port serves it; METRICS_HOST without METRICS_PORT is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport } from '../../src/server.js';

test('with METRICS_PORT, /metrics leaves the customer port for an address of its own', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-metrics-'));
  const config = loadConfig({
    env: { PAYPORT_DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', PAYPORT_SECRET: 'm'.repeat(40) },
    cwd: dataDir,
  });
  assert.deepEqual(config.metrics, { host: '127.0.0.1', port: 0 });
  const running = await startPayport(config, { logger: createLogger('silent'), workers: false });
  try {
    assert.equal((await fetch(`${running.address}/metrics`)).status, 404);
    assert.equal((await fetch(`${running.address}/healthz`)).status, 200);
    const scraped = await fetch(`${running.metricsAddress}/metrics`);
    assert.equal(scraped.status, 200);
    assert.match(await scraped.text(), /# TYPE /);
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('METRICS_HOST alone is a configuration error naming it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-metrics-'));
  try {
    assert.throws(
      () => loadConfig({ env: { METRICS_HOST: '10.0.0.5', PAYPORT_SECRET: 'm'.repeat(40) }, cwd: dataDir }),
      (err: unknown) => err instanceof ConfigError && err.setting === 'METRICS_HOST',
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
