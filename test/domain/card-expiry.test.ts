import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCardExpired } from '../../src/domain/card-expiry.js';

describe('saved card expiry', () => {
  test('a card works through the last instant of its expiry month (UTC)', () => {
    assert.equal(isCardExpired('05/30', new Date('2030-05-31T23:59:59.999Z')), false);
    assert.equal(isCardExpired('05/30', new Date('2030-06-01T00:00:00.000Z')), true);
  });

  test('a December expiry ends with the year', () => {
    assert.equal(isCardExpired('12/26', new Date('2026-12-31T23:59:59.999Z')), false);
    assert.equal(isCardExpired('12/26', new Date('2027-01-01T00:00:00.000Z')), true);
  });

  test('an unknown or malformed expiry is left to the provider', () => {
    for (const expiry of [null, undefined, '', '13/30', '00/30', '2030-05', '5/30']) {
      assert.equal(isCardExpired(expiry, new Date('2099-01-01T00:00:00.000Z')), false, String(expiry));
    }
  });
});
