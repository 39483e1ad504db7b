/**
 * A running server keeps every module it loaded in memory (its source text and compiled code), and every
 * full garbage collection marks them. payport loads the code of optional features only when they are
 * set up: nodemailer with SMTP_URL, the PostgreSQL driver with a PostgreSQL DATABASE_URL, the APS
 * simulator and the demo's certificate maker with `--demo`; and Fastify's JSON Schema compilers (Ajv)
 * only for a route that has a JSON Schema, which none of payport's has.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const child = new URL('../support/loaded-packages-child.ts', import.meta.url).pathname;
const root = new URL('../..', import.meta.url).pathname;

/** The npm packages `payport start` loaded with `env`, once it answered a request. */
async function packagesLoaded(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PAYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'payport-loaded-')),
      PAYPORT_SECRET: 'test-secret-0123456789-abcdefghijklmnop',
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    timeout: 60_000,
  });
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as { status: number; packages: string[] };
  assert.equal(report.status, 200, 'the server answered /readyz');
  return report.packages;
}

test('a server without email, on SQLite, without the demo loads neither nodemailer, pg, selfsigned nor Ajv', async () => {
  const packages = await packagesLoaded({});
  assert.ok(packages.includes('fastify') && packages.includes('better-sqlite3'), packages.join(' '));
  for (const optional of ['nodemailer', 'pg', 'selfsigned', 'ajv', '@fastify/ajv-compiler']) {
    assert.ok(!packages.includes(optional), `${optional} was loaded: ${packages.join(' ')}`);
  }
});

test('with SMTP_URL set the server loads nodemailer (and still not pg)', async () => {
  const packages = await packagesLoaded({
    SMTP_URL: 'smtp://127.0.0.1:2525',
    SMTP_FROM: 'payments@shop.example.com',
  });
  assert.ok(packages.includes('nodemailer'), packages.join(' '));
  assert.ok(!packages.includes('pg'), packages.join(' '));
});
