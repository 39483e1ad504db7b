import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualClock } from '../../src/clock.js';
import {
  assertSafeReference,
  childReference,
  generateReference,
  isSafeReference,
  MAX_CHILD_NUMBER,
  REFERENCE_MAX_LENGTH,
  REFERENCE_PREFIX_MAX_LENGTH,
  sanitizeReferencePrefix,
} from '../../src/domain/reference.js';
import { CHILD_OPERATIONS, type ChildOperation } from '../../src/domain/transaction-state.js';
import { ValidationError } from '../../src/errors.js';

const APS_SAFE = /^[A-Za-z0-9_-]{1,40}$/;
// Printable ASCII (where the tricky punctuation lives) as well as any Unicode.
const anyOrderReference = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

describe('isSafeReference', () => {
  test('accepts 1 to 40 letters, digits, "-" and "_"', () => {
    for (const value of ['a', 'tx-20260101', 'A_b-9', 'x'.repeat(40)])
      assert.ok(isSafeReference(value), value);
  });

  test('refuses empty, too long, other characters and non-strings', () => {
    for (const value of ['', 'x'.repeat(41), 'a b', 'INV/1', 'a.b', 'é', 'a\n', null, 42, undefined]) {
      assert.equal(isSafeReference(value), false, String(value));
    }
  });

  test('assertSafeReference names the field and quotes the value', () => {
    assert.equal(assertSafeReference('ok-1'), 'ok-1');
    assert.throws(
      () => assertSafeReference('INV/1', 'ref'),
      (err: unknown) =>
        err instanceof ValidationError && err.fields[0]?.field === 'ref' && /"INV\/1"/.test(err.message),
    );
  });
});

describe('sanitizeReferencePrefix', () => {
  const cases: Array<[string, string]> = [
    ['INV/2026/0042', 'INV-2026-0042'],
    ['S00042', 'S00042'],
    ['Café #12', 'Cafe-12'],
    ['A  //  B', 'A-B'],
    ['--A--', 'A'],
    ['A_-_B', 'A-B'],
    ['order_12', 'order_12'],
    ['INV.2026.0042', 'INV-2026-0042'],
    ['SO 12 (web)', 'SO-12-web'],
    ['///', ''],
    ['طلب', ''],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    test(`turns ${JSON.stringify(input)} into ${JSON.stringify(expected)}`, () => {
      assert.equal(sanitizeReferencePrefix(input), expected);
    });
  }

  test('cuts to the room left beside the unique part and drops a dangling separator', () => {
    assert.equal(REFERENCE_PREFIX_MAX_LENGTH, 18);
    assert.equal(sanitizeReferencePrefix('ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'ABCDEFGHIJKLMNOPQR');
    assert.equal(sanitizeReferencePrefix('ABCDEFGHIJKLMNOPQ/XYZ'), 'ABCDEFGHIJKLMNOPQ');
  });

  test('always yields safe characters within the limit', () => {
    fc.assert(
      fc.property(anyOrderReference, (input) => {
        const prefix = sanitizeReferencePrefix(input);
        assert.ok(prefix.length <= REFERENCE_PREFIX_MAX_LENGTH);
        assert.match(prefix, /^([A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)?$/);
        assert.doesNotMatch(prefix, /--/);
      }),
    );
  });
});

describe('generateReference', () => {
  test('without an order reference is 21 upper-case base36 characters', () => {
    assert.match(generateReference(), /^[0-9A-Z]{21}$/);
  });

  test('keeps a sanitised order reference as a readable prefix', () => {
    const reference = generateReference({ orderReference: 'INV/2026/0042' });
    assert.match(reference, /^INV-2026-0042-[0-9A-Z]{21}$/);
    assert.ok(reference.length <= REFERENCE_MAX_LENGTH);
  });

  test('drops an order reference that has nothing usable', () => {
    assert.match(generateReference({ orderReference: '///' }), /^[0-9A-Z]{21}$/);
    assert.match(generateReference({ orderReference: null }), /^[0-9A-Z]{21}$/);
  });

  test('truncates a long order reference so the whole stays within 40 characters', () => {
    const reference = generateReference({ orderReference: 'SO/2026/LONG-CUSTOMER-ORDER-NUMBER-000042' });
    assert.equal(reference.length, 40);
    assert.ok(reference.startsWith('SO-2026-LONG-CUSTO-'));
  });

  test('is always APS-safe and at most 40 characters, whatever the order reference', () => {
    fc.assert(
      fc.property(fc.option(anyOrderReference), (orderReference) => {
        const reference = generateReference({ orderReference });
        assert.match(reference, APS_SAFE);
        assert.ok(isSafeReference(reference));
      }),
      { numRuns: 1000 },
    );
  });

  test('never collides over 100 000 references made in the same millisecond', () => {
    const clock = new ManualClock('2026-03-01T12:00:00.000Z');
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateReference({ clock }));
    assert.equal(seen.size, 100_000);
  });

  test('sorts by creation time for the same prefix', () => {
    const clock = new ManualClock('2026-03-01T12:00:00.000Z');
    const made: string[] = [];
    for (let i = 0; i < 200; i++) {
      made.push(generateReference({ clock, orderReference: 'S1' }));
      clock.advance(1 + (i % 7) * 1000);
    }
    assert.deepEqual([...made].sort(), made);
  });

  test('encodes the creation time in its first nine characters', () => {
    const clock = new ManualClock('2026-03-01T12:00:00.000Z');
    const reference = generateReference({ clock });
    assert.equal(parseInt(reference.slice(0, 9), 36), Date.parse('2026-03-01T12:00:00.000Z'));
  });
});

describe('childReference', () => {
  test('appends the operation letter and number to a short parent', () => {
    assert.equal(childReference('ABC123', 'refund', 1), 'ABC123-R1');
    assert.equal(childReference('ABC123', 'capture', 2), 'ABC123-C2');
    assert.equal(childReference('ABC123', 'void', 1), 'ABC123-V1');
    assert.equal(childReference('ABC123', 'refund', MAX_CHILD_NUMBER), 'ABC123-R999999');
  });

  test('keeps the plain form while it fits in 40 characters', () => {
    const parent = 'P'.repeat(37);
    assert.equal(childReference(parent, 'refund', 1), `${parent}-R1`);
  });

  test('shortens a long parent with a hash and stays within 40 characters', () => {
    const parent = generateReference({ orderReference: 'INV/2026/0042-EXTRA-LONG' });
    const child = childReference(parent, 'refund', 12);
    assert.ok(child.length <= 40, child);
    assert.match(child, APS_SAFE);
    assert.ok(child.startsWith(parent.slice(0, 14)));
    assert.ok(child.endsWith('-R12'));
  });

  test('stays within 40 characters for the longest parent and the largest number', () => {
    const parent = 'Q'.repeat(40);
    for (const operation of CHILD_OPERATIONS) {
      const child = childReference(parent, operation, MAX_CHILD_NUMBER);
      assert.equal(child.length, 40);
      assert.match(child, APS_SAFE);
    }
  });

  test('is deterministic, so a retried operation reuses the same reference', () => {
    const parent = 'Z'.repeat(40);
    assert.equal(childReference(parent, 'capture', 3), childReference(parent, 'capture', 3));
  });

  test('distinguishes long parents that share their beginning', () => {
    const a = `${'A'.repeat(30)}0000000001`;
    const b = `${'A'.repeat(30)}0000000002`;
    assert.notEqual(childReference(a, 'refund', 1), childReference(b, 'refund', 1));
  });

  test('is APS-safe and unique across parents, operations and numbers', () => {
    // Half the parents are long and share their first 25 characters, the case the hash has to settle.
    const parent = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
      fc
        .stringMatching(/^[A-Za-z0-9_-]{8,15}$/)
        .map((tail) => `INV-2026-0042-0MHX3K2P0A`.padEnd(25, 'X') + tail),
    );
    const op = fc.constantFrom<ChildOperation>(...CHILD_OPERATIONS);
    const n = fc.integer({ min: 1, max: MAX_CHILD_NUMBER });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(parent, op, n), {
          minLength: 2,
          maxLength: 60,
          selector: (t) => t.join('|'),
        }),
        (triples) => {
          const children = triples.map(([p, o, k]) => childReference(p, o, k));
          for (const child of children) assert.match(child, APS_SAFE);
          assert.equal(new Set(children).size, children.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('refuses an unsafe parent, an unknown operation and a bad number', () => {
    assert.throws(() => childReference('INV/1', 'refund', 1), ValidationError);
    assert.throws(() => childReference('', 'refund', 1), ValidationError);
    assert.throws(() => childReference('A', 'purchase' as ChildOperation, 1), /capture, void or refund/);
    for (const n of [0, -1, 1.5, MAX_CHILD_NUMBER + 1, Number.NaN]) {
      assert.throws(() => childReference('A', 'refund', n), /integer from 1 to 999999/, String(n));
    }
  });
});
