import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REQUEST_FIELDS,
  validateRequestFields,
  type FieldProblem,
} from '../../../src/providers/aps/fields.js';

const purchase = {
  command: 'PURCHASE',
  access_code: 'SILgpo7pWbmzuURp2qri',
  merchant_identifier: 'MxvOupuG',
  merchant_reference: 'Test-010_a.b',
  amount: '1000',
  currency: 'USD',
  language: 'en',
  customer_email: 'test+shop@gmail.com',
  return_url: 'https://shop.example.com:8443/payment/aps/return',
  signature: '94c38afc7bdae0114fc8c740edf12416f22998241ce4b4ea70d5521233a2c882',
};

function codes(problems: FieldProblem[]): string[] {
  return problems.map((p) => `${p.field}:${p.messageCode}`);
}

describe('validateRequestFields on the hosted-page request', () => {
  test('accepts the minimal request production integrations send', () => {
    assert.deepEqual(validateRequestFields('PURCHASE', purchase), []);
    assert.deepEqual(validateRequestFields('AUTHORIZATION', { ...purchase, command: 'AUTHORIZATION' }), []);
  });

  test('reports each missing mandatory parameter with 001', () => {
    const { merchant_reference: _r, customer_email: _e, ...rest } = purchase;
    assert.deepEqual(codes(validateRequestFields('PURCHASE', rest)), [
      'merchant_reference:001',
      'customer_email:001',
    ]);
  });

  test('treats an empty mandatory value as missing and an empty optional one as absent', () => {
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, currency: '' })), [
      'currency:001',
    ]);
    assert.deepEqual(validateRequestFields('PURCHASE', { ...purchase, order_description: '' }), []);
  });

  test('reports a value longer than the documented maximum with 032 and says the limit', () => {
    const [problem] = validateRequestFields('PURCHASE', { ...purchase, merchant_reference: 'R'.repeat(41) });
    assert.equal(problem?.messageCode, '032');
    assert.match(problem?.message ?? '', /merchant_reference is 41 characters long; at most 40/);
  });

  test('reports a character outside the allowed set with 002 and names it', () => {
    const [problem] = validateRequestFields('PURCHASE', { ...purchase, merchant_reference: 'INV/2026/0042' });
    assert.deepEqual(problem, {
      field: 'merchant_reference',
      messageCode: '002',
      message: 'merchant_reference contains "/"; allowed are letters and digits and - _ .',
    });
  });

  test('refuses decimal and signed amounts as format errors and zero as a value not allowed', () => {
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, amount: '10.00' })), [
      'amount:002',
    ]);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, amount: '-5' })), ['amount:002']);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, amount: '000' })), [
      'amount:033',
    ]);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, amount: '12345678901' })), [
      'amount:032',
    ]);
  });

  test('accepts a JSON number as amount the way it is written on the wire', () => {
    assert.deepEqual(validateRequestFields('PURCHASE', { ...purchase, amount: 1000 }), []);
  });

  test('refuses nested values with 002', () => {
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, amount: { v: 1 } })), [
      'amount:002',
    ]);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, language: ['en'] })), [
      'language:002',
    ]);
  });

  test('refuses values outside an enumeration with 033', () => {
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, language: 'fr' })), [
      'language:033',
    ]);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, command: 'purchase' })), [
      'command:033',
    ]);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, payment_option: 'PAYPAL' })), [
      'payment_option:033',
    ]);
  });

  test('accepts the upper-cased local method codes payport sends as payment_option', () => {
    for (const option of ['MADA', 'KNET', 'NAPS', 'OMANNET', 'MEEZA', 'BENEFIT', 'STCPAY']) {
      assert.deepEqual(
        validateRequestFields('PURCHASE', { ...purchase, payment_option: option }),
        [],
        option,
      );
    }
  });

  test('requires an upper-case ISO 4217 currency', () => {
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, currency: 'usd' })), [
      'currency:002',
    ]);
  });

  test('accepts Arabic letters in free-text fields but not in identifiers', () => {
    assert.deepEqual(validateRequestFields('PURCHASE', { ...purchase, customer_name: 'محمد عبدالله' }), []);
    assert.deepEqual(codes(validateRequestFields('PURCHASE', { ...purchase, merchant_reference: 'طلب1' })), [
      'merchant_reference:002',
    ]);
  });

  test('reports every unexpected parameter with 027', () => {
    assert.deepEqual(
      codes(validateRequestFields('PURCHASE', { ...purchase, card_number: '4005550000000001', wc_api: 'x' })),
      ['card_number:027', 'wc_api:027'],
    );
  });

  test('reports a missing or unsupported command on the command field', () => {
    assert.deepEqual(codes(validateRequestFields('', purchase)), ['command:001']);
    assert.deepEqual(codes(validateRequestFields('TOKENIZATION', purchase)), ['command:033']);
  });

  test('rejects a return URL with characters APS does not allow', () => {
    assert.deepEqual(
      codes(validateRequestFields('PURCHASE', { ...purchase, return_url: 'https://x.test/a%20b' })),
      ['return_url:002'],
    );
  });
});

describe('validateRequestFields on paymentApi requests', () => {
  const base = {
    access_code: 'SILgpo7pWbmzuURp2qri',
    merchant_identifier: 'MxvOupuG',
    merchant_reference: 'R-1',
    language: 'en',
    signature: 'ab'.repeat(32),
  };

  test('accepts CHECK_STATUS named by query_command and refuses a command field there', () => {
    assert.deepEqual(validateRequestFields('CHECK_STATUS', { ...base, query_command: 'CHECK_STATUS' }), []);
    assert.deepEqual(
      codes(validateRequestFields('CHECK_STATUS', { ...base, query_command: 'CHECK_STATUS', command: 'X' })),
      ['command:027'],
    );
  });

  test('lets fort_id stand in for merchant_reference', () => {
    const { merchant_reference: _r, ...withoutReference } = base;
    const request = { ...withoutReference, command: 'VOID_AUTHORIZATION' };
    assert.deepEqual(codes(validateRequestFields('VOID_AUTHORIZATION', request)), ['merchant_reference:001']);
    assert.deepEqual(
      validateRequestFields('VOID_AUTHORIZATION', { ...request, fort_id: '169996210006464984' }),
      [],
    );
  });

  test('accepts VOID_AUTHORIZATION with or without amount and currency', () => {
    const request = { ...base, command: 'VOID_AUTHORIZATION' };
    assert.deepEqual(validateRequestFields('VOID_AUTHORIZATION', request), []);
    assert.deepEqual(
      validateRequestFields('VOID_AUTHORIZATION', { ...request, amount: '100', currency: 'SAR' }),
      [],
    );
  });

  test('requires amount and currency for CAPTURE and REFUND', () => {
    assert.deepEqual(codes(validateRequestFields('CAPTURE', { ...base, command: 'CAPTURE' })), [
      'amount:001',
      'currency:001',
    ]);
    const refund = {
      ...base,
      command: 'REFUND',
      amount: '500',
      currency: 'KWD',
      maintenance_reference: 'R-1-r1',
    };
    assert.deepEqual(validateRequestFields('REFUND', refund), []);
  });

  test('refuses a command field that does not match the command validated', () => {
    assert.deepEqual(
      codes(validateRequestFields('CAPTURE', { ...base, command: 'REFUND', amount: '1', currency: 'SAR' })),
      ['command:033'],
    );
  });

  test('every table lists signature, access_code and merchant_identifier as mandatory', () => {
    for (const [command, rules] of Object.entries(REQUEST_FIELDS)) {
      for (const name of ['signature', 'access_code', 'merchant_identifier']) {
        assert.equal(rules.find((r) => r.name === name)?.required, true, `${command} ${name}`);
      }
    }
  });
});

describe('validateRequestFields: allowed characters, as APS documents them', () => {
  /** The rule read character by character: letters, digits (any script for free text) and the specials. */
  function allowed(rule: (typeof REQUEST_FIELDS)['PURCHASE'][number], value: string): boolean {
    return [...value].every((char) => {
      if (rule.special.includes(char)) return true;
      const letter = rule.freeText ? /^[\p{L}\p{M}]$/u.test(char) : /^[A-Za-z]$/.test(char);
      const digit = rule.freeText ? /^\p{Nd}$/u.test(char) : /^[0-9]$/.test(char);
      return rule.type === 'numeric' ? digit : rule.type === 'alpha' ? letter : letter || digit;
    });
  }
  const pieces = [
    'a',
    'Z',
    '7',
    ' ',
    '-',
    '_',
    '.',
    '@',
    '+',
    '/',
    ':',
    'é',
    'ع',
    '٣',
    '\u0301',
    '😀',
    '\ud800',
    '#',
  ];

  test('a value is refused with 002 exactly when one of its characters is not allowed', () => {
    const rules = Object.entries(REQUEST_FIELDS).flatMap(([command, list]) =>
      list
        .filter((rule) => !rule.values && !rule.pattern && !rule.currency && !rule.positive)
        .map((rule) => ({ command, rule })),
    );
    assert.ok(rules.length > 20);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (const { command, rule } of rules) {
      const alphabet = [...pieces, ...rule.special];
      for (let round = 0; round < 60; round++) {
        const value = Array.from({ length: 1 + (next() % 6) }, () => alphabet[next() % alphabet.length]).join(
          '',
        );
        const refused = validateRequestFields(command, { [rule.name]: value }).some(
          (p) => p.field === rule.name && p.messageCode === '002',
        );
        assert.equal(refused, !allowed(rule, value), `${command} ${rule.name} ${JSON.stringify(value)}`);
      }
    }
  });
});
