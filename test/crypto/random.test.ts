import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, systemClock } from '../../src/clock.js';
import {
  idTime,
  isId,
  newId,
  randomId,
  randomSecret,
  randomString,
  sha256Hex,
} from '../../src/crypto/random.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  test('is a lower-case UUIDv7 with the RFC 9562 variant', () => {
    for (let i = 0; i < 100; i++) assert.match(newId(), UUID_V7);
  });

  test('encodes the time it was made', () => {
    const clock = new ManualClock('2031-05-06T07:08:09.123Z');
    const id = newId(clock);
    assert.ok(isId(id));
    assert.equal(idTime(id).toISOString(), '2031-05-06T07:08:09.123Z');
  });

  test('sorts in creation order, even within one millisecond', () => {
    const clock = new ManualClock('2032-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 20_000 }, () => newId(clock));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('sorts in creation order as time advances', () => {
    const clock = new ManualClock('2033-01-01T00:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) {
      ids.push(newId(clock));
      clock.advance(i % 3);
    }
    assert.deepEqual([...ids].sort(), ids);
  });

  test('keeps order when the clock steps back a little', () => {
    const clock = new ManualClock('2034-01-01T00:00:05.000Z');
    const first = newId(clock);
    clock.advance(-2000);
    const second = newId(clock);
    assert.ok(second > first);
  });

  test('follows a clock that was reset far back', () => {
    const clock = new ManualClock('2035-01-01T00:00:00.000Z');
    newId(clock);
    clock.set('2026-01-01T00:00:00.000Z');
    assert.equal(idTime(newId(clock)).toISOString(), '2026-01-01T00:00:00.000Z');
    assert.match(newId(systemClock), UUID_V7);
  });

  test('isId and idTime refuse other text', () => {
    for (const value of [
      '',
      'not-an-id',
      '0190a8c4-1e2b-4c3d-8e4f-123456789abc',
      '0190A8C4-1E2B-7C3D-8E4F-123456789ABC',
      7,
    ]) {
      assert.equal(isId(value), false, String(value));
    }
    assert.throws(() => idTime('nope'), RangeError);
  });
});

describe('randomId', () => {
  test('is 22 base62 characters, after an optional prefix', () => {
    assert.match(randomId(), /^[0-9A-Za-z]{22}$/);
    assert.match(randomId('evt'), /^evt_[0-9A-Za-z]{22}$/);
  });

  test('refuses prefixes that are not short lower-case words', () => {
    for (const prefix of ['Evt', 'evt_', '1evt', 'a'.repeat(17), 'e-v']) {
      assert.throws(() => randomId(prefix), RangeError, prefix);
    }
  });

  test('does not repeat', () => {
    assert.equal(new Set(Array.from({ length: 20_000 }, () => randomId('x'))).size, 20_000);
  });
});

describe('randomString', () => {
  test('uses only the alphabet and the requested length', () => {
    assert.match(randomString('ab', 100), /^[ab]{100}$/);
    assert.equal(randomString('abc', 0), '');
  });

  test('draws every symbol equally often, even when 256 is no multiple of the alphabet size', () => {
    // 129 symbols: a plain `byte % 129` would give symbols 0-126 twice the chance of 127 and 128.
    const alphabet = Array.from({ length: 129 }, (_, i) => String.fromCharCode(0x100 + i)).join('');
    const counts = new Map<string, number>();
    for (const ch of randomString(alphabet, 129 * 2000)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    assert.equal(counts.size, 129);
    // Expected 2000 each, standard deviation ≈ 45; a biased draw gives ≈ 2650 and ≈ 1330.
    for (const [ch, n] of counts) assert.ok(n > 1_650 && n < 2_350, `${ch.charCodeAt(0)}: ${n}`);
  });

  test('refuses bad alphabets and lengths', () => {
    assert.throws(() => randomString('a', 5), RangeError);
    assert.throws(() => randomString('aa', 5), RangeError);
    assert.throws(() => randomString('ab', -1), RangeError);
    assert.throws(() => randomString('ab', 1.5), RangeError);
  });
});

describe('randomSecret and sha256Hex', () => {
  test('randomSecret gives base64url text of the requested strength', () => {
    assert.match(randomSecret(), /^[A-Za-z0-9_-]{43}$/);
    assert.match(randomSecret(16), /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(randomSecret(), randomSecret());
  });

  test('randomSecret refuses weak or absurd sizes', () => {
    for (const bytes of [0, 15, 1025, 1.5])
      assert.throws(() => randomSecret(bytes), RangeError, String(bytes));
  });

  test('sha256Hex matches the FIPS 180-2 test vectors', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex(Buffer.from('abc')), sha256Hex('abc'));
  });
});
