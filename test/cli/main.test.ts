import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/command.js';

const root = new URL('../..', import.meta.url).pathname;

function captureIO(env: NodeJS.ProcessEnv = {}): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env,
    cwd: mkdtempSync(join(tmpdir(), 'payport-cli-')),
    out,
    err,
  };
}

describe('payport CLI', () => {
  test('prints the command list for --help and exits 0', async () => {
    const io = captureIO();
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out.join('\n'), /Usage: payport <command>/);
    assert.match(io.out.join('\n'), /migrate/);
  });

  test('answers an unknown command with one line and exit code 2', async () => {
    const io = captureIO();
    assert.equal(await main(['launch'], io), 2);
    assert.equal(io.err.length, 1);
    assert.match(io.err[0]!, /unknown command "launch"/);
  });

  for (const name of ['start', 'migrate', 'simulator', 'aps', 'users', 'neutralize', 'api-keys']) {
    test(`${name} --help describes the command and exits 0`, async () => {
      const io = captureIO();
      assert.equal(await main([name, '--help'], io), 0);
      assert.match(io.out.join('\n'), new RegExp(`payport ${name}`));
    });
  }

  test('an unknown flag gives one line and exit code 2', async () => {
    const io = captureIO();
    assert.equal(await main(['migrate', '--frobnicate'], io), 2);
    assert.equal(io.err.length, 1);
    assert.match(io.err[0]!, /frobnicate/);
  });

  test('an invalid reconciliation setting stops start with one line naming it and exit code 2', async () => {
    const io = captureIO({ RECONCILE_BATCH_SIZE: 'lots' });
    assert.equal(await main(['start'], io), 2);
    assert.equal(io.err.length, 1);
    assert.match(io.err[0]!, /invalid configuration: RECONCILE_BATCH_SIZE: must be a whole number/);
  });

  test('invalid configuration names the setting, exits 2 and prints no stack trace', async () => {
    const io = captureIO({ PORT: 'abc' });
    assert.equal(await main(['start'], io), 2);
    assert.equal(io.err.length, 1);
    assert.match(io.err[0]!, /invalid configuration: PORT/);
    assert.doesNotMatch(io.err[0]!, /\n\s+at /);
  });

  test('migrate creates and migrates a fresh SQLite store', async () => {
    const io = captureIO();
    assert.equal(await main(['migrate'], io), 0, io.err.join('\n'));
    assert.match(io.out.join('\n'), /Applied \d+ migration/);
    assert.equal(await main(['migrate'], io), 0);
    assert.match(io.out.at(-1)!, /up to date/);
  });

  test('the installed bin runs through node with exit code 2 on bad arguments', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'payport-bin-'));
    const result = spawnSync(process.execPath, [join(root, 'bin/payport.js'), 'start', '--port'], {
      cwd,
      encoding: 'utf8',
    });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
