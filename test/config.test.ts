import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'payport-config-'));

describe('configuration', () => {
  test('uses the documented defaults when nothing is set', () => {
    const cwd = tempDir();
    const config = loadConfig({ env: {}, cwd });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, join(cwd, 'data'));
    assert.equal(config.logLevel, 'info');
  });

  test('generates the secret once into <data dir>/secret.key with mode 0600 and reuses it', () => {
    const cwd = tempDir();
    const first = loadConfig({ env: {}, cwd });
    const file = join(cwd, 'data', 'secret.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), first.secret);
    assert.ok(first.secret.length >= 32);
    assert.equal(loadConfig({ env: {}, cwd }).secret, first.secret);
  });

  test('reads .env, lets the environment override it and flags override both', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'PORT=9000\nHOST=0.0.0.0\nLOG_LEVEL=warn\n');
    assert.equal(loadConfig({ env: {}, cwd }).port, 9000);
    assert.equal(loadConfig({ env: {}, cwd }).logLevel, 'warn');
    assert.equal(loadConfig({ env: { PORT: '9100' }, cwd }).port, 9100);
    assert.equal(loadConfig({ env: { PORT: '9100' }, cwd, flags: { port: '9200' } }).port, 9200);
    assert.equal(loadConfig({ env: {}, cwd }).publicUrl, 'http://localhost:9000');
  });

  test('normalises PUBLIC_URL without a trailing slash', () => {
    const config = loadConfig({ env: { PUBLIC_URL: 'https://pay.example.com/' }, cwd: tempDir() });
    assert.equal(config.publicUrl, 'https://pay.example.com');
  });

  test('uses PAYPORT_SECRET when set and writes no key file', () => {
    const cwd = tempDir();
    const secret = 'x'.repeat(40);
    assert.equal(loadConfig({ env: { PAYPORT_SECRET: secret }, cwd }).secret, secret);
    assert.throws(() => statSync(join(cwd, 'data', 'secret.key')));
  });

  const invalid: Array<[string, Record<string, string>, string]> = [
    ['PORT', { PORT: 'eighty' }, 'PORT'],
    ['PORT out of range', { PORT: '70000' }, 'PORT'],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    ['PUBLIC_URL scheme', { PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL'],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['PAYPORT_SECRET', { PAYPORT_SECRET: 'short' }, 'PAYPORT_SECRET'],
    ['PAYPORT_ADMIN_PASSWORD', { PAYPORT_ADMIN_PASSWORD: 'abc' }, 'PAYPORT_ADMIN_PASSWORD'],
  ];
  for (const [name, env, setting] of invalid) {
    test(`refuses an invalid ${name} with an error naming the setting`, () => {
      assert.throws(
        () => loadConfig({ env, cwd: tempDir() }),
        (err: unknown) =>
          err instanceof ConfigError && err.setting === setting && err.message.startsWith(setting),
      );
    });
  }

  test('names the flag when a flag is invalid', () => {
    assert.throws(
      () => loadConfig({ env: {}, cwd: tempDir(), flags: { port: 'x' } }),
      (err: unknown) => err instanceof ConfigError && err.setting === '--port',
    );
  });
});

describe('TRUST_PROXY', () => {
  const load = (value?: string) =>
    loadConfig({ env: value === undefined ? {} : { TRUST_PROXY: value }, cwd: tempDir() }).trustProxy;
  test('believes no proxy by default, so a client cannot fake its address with X-Forwarded-For', () => {
    assert.equal(load(), false);
    assert.equal(load('false'), false);
  });
  test('accepts true, a hop count, or a list of proxy addresses and CIDRs', () => {
    assert.equal(load('true'), true);
    assert.equal(load('1'), 1);
    assert.deepEqual(load('10.0.0.1, 192.168.0.0/16'), ['10.0.0.1', '192.168.0.0/16']);
  });
  test('refuses anything else with an error naming the setting', () => {
    assert.throws(
      () => load('yes please'),
      (err: unknown) => err instanceof ConfigError && err.setting === 'TRUST_PROXY',
    );
  });
});

describe('reconciliation settings (S8)', () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ env, cwd: tempDir() }).reconciliation ?? assert.fail('no reconciliation settings');
  const DAY = 24 * 60 * 60_000;

  test('uses the schedule of S8 when nothing is set', () => {
    const settings = load({});
    assert.equal(settings.intervalMs, 10_000);
    assert.equal(settings.batchSize, 20);
    assert.equal(settings.concurrency, 4);
    assert.equal(settings.leaseMs, 300_000);
    assert.deepEqual(settings.schedule.pendingOffsetsMs, [
      15_000,
      60_000,
      180_000,
      3_600_000,
      DAY,
      2 * DAY,
      3 * DAY,
      4 * DAY,
    ]);
    assert.equal(settings.schedule.draftAbandonAfterMs, DAY);
    assert.equal(settings.schedule.draftFirstCheckMs, 15 * 60_000);
  });

  test('reads every RECONCILE_* setting from the environment and from .env', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'RECONCILE_BATCH_SIZE=50\nRECONCILE_CONCURRENCY=2\n');
    const settings = loadConfig({
      env: {
        RECONCILE_INTERVAL_MS: '2500',
        RECONCILE_CONCURRENCY: '8',
        RECONCILE_LEASE_MS: '120000',
        RECONCILE_PENDING_DAYS: '2',
        RECONCILE_ABANDON_AFTER_HOURS: '6',
      },
      cwd,
    }).reconciliation;
    assert.equal(settings?.intervalMs, 2500);
    assert.equal(settings?.batchSize, 50);
    assert.equal(settings?.concurrency, 8, 'the environment wins over .env');
    assert.equal(settings?.leaseMs, 120_000);
    assert.deepEqual(settings?.schedule.pendingOffsetsMs.slice(4), [DAY, 2 * DAY]);
    assert.equal(settings?.schedule.draftAbandonAfterMs, 6 * 60 * 60_000);
  });

  test('stops daily checks of pending transactions after the first hour when RECONCILE_PENDING_DAYS=0', () => {
    assert.deepEqual(
      load({ RECONCILE_PENDING_DAYS: '0' }).schedule.pendingOffsetsMs,
      [15_000, 60_000, 180_000, 3_600_000],
    );
  });

  const invalid: Array<[string, string]> = [
    ['RECONCILE_INTERVAL_MS', 'soon'],
    ['RECONCILE_INTERVAL_MS', '0'],
    ['RECONCILE_BATCH_SIZE', '0'],
    ['RECONCILE_BATCH_SIZE', '-5'],
    ['RECONCILE_BATCH_SIZE', '2.5'],
    ['RECONCILE_BATCH_SIZE', '1001'],
    ['RECONCILE_CONCURRENCY', '0'],
    ['RECONCILE_CONCURRENCY', '1e3'],
    ['RECONCILE_LEASE_MS', '500'],
    ['RECONCILE_PENDING_DAYS', 'four'],
    ['RECONCILE_PENDING_DAYS', '91'],
    ['RECONCILE_ABANDON_AFTER_HOURS', '0'],
    ['RECONCILE_ABANDON_AFTER_HOURS', '24h'],
  ];
  for (const [setting, value] of invalid) {
    test(`refuses ${setting}=${value} with an error naming the setting and its range`, () => {
      assert.throws(
        () => loadConfig({ env: { [setting]: value }, cwd: tempDir() }),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.setting === setting &&
          err.message.startsWith(`${setting}: must be a whole number of `) &&
          err.message.includes(`got "${value}"`),
      );
    });
  }
});

describe('PAYPORT_EVENT_ALLOW_PRIVATE', () => {
  const load = (value?: string) =>
    loadConfig({
      env: value === undefined ? {} : { PAYPORT_EVENT_ALLOW_PRIVATE: value },
      cwd: tempDir(),
    }).eventTargets;
  test('event endpoints reach only public addresses unless it is true', () => {
    assert.equal(load(), 'public');
    assert.equal(load('false'), 'public');
    assert.equal(load('true'), 'private');
  });
  test('refuses anything but true or false, naming the setting', () => {
    assert.throws(
      () => load('sometimes'),
      (err: unknown) => err instanceof ConfigError && err.setting === 'PAYPORT_EVENT_ALLOW_PRIVATE',
    );
  });
});

describe('PAYPORT_REQUIRE_2FA', () => {
  test('is off unless true, and refuses other values naming the setting', () => {
    const load = (value?: string) =>
      loadConfig({ env: value === undefined ? {} : { PAYPORT_REQUIRE_2FA: value }, cwd: tempDir() })
        .require2fa;
    assert.equal(load(), undefined);
    assert.equal(load('true'), true);
    assert.throws(
      () => load('maybe'),
      (err: unknown) => err instanceof ConfigError && err.setting === 'PAYPORT_REQUIRE_2FA',
    );
  });
});

describe('PAYPORT_APS_RATE_LIMIT', () => {
  test('is a whole number of messages per minute (0 lifts the limit), absent by default', () => {
    const load = (value?: string) =>
      loadConfig({ env: value === undefined ? {} : { PAYPORT_APS_RATE_LIMIT: value }, cwd: tempDir() })
        .apsRateLimitPerMinute;
    assert.equal(load(), undefined);
    assert.equal(load('600000'), 600_000);
    assert.equal(load('0'), 0);
    for (const bad of ['-1', '1.5', 'lots'])
      assert.throws(
        () => load(bad),
        (err: unknown) => err instanceof ConfigError && err.setting === 'PAYPORT_APS_RATE_LIMIT',
      );
  });
});

describe('SMTP_URL and SMTP_FROM (S21)', () => {
  const load = (env: Record<string, string>) => loadConfig({ env, cwd: tempDir() }).email;
  const refuses = (env: Record<string, string>, setting: string) =>
    assert.throws(
      () => load(env),
      (err: unknown) =>
        err instanceof ConfigError && err.setting === setting && !err.message.includes('s3cret'),
    );

  test('email is off without SMTP_URL', () => {
    assert.equal(load({}), undefined);
  });

  test('the sender defaults to payments@ the host of PUBLIC_URL', () => {
    assert.deepEqual(
      load({ SMTP_URL: 'smtp://user:s3cret@mail.example.com:587', PUBLIC_URL: 'https://pay.example.com' }),
      { smtpUrl: 'smtp://user:s3cret@mail.example.com:587', from: 'payments@pay.example.com' },
    );
    assert.equal(
      load({ SMTP_URL: 'smtps://mail.example.com', SMTP_FROM: 'Shop <billing@shop.example>' })?.from,
      'Shop <billing@shop.example>',
    );
  });

  test('refuses other schemes, a bad sender, and SMTP_FROM alone, without repeating the password', () => {
    refuses({ SMTP_URL: 'http://user:s3cret@mail.example.com' }, 'SMTP_URL');
    refuses({ SMTP_URL: 'mail.example.com:s3cret' }, 'SMTP_URL');
    refuses({ SMTP_URL: 'smtp://user:s3cret@mail.example.com', SMTP_FROM: 'nobody' }, 'SMTP_FROM');
    refuses({ SMTP_URL: 'smtp://user:s3cret@mail.example.com', SMTP_FROM: 'Shop <a@b.example' }, 'SMTP_FROM');
    refuses({ SMTP_FROM: 'payments@example.com' }, 'SMTP_FROM');
  });
});
