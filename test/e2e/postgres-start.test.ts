/**
 * `payport migrate` and `payport start` against PostgreSQL (DATABASE_URL) as real processes: migrations
 * apply once, /healthz and /readyz answer 200, SIGTERM stops the server cleanly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('../..', import.meta.url).pathname;
const baseUrl = process.env.TEST_DATABASE_URL?.trim();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('payport on PostgreSQL', { skip: baseUrl ? false : 'TEST_DATABASE_URL not set' }, () => {
  const name = `payport_e2e_${Date.now().toString(36)}`;
  let url = '';
  before(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(baseUrl!);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  });
  after(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  test('payport migrate applies the migrations once', () => {
    const env = {
      ...process.env,
      DATABASE_URL: url,
      PAYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'pp-pg-')),
    };
    const first = spawnSync(process.execPath, [join(root, 'bin/payport.js'), 'migrate'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Applied \d+ migration/);
    const second = spawnSync(process.execPath, [join(root, 'bin/payport.js'), 'migrate'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /up to date/);
  });

  test('payport start serves /healthz and /readyz and stops on SIGTERM with exit code 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'bin/payport.js'), 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        PAYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'pp-pg-')),
      },
      stdio: 'ignore',
    });
    try {
      let ready = false;
      for (let i = 0; i < 150 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(ready, '/readyz answered 200');
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });
});
