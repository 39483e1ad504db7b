import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  eventSignature,
  signatureHeader,
  verifyEventSignature,
} from '../../../src/services/api/event-signature.js';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"evt_1","type":"transaction.updated"}';
const AT = new Date('2026-03-01T10:00:00Z');

describe('Payport-Signature', () => {
  test('a header made for a body verifies against that body and secret', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    assert.match(header, /^t=1772359200,v1=[0-9a-f]{64}$/);
    assert.deepEqual(verifyEventSignature(header, BODY, SECRET, { now: AT }), {
      valid: true,
      timestamp: 1772359200,
    });
  });

  test('another body, another secret or an edited timestamp are refused', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    assert.equal(verifyEventSignature(header, `${BODY} `, SECRET, { now: AT }).valid, false);
    assert.equal(verifyEventSignature(header, BODY, 'whsec_other', { now: AT }).valid, false);
    assert.equal(
      verifyEventSignature(header.replace('t=1772359200', 't=1772359201'), BODY, SECRET, { now: AT }).valid,
      false,
    );
  });

  test('signatures more than five minutes from now are refused as replays', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    assert.equal(
      verifyEventSignature(header, BODY, SECRET, { now: new Date(AT.getTime() + 300_000) }).valid,
      true,
    );
    const late = verifyEventSignature(header, BODY, SECRET, { now: new Date(AT.getTime() + 301_000) });
    assert.equal(late.valid, false);
    assert.match(!late.valid ? late.reason : '', /300 seconds/);
  });

  test('a missing or malformed header says what is wrong', () => {
    const missing = verifyEventSignature(undefined, BODY, SECRET);
    assert.equal(missing.valid, false);
    assert.match(!missing.valid ? missing.reason : '', /missing/);
    const noSignature = verifyEventSignature('t=1772359200', BODY, SECRET, { now: AT });
    assert.match(!noSignature.valid ? noSignature.reason : '', /v1/);
  });

  test('the worked example of docs/api.md verifies, and is refused once older than five minutes', () => {
    const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const secret = /```text\n(whsec_\S+)\n```/.exec(doc)?.[1];
    const body = /```json\n(\{"id":"evt_.*\})\n```/.exec(doc)?.[1];
    const header = /Payport-Signature: (t=\d+,v1=[0-9a-f]{64})/.exec(doc)?.[1];
    assert.ok(secret && body && header, 'the example is in the document');
    const t = Number(/t=(\d+)/.exec(header)![1]);
    assert.equal(eventSignature(secret, t, body), /v1=([0-9a-f]+)/.exec(header)![1]);
    assert.equal(
      verifyEventSignature(header, body, secret, { now: new Date('2026-03-01T10:02:00Z') }).valid,
      true,
    );
    assert.equal(
      verifyEventSignature(header, body, secret, { now: new Date('2026-03-01T10:05:01Z') }).valid,
      false,
    );
    assert.match(doc, new RegExp(`signing string is \`${t}\\.\``));
  });
});
