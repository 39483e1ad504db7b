import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import type { CommandIO } from '../../src/cli/command.js';
import { command } from '../../src/cli/commands/prune.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

const dataDir = mkdtempSync(join(tmpdir(), 'payport-prune-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function io(): CommandIO & { out: string[] } {
  const out: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: (t) => void out.push(t),
    stderr: () => undefined,
    env: { PAYPORT_DATA_DIR: dataDir, PAYPORT_SECRET: 'prune-cli-test-secret-0123456789abcdefgh' },
    cwd: dataDir,
    out,
  };
}

test('prune deletes unverified messages older than 30 days and keeps recent and verified ones', async () => {
  const store = openDatabase({ dataDir });
  await migrate(store);
  const old = new Date(Date.now() - 31 * 24 * 3600_000);
  const base = { channel: 'webhook' as const, payload: '{}', providerCode: 'aps' };
  await store.repos.notifications.insert({
    ...base,
    id: 'old-forged',
    outcome: 'bad_signature',
    receivedAt: old,
  });
  await store.repos.notifications.insert({
    ...base,
    id: 'old-unknown',
    outcome: 'unknown_reference',
    receivedAt: old,
  });
  await store.repos.notifications.insert({
    ...base,
    id: 'old-genuine',
    outcome: 'duplicate',
    receivedAt: old,
  });
  await store.repos.notifications.insert({ ...base, id: 'new-forged', outcome: 'bad_signature' });
  await store.close();

  const out = io();
  assert.equal(await command.run([], out), 0);
  assert.match(out.out.join('\n'), /Pruned .*: 2 unverified message\(s\)/);

  const after = openDatabase({ dataDir });
  try {
    const left = (await after.repos.notifications.list()).items.map((n) => n.id).sort();
    assert.deepEqual(left, ['new-forged', 'old-genuine']);
  } finally {
    await after.close();
  }
});

test('prune --help explains the policy', async () => {
  const out = io();
  assert.equal(await command.run(['--help'], out), 0);
  assert.match(out.out.join('\n'), /older than 30 days/);
});
