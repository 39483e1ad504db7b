import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { constantTimeEqual } from '../../src/crypto/compare.js';

describe('constantTimeEqual', () => {
  test('is true for equal strings of any length', () => {
    for (const value of ['', 'a', 'same-secret', 'x'.repeat(5000), 'عبارة'])
      assert.ok(constantTimeEqual(value, value));
  });

  test('is false for different strings, including prefixes and different lengths', () => {
    assert.equal(constantTimeEqual('secret', 'secreT'), false);
    assert.equal(constantTimeEqual('secret', 'secret '), false);
    assert.equal(constantTimeEqual('secret', 'secre'), false);
    assert.equal(constantTimeEqual('', 'a'), false);
  });

  test('compares bytes too', () => {
    assert.ok(constantTimeEqual(Buffer.from('abc'), Buffer.from('abc')));
    assert.equal(constantTimeEqual(Buffer.from('abc'), Buffer.from('abd')), false);
  });

  test('agrees with === on any pair of strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        assert.equal(constantTimeEqual(a, b), a === b);
        assert.ok(constantTimeEqual(a, `${a}`));
      }),
    );
  });
});
