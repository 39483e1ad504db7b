import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { command } from '../../src/cli/commands/aps.js';
import type { CommandIO } from '../../src/cli/command.js';
import { UsageError } from '../../src/errors.js';

const root = new URL('../..', import.meta.url).pathname;

const vectorA = {
  command: 'PURCHASE',
  merchant_reference: 'Test010',
  amount: '1000',
  access_code: 'SILgpo7pWbmzuURp2qri',
  merchant_identifier: 'MxvOupuG',
  currency: 'USD',
  language: 'en',
  customer_email: 'test@gmail.com',
};
const vectorASignature = '94c38afc7bdae0114fc8c740edf12416f22998241ce4b4ea70d5521233a2c882';
const vectorAString =
  'PASSaccess_code=SILgpo7pWbmzuURp2qriamount=1000command=PURCHASEcurrency=USD' +
  'customer_email=test@gmail.comlanguage=enmerchant_identifier=MxvOupuGmerchant_reference=Test010PASS';
const vectorC = { query_command: 'CHECK_STATUS', language: 'en', merchant_reference: '122333' };
const vectorCSignature = '9eb08299a5f9cda485e4967a25d4c8ff7ecfc98ae8f6d23fcb12457ea709fb26';

function io(stdin = ''): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdin: Readable.from(stdin === '' ? [] : [Buffer.from(stdin)]),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    cwd: root,
    out,
    err,
  };
}

describe('payport aps sign', () => {
  test('prints the signature of vector A', async () => {
    const streams = io(JSON.stringify(vectorA));
    assert.equal(await command.run(['sign', '--phrase', 'PASS'], streams), 0);
    assert.deepEqual(streams.out, [vectorASignature]);
  });

  test('prints the signature of vector C', async () => {
    const streams = io(JSON.stringify(vectorC));
    assert.equal(
      await command.run(['sign', '--phrase', 'sha-request-phrase', '--sha-type', 'sha256'], streams),
      0,
    );
    assert.deepEqual(streams.out, [vectorCSignature]);
  });

  test('with --explain also prints the exact signing string', async () => {
    const streams = io(JSON.stringify(vectorA));
    assert.equal(await command.run(['sign', '--phrase', 'PASS', '--explain'], streams), 0);
    assert.deepEqual(streams.out, [vectorASignature, `signing string: ${vectorAString}`]);
  });

  test('ignores a signature field in the input', async () => {
    const streams = io(JSON.stringify({ ...vectorA, signature: 'stale' }));
    await command.run(['sign', '--phrase', 'PASS'], streams);
    assert.deepEqual(streams.out, [vectorASignature]);
  });

  test('uses the requested SHA type', async () => {
    const streams = io(JSON.stringify(vectorA));
    await command.run(['sign', '--phrase', 'PASS', '--sha-type', 'sha1'], streams);
    assert.deepEqual(streams.out, ['fd3df414c5e364d4cd087926389844acad736de6']);
  });

  test('signs nested Apple Pay style objects', async () => {
    const streams = io('{"apple_header":{"transactionId":"t1"},"a":"1"}');
    await command.run(['sign', '--phrase', 'P', '--explain'], streams);
    assert.equal(streams.out[1], 'signing string: Pa=1apple_header={transactionId=t1}P');
  });

  test('refuses a missing phrase and an unknown SHA type as usage errors', async () => {
    await assert.rejects(command.run(['sign'], io('{}')), UsageError);
    await assert.rejects(
      command.run(['sign', '--phrase', 'P', '--sha-type', 'md5'], io('{}')),
      /--sha-type must be one of/,
    );
    await assert.rejects(command.run(['sign', '--phrase', 'P', '--bogus'], io('{}')), UsageError);
  });

  test('answers unreadable input with one line and exit code 2', async () => {
    for (const input of ['', 'not json', '[1,2]', '{"a":"1","a":"2"}', 'a=1&b=2']) {
      const streams = io(input);
      assert.equal(await command.run(['sign', '--phrase', 'P'], streams), 2, input);
      assert.equal(streams.err.length, 1);
      assert.match(streams.err[0]!, /^payport aps sign: cannot read the parameters on stdin: /);
      assert.deepEqual(streams.out, []);
    }
  });
});

describe('payport aps verify', () => {
  test('says valid for vector A signed in upper-case hex (JSON input)', async () => {
    const streams = io(JSON.stringify({ ...vectorA, signature: vectorASignature.toUpperCase() }));
    assert.equal(await command.run(['verify', '--phrase', 'PASS'], streams), 0);
    assert.deepEqual(streams.out, ['valid']);
  });

  test('says valid for vector C posted form-encoded', async () => {
    const body = new URLSearchParams({ ...vectorC, signature: vectorCSignature }).toString();
    const streams = io(body);
    assert.equal(await command.run(['verify', '--phrase', 'sha-request-phrase'], streams), 0);
    assert.deepEqual(streams.out, ['valid']);
  });

  test('says invalid with the expected signature and signing string, exit 1', async () => {
    const streams = io(JSON.stringify({ ...vectorA, amount: '1001', signature: vectorASignature }));
    assert.equal(await command.run(['verify', '--phrase', 'PASS'], streams), 1);
    assert.match(streams.out[0]!, /^invalid: the signature does not match/);
    assert.match(streams.out[1]!, /^expected signature: [0-9a-f]{64}$/);
    assert.equal(streams.out[2], `signing string: ${vectorAString.replace('amount=1000', 'amount=1001')}`);
  });

  test('says invalid with a clear reason when the signature is missing', async () => {
    const streams = io(JSON.stringify(vectorA));
    assert.equal(await command.run(['verify', '--phrase', 'PASS'], streams), 1);
    assert.deepEqual(streams.out, [
      'invalid: the payload has no signature field',
      `expected signature: ${vectorASignature}`,
      `signing string: ${vectorAString}`,
    ]);
  });

  test('answers a repeated form key with one line and exit code 2', async () => {
    const streams = io('a=1&a=2');
    assert.equal(await command.run(['verify', '--phrase', 'P'], streams), 2);
    assert.match(streams.err[0]!, /appears more than once/);
  });
});

describe('payport aps help and subcommands', () => {
  test('--help describes the command and both subcommands', async () => {
    for (const argv of [['--help'], ['sign', '--help'], ['verify', '--help']]) {
      const streams = io();
      assert.equal(await command.run(argv, streams), 0);
      assert.match(streams.out.join('\n'), /payport aps/);
    }
  });

  test('a missing or unknown subcommand is a usage error', async () => {
    await assert.rejects(command.run([], io()), UsageError);
    await assert.rejects(command.run(['hash'], io()), /unknown subcommand "hash"/);
  });
});

describe('payport aps through bin/payport.js', () => {
  test('signs vector A from stdin', () => {
    const result = spawnSync(process.execPath, ['bin/payport.js', 'aps', 'sign', '--phrase', 'PASS'], {
      cwd: root,
      input: JSON.stringify(vectorA),
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${vectorASignature}\n`);
  });

  test('exits 2 with one line for a bad flag', () => {
    const result = spawnSync(
      process.execPath,
      ['bin/payport.js', 'aps', 'verify', '--sha-type', 'x', '--phrase', 'P'],
      {
        cwd: root,
        input: '{}',
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
