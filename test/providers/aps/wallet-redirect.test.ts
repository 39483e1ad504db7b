import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRedirect } from '../../../src/providers/aps/redirect.js';
import { verifySignature } from '../../../src/providers/aps/signature.js';

const account = {
  state: 'test' as const,
  merchantIdentifier: 'merchant1',
  accessCode: 'access0000000000001',
  shaRequestPhrase: 'in-phrase',
  shaResponsePhrase: 'out-phrase',
  shaType: 'sha256' as const,
  customBaseUrl: null,
  captureManually: false,
};

function redirectFor(paymentMethod: string) {
  return buildRedirect({
    account,
    transaction: {
      reference: 'REF-STC-1',
      amountMinor: 12000,
      currency: 'SAR',
      paymentMethod,
      customer: { email: 'a@example.com' },
    },
    publicUrl: 'https://shop.example',
    methodAllowsAuthorization: false,
  });
}

test('STC Pay goes to the hosted page as digital_wallet=STCPAY, without payment_option, signed', () => {
  const form = redirectFor('stcpay');
  assert.equal(form.fields.digital_wallet, 'STCPAY');
  assert.equal(form.fields.payment_option, undefined);
  assert.equal(form.fields.command, 'PURCHASE');
  assert.equal(verifySignature(form.fields, 'in-phrase').valid, true);
});

test('other local methods keep their payment_option and send no digital_wallet', () => {
  const form = redirectFor('mada');
  assert.equal(form.fields.payment_option, 'MADA');
  assert.equal(form.fields.digital_wallet, undefined);
});
