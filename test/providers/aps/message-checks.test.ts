import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkMessageMatches,
  isApsRejection,
  maskPayload,
  verifyMessage,
} from '../../../src/providers/aps/message-checks.js';
import { apsMessage, testAccount, testTransaction } from './fixtures.js';

describe('verifying APS messages', () => {
  test('accepts a message signed with the response phrase', () => {
    assert.equal(verifyMessage(apsMessage(), 'response-phrase', 'sha256').valid, true);
  });

  test('refuses a message signed with the request phrase', () => {
    const result = verifyMessage(apsMessage({}, 'request-phrase'), 'response-phrase', 'sha256');
    assert.equal(result.valid, false);
    assert.equal(result.reason, 'mismatch');
  });

  test('refuses a message whose amount was changed after signing', () => {
    const message = { ...apsMessage(), amount: '1' };
    assert.equal(verifyMessage(message, 'response-phrase', 'sha256').valid, false);
  });

  test('refuses an unsigned message as missing', () => {
    const { signature: _s, ...unsigned } = apsMessage();
    assert.equal(verifyMessage(unsigned, 'response-phrase', 'sha256').reason, 'missing');
  });
});

describe('recognising APS refusing a request', () => {
  test('an unsigned status 00 is a rejection', () => {
    assert.equal(
      isApsRejection({ status: '00', response_code: '00008', response_message: 'Signature mismatch' }),
      true,
    );
    assert.equal(isApsRejection({ status: '00', signature: '' }), true);
  });

  test('a signed status 00 or an unsigned other status is not', () => {
    assert.equal(isApsRejection(apsMessage({ status: '00', response_code: '00008' })), false);
    assert.equal(isApsRejection({ status: '14' }), false);
  });
});

describe('matching a message to its account and transaction', () => {
  test('finds nothing wrong with a matching message', () => {
    assert.deepEqual(checkMessageMatches(apsMessage(), testAccount(), testTransaction()), []);
  });

  test('reports an amount mismatch in minor units', () => {
    const mismatches = checkMessageMatches(apsMessage({ amount: '9000' }), testAccount(), testTransaction());
    assert.deepEqual(mismatches, [
      { field: 'amount', message: 'amount mismatch: expected 10000, received 9000' },
    ]);
  });

  test('reports a currency mismatch', () => {
    const [mismatch] = checkMessageMatches(apsMessage({ currency: 'USD' }), testAccount(), testTransaction());
    assert.equal(mismatch?.message, 'currency mismatch: expected SAR, received USD');
  });

  test('reports a decimal amount as a mismatch rather than rounding it', () => {
    const [mismatch] = checkMessageMatches(
      apsMessage({ amount: '10000.00' }),
      testAccount(),
      testTransaction(),
    );
    assert.equal(mismatch?.field, 'amount');
  });

  test('reports another merchant identifier, and another access code without quoting it', () => {
    const message = apsMessage({ merchant_identifier: 'Other', access_code: 'OtherCode123' });
    const mismatches = checkMessageMatches(message, testAccount(), testTransaction());
    assert.deepEqual(
      mismatches.map((m) => m.field),
      ['merchantIdentifier', 'accessCode'],
    );
    assert.equal(mismatches[0]?.message, 'merchant identifier mismatch: expected MxvOupuG, received Other');
    assert.ok(!mismatches[1]?.message.includes('OtherCode123'));
  });

  test('reports missing amount and currency on a payment message', () => {
    const { amount: _a, currency: _c, ...rest } = apsMessage();
    assert.deepEqual(
      checkMessageMatches(rest, testAccount(), testTransaction()).map((m) => m.message),
      ['amount missing from the message', 'currency missing from the message'],
    );
  });

  test('accepts a void notification without amount and currency', () => {
    const { amount: _a, currency: _c, ...rest } = apsMessage({ command: 'VOID_AUTHORIZATION', status: '08' });
    assert.deepEqual(checkMessageMatches(rest, testAccount(), testTransaction()), []);
  });

  test('checks only the account when no transaction is given', () => {
    assert.deepEqual(checkMessageMatches(apsMessage({ amount: '1' }), testAccount()), []);
  });

  test('does not compare amounts of a status check answer', () => {
    const answer = {
      query_command: 'CHECK_STATUS',
      merchant_identifier: 'MxvOupuG',
      access_code: 'SILgpo7pWbmzuURp2qri',
      status: '12',
    };
    assert.deepEqual(checkMessageMatches(answer, testAccount(), testTransaction()), []);
  });
});

describe('masking a message for the notification log', () => {
  test('masks the signature, access code and card data, keeping the last four digits', () => {
    const masked = maskPayload(apsMessage({ card_security_code: '123', token_name: 'tok_1' }));
    assert.equal(masked.signature, '[masked]');
    assert.equal(masked.access_code, '[masked]');
    assert.equal(masked.card_security_code, '[masked]');
    assert.equal(masked.expiry_date, '[masked]');
    assert.equal(masked.token_name, '[masked]');
    assert.equal(masked.card_number, '************0001');
    assert.equal(masked.merchant_reference, 'PP-20260101-abc123');
    assert.equal(masked.amount, '10000');
  });

  test('masks a full card number down to its last four digits', () => {
    assert.equal(maskPayload({ card_number: '4005550000000001' }).card_number, '************0001');
  });

  test('masks by name the same way on every message, however many names came before', () => {
    const many = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`field_${i}_token`, 'x']));
    const first = maskPayload(many);
    assert.ok(Object.values(first).every((value) => value === '[masked]'));
    for (let round = 0; round < 2; round++) {
      const masked = maskPayload({ client_password: 'p', customer_name: 'Nora', [`late_${round}_key`]: 'k' });
      assert.deepEqual(masked, {
        client_password: '[masked]',
        customer_name: 'Nora',
        [`late_${round}_key`]: '[masked]',
      });
    }
  });

  test('masks any field named like a phrase or secret, but not lookalikes', () => {
    const masked = maskPayload({
      sha_request_phrase: 'p',
      shaResponsePhrase: 'p',
      client_secret: 's',
      shipping_city: 'Riyadh',
      pin: '1234',
    });
    assert.deepEqual(masked, {
      sha_request_phrase: '[masked]',
      shaResponsePhrase: '[masked]',
      client_secret: '[masked]',
      shipping_city: 'Riyadh',
      pin: '[masked]',
    });
  });

  test('does not change the message it masks', () => {
    const message = apsMessage();
    const before = { ...message };
    maskPayload(message);
    assert.deepEqual(message, before);
  });
});
