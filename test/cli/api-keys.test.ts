import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import type { CommandIO } from '../../src/cli/command.js';
import { command } from '../../src/cli/commands/api-keys.js';
import { authenticateApiKey } from '../../src/services/api/api-keys.js';
import { systemClock } from '../../src/clock.js';
import { PayportError, UsageError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';

const dataDir = mkdtempSync(join(tmpdir(), 'payport-api-keys-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function io(): CommandIO & { out: string[] } {
  const out: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: (t) => void out.push(t),
    stderr: () => undefined,
    env: { PAYPORT_DATA_DIR: dataDir, PAYPORT_SECRET: 'api-keys-cli-test-secret-0123456789abcdef' },
    cwd: dataDir,
    out,
  };
}

async function withStore<T>(fn: (store: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const store = openDatabase({ dataDir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('payport api-keys', () => {
  test('create prints a key once; only its hash is stored, and the key authenticates', async () => {
    const streams = io();
    assert.equal(await command.run(['create', '--name', 'Shop backend'], streams), 0);
    const output = streams.out.join('\n');
    const key = /API key:\s+(ppk_\S+)/.exec(output)?.[1];
    assert.ok(key, output);
    assert.match(output, /shown only once/);
    await withStore(async (store) => {
      const [record] = await store.repos.apiKeys.list();
      assert.equal(record!.name, 'Shop backend');
      assert.equal(record!.keyHash.includes(key), false);
      assert.ok(key.startsWith(record!.prefix));
      const found = await authenticateApiKey({ store, clock: systemClock }, `Bearer ${key}`);
      assert.equal(found.id, record!.id);
    });
  });

  test('list shows each key by prefix and name, never the key', async () => {
    const created = io();
    await command.run(['create', '--name', 'Listed'], created);
    const key = /API key:\s+(\S+)/.exec(created.out.join('\n'))![1]!;
    const listed = io();
    assert.equal(await command.run(['list'], listed), 0);
    const text = listed.out.join('\n');
    assert.match(text, /Listed/);
    assert.equal(text.includes(key), false);
  });

  test('revoke makes the key stop authenticating', async () => {
    const created = io();
    await command.run(['create', '--name', 'To revoke'], created);
    const text = created.out.join('\n');
    const key = /API key:\s+(\S+)/.exec(text)![1]!;
    const id = /Id:\s+(\S+)/.exec(text)![1]!;
    assert.equal(await command.run(['revoke', '--id', id], io()), 0);
    await withStore(async (store) => {
      await assert.rejects(
        authenticateApiKey({ store, clock: systemClock }, `Bearer ${key}`),
        (err: unknown) => err instanceof PayportError && err.type === 'unauthorized',
      );
    });
  });

  test('bad usage is a UsageError: no name, unknown action, unknown flag', async () => {
    await assert.rejects(command.run(['create'], io()), UsageError);
    await assert.rejects(command.run(['create', '--name', '  '], io()), UsageError);
    await assert.rejects(command.run(['rotate'], io()), UsageError);
    await assert.rejects(command.run(['create', '--name', 'x', '--colour', 'red'], io()), UsageError);
    assert.equal(await command.run([], io()), 2);
    assert.equal(await command.run(['--help'], io()), 0);
  });
  test('create --scopes gives the key exactly those scopes; without it, all but endpoints', async () => {
    const scoped = io();
    assert.equal(await command.run(['create', '--name', 'Hooks', '--scopes', 'read,endpoints'], scoped), 0);
    assert.match(scoped.out.join('\n'), /Scopes:\s+read, endpoints/);
    const plain = io();
    assert.equal(await command.run(['create', '--name', 'Plain'], plain), 0);
    assert.match(plain.out.join('\n'), /Scopes:\s+read, payments, operations$/m);
  });

  test('create --scopes with an unknown scope is a usage error and creates nothing', async () => {
    const before = await withStore(async (store) => (await store.repos.apiKeys.list()).length);
    await assert.rejects(
      command.run(['create', '--name', 'Bad', '--scopes', 'read,admin'], io()),
      UsageError,
    );
    assert.equal(await withStore(async (store) => (await store.repos.apiKeys.list()).length), before);
  });
});
