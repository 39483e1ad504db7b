import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { paymentPayToken, readPaymentPayQuery } from '../../src/services/signed-pay-links.js';

const secret = 'documented-algorithm-secret-0123456789abcdef';

/** docs/payment-links.md "The algorithm", step by step. */
function documentedToken(fields: Record<string, string | null>): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'payport/v1', 'tokens/v1', 32));
  const message = JSON.stringify([
    'access',
    'payment-pay',
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  ]);
  return createHmac('sha256', key).update(message, 'utf8').digest('base64url');
}

describe('the documented /payment/pay algorithm', () => {
  test('gives the token payport makes and accepts', () => {
    const fields = {
      amount: '250.00',
      currency: 'SAR',
      email: 'layla@example.com',
      landing_url: null,
      name: null,
      reference: 'INV-2026-0042',
    };
    const token = documentedToken(fields);
    assert.equal(
      token,
      paymentPayToken(
        { secret },
        { amount: '250.00', currency: 'SAR', email: 'layla@example.com', reference: 'INV-2026-0042' },
      ),
    );
    const query = {
      amount: '250.00',
      currency: 'SAR',
      email: 'layla@example.com',
      reference: 'INV-2026-0042',
      lang: 'ar',
      access_token: token,
    };
    assert.ok(readPaymentPayQuery({ secret }, query));
    assert.equal(readPaymentPayQuery({ secret }, { ...query, amount: '250' }), null);
  });
});
