import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

test('logs are JSON and secrets are redacted wherever they appear', () => {
  const { lines, logger } = capture();
  logger.info(
    {
      message: { access_code: 'AC-SECRET', signature: 'abc123', merchant_reference: 'REF-1' },
      provider: { shaRequestPhrase: 'REQ-PHRASE', shaResponsePhrase: 'RESP-PHRASE' },
      user: { password: 'hunter2-hunter2' },
      req: { headers: { authorization: 'Bearer ppk_secret', cookie: 'payport_session=s3cr3t' } },
    },
    'processed',
  );
  const line = JSON.parse(lines[0]!);
  assert.equal(line.msg, 'processed');
  assert.equal(line.message.merchant_reference, 'REF-1');
  for (const secret of [
    'AC-SECRET',
    'abc123',
    'REQ-PHRASE',
    'RESP-PHRASE',
    'hunter2-hunter2',
    'ppk_secret',
    's3cr3t',
  ]) {
    assert.doesNotMatch(lines[0]!, new RegExp(secret));
  }
  assert.equal(line.message.access_code, '[redacted]');
  assert.equal(line.req.headers.authorization, '[redacted]');
});

test('the level filters lower levels out', () => {
  const { lines, logger } = capture();
  logger.debug('not shown');
  logger.warn('shown');
  assert.equal(lines.length, 1);
});
