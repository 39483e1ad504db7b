import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  SHA_TYPES,
  TOKENIZATION_UNSIGNED_FIELDS,
  computeSignature,
  sha256Bytes,
  isShaType,
  sign,
  signingString,
  tokenizationSignedFields,
  verifySignature,
} from '../../../src/providers/aps/signature.js';

// Reference §3.4 A: the official documentation's request example, SHA Request Phrase "PASS".
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
const vectorAString =
  'PASSaccess_code=SILgpo7pWbmzuURp2qriamount=1000command=PURCHASEcurrency=USD' +
  'customer_email=test@gmail.comlanguage=enmerchant_identifier=MxvOupuGmerchant_reference=Test010PASS';

// Digests of vectorAString computed independently with Python's hashlib / hmac.
const vectorADigests = {
  sha256: '94c38afc7bdae0114fc8c740edf12416f22998241ce4b4ea70d5521233a2c882',
  sha1: 'fd3df414c5e364d4cd087926389844acad736de6',
  sha512:
    '01575815bbdb23a862855bf2087012e243215e6464b6239a422d9a85936adca90bf6c3227c180890ad13b00ddf3a248608053d7174cbe622f24bdf2d5f345638',
  hmac256: 'b592468a25c7292cdadb2e58c3c184e5b868eda03d8c2920f66fe16a587681f3',
  hmac512:
    '4c3addc9583cdadb5861d22926c2e6735aa32e18a747981fdafe454b050c38651bf96ab468ce24619468d87b8dad45820803b95595c3dca5710604ce363e75a2',
} as const;

describe('APS signature: published vectors', () => {
  test('vector A: builds the documented signing string', () => {
    assert.equal(signingString(vectorA, 'PASS'), vectorAString);
  });

  test('vector A: matches the documented SHA-256 digest, in lower-case hex', () => {
    assert.equal(computeSignature(vectorA, 'PASS', 'sha256'), vectorADigests.sha256);
  });

  test('vector B: tokenization leaves the card fields out of the signature', () => {
    const form = {
      service_command: 'TOKENIZATION',
      language: 'en',
      merchant_identifier: 'MxvOupuG',
      access_code: 'SILgpo7pWbmzuURp2qri',
      merchant_reference: 'MyReference0001',
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: 'Test Payer',
      remember_me: 'NO',
    };
    const signed = tokenizationSignedFields(form);
    assert.deepEqual(Object.keys(signed).sort(), [
      'access_code',
      'language',
      'merchant_identifier',
      'merchant_reference',
      'service_command',
    ]);
    assert.equal(
      signingString(signed, 'PASS'),
      'PASSaccess_code=SILgpo7pWbmzuURp2qrilanguage=enmerchant_identifier=MxvOupuG' +
        'merchant_reference=MyReference0001service_command=TOKENIZATIONPASS',
    );
    assert.equal(
      computeSignature(signed, 'PASS'),
      '7ee560ccd621da61bfc772f2f1b5849babda768f5ee36d4de67efa88403e4b99',
    );
    assert.deepEqual([...TOKENIZATION_UNSIGNED_FIELDS].sort(), [
      'card_holder_name',
      'card_number',
      'card_security_code',
      'expiry_date',
      'remember_me',
    ]);
  });

  test('vector C: CHECK_STATUS request of the sevaske test suite', () => {
    const params = { query_command: 'CHECK_STATUS', language: 'en', merchant_reference: '122333' };
    assert.equal(
      signingString(params, 'sha-request-phrase'),
      'sha-request-phraselanguage=enmerchant_reference=122333query_command=CHECK_STATUSsha-request-phrase',
    );
    assert.equal(
      computeSignature(params, 'sha-request-phrase', 'sha256'),
      '9eb08299a5f9cda485e4967a25d4c8ff7ecfc98ae8f6d23fcb12457ea709fb26',
    );
  });
});

describe('APS signature: SHA types', () => {
  for (const shaType of SHA_TYPES) {
    test(`${shaType} agrees with an independent computation over the same string`, () => {
      assert.equal(computeSignature(vectorA, 'PASS', shaType), vectorADigests[shaType]);
    });
  }

  test('sha1 (the back office\'s "SHA-128") gives 40 hex characters', () => {
    assert.match(computeSignature(vectorA, 'PASS', 'sha1'), /^[0-9a-f]{40}$/);
  });

  test('recognises exactly the supported SHA type names', () => {
    assert.ok(isShaType('hmac512'));
    assert.ok(!isShaType('SHA-256'));
    assert.ok(!isShaType('sha128'));
    assert.ok(!isShaType(undefined));
  });
});

describe('APS signature: signing-string rules', () => {
  test('hashes the UTF-8 bytes of Arabic text', () => {
    const params = { order_description: 'طلب رقم ١٢', customer_name: 'محمد عبدالله' };
    assert.equal(
      signingString(params, 'PHRASE'),
      'PHRASEcustomer_name=محمد عبداللهorder_description=طلب رقم ١٢PHRASE',
    );
    assert.equal(
      computeSignature(params, 'PHRASE'),
      'e40acde2bfbbd08754c207e7de850c50b59b5604412bf7bf128835bcf4832d42',
    );
  });

  test('sorts by key, not by the rendered pair, when one key prefixes another', () => {
    const text = signingString({ merchant_extra1: 'b', merchant_extra: 'a' }, 'P');
    assert.equal(text, 'Pmerchant_extra=amerchant_extra1=bP');
  });

  test('sorts mixed-case keys in byte order, upper case first', () => {
    const text = signingString(
      { billing_street: 's', billing_stateProvince: 'p', Zeta: 'z', apple: 'a' },
      'P',
    );
    assert.equal(text, 'PZeta=zapple=abilling_stateProvince=pbilling_street=sP');
  });

  test('sorts names beyond the BMP by their UTF-8 bytes, not by UTF-16 code units', () => {
    // U+FFFD is EF BF BD in UTF-8, U+1F600 is F0 9F 98 80: bytes put U+FFFD first, UTF-16 would not.
    const text = signingString({ 'a\u{1F600}': '2', 'a\uFFFD': '1', a: '0' }, 'P');
    assert.equal(text, 'Pa=0a\uFFFD=1a\u{1F600}=2P');
  });

  test('orders any set of names exactly as their UTF-8 bytes compare', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 12 }), (names) => {
        const params = Object.fromEntries(
          names.filter((n) => n !== 'signature' && !n.includes('=')).map((n) => [n, '']),
        );
        const expected = Object.keys(params)
          .sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
          .map((n) => `${n}=`)
          .join('');
        assert.equal(signingString(params, ''), expected);
      }),
      { numRuns: 500 },
    );
  });

  test('one message after another, whatever their names and order, each is signed over its own names', () => {
    // Consecutive messages with the same names reuse the previous order; any change must not.
    const names = fc.uniqueArray(
      fc.constantFrom('amount', 'command', 'fort_id', 'signature', 'status', 'Zeta'),
      {
        maxLength: 6,
      },
    );
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 6 }), (messages) => {
        for (const list of messages) {
          const params = Object.fromEntries(list.map((n, i) => [n, String(i)]));
          const expected = list
            .filter((n) => n !== 'signature')
            .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
            .map((n) => `${n}=${params[n]}`)
            .join('');
          assert.equal(signingString(params, 'P'), `P${expected}P`);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('orders long messages (more names than the insertion sort takes) in UTF-8 byte order too', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 4 }), { minLength: 33, maxLength: 80 }),
        (names) => {
          const params = Object.fromEntries(
            names.filter((n) => n !== 'signature' && !n.includes('=')).map((n) => [n, 'v']),
          );
          const expected = Object.keys(params)
            .sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
            .map((n) => `${n}=v`)
            .join('');
          assert.equal(signingString(params, 'P'), `P${expected}P`);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('sorts by code unit when only a value or the phrase holds a character beyond the BMP', () => {
    const text = signingString({ b: '\u{1F600}', a: '1', B: '2' }, '\u{1F600}');
    assert.equal(text, '\u{1F600}B=2a=1b=\u{1F600}\u{1F600}');
  });

  test('renders nested objects in their own order and lists with comma-space', () => {
    const params = {
      apple_header: { transactionId: 't1', ephemeralPublicKey: 'k' },
      columns: ['order_description', 'eci'],
      filters: [
        { key: 'currency', value: 'USD' },
        { key: 'payment_option', value: 'VISA' },
      ],
    };
    assert.equal(
      signingString(params, 'P'),
      'Papple_header={transactionId=t1, ephemeralPublicKey=k}columns=[order_description, eci]' +
        'filters=[{key=currency, value=USD}, {key=payment_option, value=VISA}]P',
    );
  });

  test('signs an empty value as name=', () => {
    assert.equal(signingString({ a: '1', b: '', c: '3' }, 'P'), 'Pa=1b=c=3P');
  });

  test('keeps surrounding whitespace exactly as given', () => {
    const trimmed = computeSignature({ customer_name: 'Ali' }, 'P');
    const padded = computeSignature({ customer_name: ' Ali ' }, 'P');
    assert.equal(signingString({ customer_name: ' Ali ' }, 'P'), 'Pcustomer_name= Ali P');
    assert.notEqual(padded, trimmed);
  });

  test('never includes the signature field itself', () => {
    assert.equal(signingString({ ...vectorA, signature: 'x' }, 'PASS'), vectorAString);
  });
});

describe('APS signature: verification', () => {
  test('accepts a message signed with the same phrase and SHA type', () => {
    const message = sign(vectorA, 'response-phrase', 'sha512');
    const result = verifySignature(message, 'response-phrase', 'sha512');
    assert.equal(result.valid, true);
    assert.equal(result.reason, undefined);
  });

  test('accepts an upper-case hex signature', () => {
    const message = { ...vectorA, signature: vectorADigests.sha256.toUpperCase() };
    assert.equal(verifySignature(message, 'PASS', 'sha256').valid, true);
  });

  test('reports a missing signature as "missing" with the expected value', () => {
    const result = verifySignature(vectorA, 'PASS');
    assert.equal(result.valid, false);
    assert.equal(result.reason, 'missing');
    assert.equal(result.expected, vectorADigests.sha256);
    assert.equal(result.signingString, vectorAString);
  });

  test('reports an empty signature as "missing"', () => {
    assert.equal(verifySignature({ ...vectorA, signature: '' }, 'PASS').reason, 'missing');
  });

  test('reports a signature made with the other phrase as "mismatch"', () => {
    const message = sign(vectorA, 'request-phrase');
    const result = verifySignature(message, 'response-phrase');
    assert.equal(result.valid, false);
    assert.equal(result.reason, 'mismatch');
  });

  test('reports a signature made with another SHA type as "mismatch"', () => {
    const message = sign(vectorA, 'PASS', 'sha256');
    assert.equal(verifySignature(message, 'PASS', 'hmac256').reason, 'mismatch');
  });

  test('detects any changed value', () => {
    const message = sign(vectorA, 'PASS');
    assert.equal(verifySignature({ ...message, amount: '1001' }, 'PASS').valid, false);
    assert.equal(verifySignature({ ...message, extra: '' }, 'PASS').valid, false);
  });

  test('refuses a signature that differs from the digest in any one character', () => {
    for (let i = 0; i < vectorADigests.sha256.length; i++) {
      const char = vectorADigests.sha256[i]!;
      const other = char === '0' ? '1' : '0';
      const signature = vectorADigests.sha256.slice(0, i) + other + vectorADigests.sha256.slice(i + 1);
      assert.equal(verifySignature({ ...vectorA, signature }, 'PASS').reason, 'mismatch', `position ${i}`);
    }
  });

  test('refuses characters that only resemble the digest once case is folded', () => {
    const digits = vectorADigests.sha256;
    const at = digits.search(/[0-9]/);
    const letter = digits.search(/[a-f]/);
    // A control character one case-bit away from a digit, a non-ASCII letter, a non-hex letter.
    for (const [i, replacement] of [
      [at, String.fromCharCode(digits.charCodeAt(at) - 0x20)],
      [letter, '\u00c1'],
      [letter, 'G'],
    ] as const) {
      const signature = digits.slice(0, i) + replacement + digits.slice(i + 1);
      assert.equal(
        verifySignature({ ...vectorA, signature }, 'PASS').valid,
        false,
        JSON.stringify(signature),
      );
    }
    assert.equal(verifySignature({ ...vectorA, signature: `${digits}0` }, 'PASS').reason, 'mismatch');
  });

  test('compares the hex digest case-insensitively and refuses other lengths', () => {
    const digest = vectorADigests.sha256;
    assert.ok(verifySignature({ ...vectorA, signature: digest.toUpperCase() }, 'PASS').valid);
    assert.equal(verifySignature({ ...vectorA, signature: digest.slice(1) }, 'PASS').reason, 'mismatch');
    assert.equal(verifySignature({ ...vectorA, signature: `${digest}a` }, 'PASS').reason, 'mismatch');
  });
});

describe('sha256Bytes', () => {
  test('is SHA-256 of the UTF-8 bytes (FIPS 180-2 "abc", and a non-ASCII text)', () => {
    assert.equal(
      sha256Bytes('abc').toString('hex'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    assert.deepEqual(
      sha256Bytes('مرحبا'),
      createHash('sha256').update(Buffer.from('مرحبا', 'utf8')).digest(),
    );
  });
});
