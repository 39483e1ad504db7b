import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import type { CommandIO } from '../../src/cli/command.js';
import { command } from '../../src/cli/commands/neutralize.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

const dataDir = mkdtempSync(join(tmpdir(), 'payport-neutralize-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function io(): CommandIO & { out: string[] } {
  const out: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: (t) => void out.push(t),
    stderr: () => undefined,
    env: { PAYPORT_DATA_DIR: dataDir, PAYPORT_SECRET: 'neutralize-cli-test-secret-0123456789abcd' },
    cwd: dataDir,
    out,
  };
}

test('neutralize disables enabled providers, keeps test ones in test and erases every APS credential', async () => {
  const store = openDatabase({ dataDir });
  await migrate(store);
  const credentials = {
    merchantIdentifier: 'MxvOupuG',
    accessCodeEnc: 'sealed-a',
    shaRequestPhraseEnc: 'sealed-b',
    shaResponsePhraseEnc: 'sealed-c',
  };
  const live = await store.repos.providers.insert({
    code: 'aps',
    name: 'Live',
    state: 'enabled',
    isPublished: true,
    ...credentials,
  });
  const sandbox = await store.repos.providers.insert({
    code: 'aps',
    name: 'Sandbox',
    state: 'test',
    isPublished: true,
    ...credentials,
  });
  await store.close();

  const streams = io();
  assert.equal(await command.run([], streams), 0);
  assert.match(
    streams.out.join('\n'),
    /1 enabled provider\(s\) switched to Disabled; credentials erased on 2 provider\(s\)/,
  );

  const after = openDatabase({ dataDir });
  try {
    const liveNow = (await after.repos.providers.findById(live.id))!;
    const sandboxNow = (await after.repos.providers.findById(sandbox.id))!;
    assert.equal(liveNow.state, 'disabled');
    assert.equal(liveNow.isPublished, false);
    assert.equal(sandboxNow.state, 'test');
    for (const p of [liveNow, sandboxNow]) {
      assert.deepEqual(
        [p.merchantIdentifier, p.accessCodeEnc, p.shaRequestPhraseEnc, p.shaResponsePhraseEnc],
        [null, null, null, null],
      );
    }
  } finally {
    await after.close();
  }
});

test('neutralize --help warns not to run it on production', async () => {
  const streams = io();
  assert.equal(await command.run(['--help'], streams), 0);
  assert.match(streams.out.join('\n'), /Never run this against the production database/);
});
