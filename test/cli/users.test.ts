import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import type { CommandIO } from '../../src/cli/command.js';
import { command } from '../../src/cli/commands/users.js';
import { verifyPassword } from '../../src/crypto/passwords.js';
import { UsageError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';

const dataDir = mkdtempSync(join(tmpdir(), 'payport-users-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function io(): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: { PAYPORT_DATA_DIR: dataDir, PAYPORT_SECRET: 'users-cli-test-secret-0123456789abcdefgh' },
    cwd: dataDir,
    out,
    err,
  };
}

function passwordIn(output: string[]): string {
  const match = /Password:\s+(\S+)/.exec(output.join('\n'));
  assert.ok(match, `no password in ${output.join('\n')}`);
  return match[1]!;
}

async function storedHash(email: string): Promise<string | undefined> {
  const store = openDatabase({ dataDir });
  try {
    return (await store.repos.users.findByEmail(email))?.passwordHash;
  } finally {
    await store.close();
  }
}

describe('payport users', () => {
  test('add prints a generated password once, and it signs in against the stored hash', async () => {
    const streams = io();
    assert.equal(await command.run(['add', '--email', 'Owner@Example.com', '--role', 'admin'], streams), 0);
    const password = passwordIn(streams.out);
    assert.match(streams.out.join('\n'), /shown only once/);
    const hash = await storedHash('owner@example.com');
    assert.ok(hash);
    assert.equal(hash.includes(password), false);
    assert.equal(await verifyPassword(password, hash), true);
  });

  test('reset-password prints a new password that replaces the old one', async () => {
    const first = io();
    await command.run(['add', '--email', 'ops@example.com', '--role', 'operator'], first);
    const reset = io();
    assert.equal(await command.run(['reset-password', '--email', 'ops@example.com'], reset), 0);
    const newPassword = passwordIn(reset.out);
    assert.notEqual(newPassword, passwordIn(first.out));
    const hash = (await storedHash('ops@example.com'))!;
    assert.equal(await verifyPassword(newPassword, hash), true);
    assert.equal(await verifyPassword(passwordIn(first.out), hash), false);
  });

  test('list shows every user with its role and no password', async () => {
    const streams = io();
    assert.equal(await command.run(['list'], streams), 0);
    const text = streams.out.join('\n');
    assert.match(text, /admin\s+owner@example\.com/);
    assert.match(text, /operator\s+ops@example\.com/);
    assert.doesNotMatch(text, /scrypt|Password/);
  });

  test('bad arguments are usage errors (exit code 2 in main): missing email, unknown role, bad email', async () => {
    await assert.rejects(command.run(['add', '--role', 'admin'], io()), UsageError);
    await assert.rejects(
      command.run(['add', '--email', 'a@example.com', '--role', 'root'], io()),
      UsageError,
    );
    await assert.rejects(
      command.run(['add', '--email', 'not an email', '--role', 'admin'], io()),
      UsageError,
    );
    await assert.rejects(command.run(['remove', '--email', 'a@example.com'], io()), UsageError);
  });

  test('adding an email that exists fails with a clear message', async () => {
    await assert.rejects(
      command.run(['add', '--email', 'owner@example.com', '--role', 'operator'], io()),
      /already exists/,
    );
  });

  test('--help describes the actions', async () => {
    const streams = io();
    assert.equal(await command.run(['add', '--help'], streams), 0);
    assert.match(streams.out.join('\n'), /reset-password/);
  });
});
