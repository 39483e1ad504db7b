import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApplePayRequest, readApplePayToken } from '../../../src/providers/aps/apple-pay.js';
import { computeSignature, signingString } from '../../../src/providers/aps/signature.js';
import type { ProviderAccount } from '../../../src/providers/provider.js';

// The parameters and expected digests published with the official PHP SDK's tests
// (payfort/payfort-php-sdk tests/APSTestCase.php and tests/AmazonPaymentServices/Core/APSSignatureTest.php):
// request phrase "test1", response phrase "test2", SHA-256.
const NORMAL = {
  command: 'AUTHORIZATION',
  access_code: '43287943278432',
  merchant_identifier: '343278h432',
  amount: 1,
  merchant_reference: 'test 2121',
  currency: 'USD',
  language: 'en',
  customer_email: 'test@aps.com',
};
const APPLE = {
  ...NORMAL,
  digital_wallet: 'APPLE_PAY',
  apple_signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIID5jCC',
  apple_paymentMethod: { apple_displayName: 'Visa 0492', apple_network: 'Visa', apple_type: 'debit' },
  apple_data:
    'C0QcNob17qrbYmBX63UxsfLOp3iqNU7ieMz1fmSlAYEG8gbkXsukzymwy7E3cqFZHD4UCZRL5uXcSfOIqT99c4xsqalQ3gIZgwhqcLZL6m/xqOuxqx1j9XQ9C54nmZJyAh6//zQWjeJhIeybGKS1zHlNRbaOScMp+hLMcvBnoL3EYkfbQiPJrxWUqXxGx/lxeo9G72Yp5QfsuQ74RW/mwBmKXtirFq7UsUt/Mh/KGgw',
  apple_header: {
    apple_transactionId: '93eec76cbedaedca44648e3d5c314766906e4e78ce33cd3b8396f105a1c0daed',
    apple_ephemeralPublicKey:
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEM9JqF04vDlGIHEzWsaDm4bGBlTJdCn3+DH8ptlAmOSwVddD7/FN93A2o+l7i2U6Lmjb8WhKJcz6ZB+2MabcF4g==',
    apple_publicKeyHash: 'bVTUiyTv0uCJgQz8SNYHBHOlHMD6sR1qDuCqTaETzkw=',
  },
};

test('the PHP SDK vectors: a card request and response', () => {
  assert.equal(
    computeSignature(NORMAL, 'test1'),
    '6b73011e4eda060bbbdf206ad110b5208690b57d9e39bec1a548fe8bf3029439',
  );
  assert.equal(
    computeSignature(NORMAL, 'test2'),
    '916b0c4952b7d072fe6cbe15fad9b5509660b482aaa952d90096c9094ca87478',
  );
});

test('the PHP SDK vectors: an Apple Pay request and response with nested values', () => {
  assert.equal(
    computeSignature(APPLE, 'test1'),
    'aa8da5763c86290b87dd2583c26540fa3cbba621d2a9afa32d0180542cf2d400',
  );
  assert.equal(
    computeSignature(APPLE, 'test2'),
    'f341b4c2be2cf4e12a8af9b7ac7a7885c3b3fe5fd142f9eb82dcc92a8a1ad688',
  );
  const text = signingString(APPLE, 'test1');
  assert.ok(
    text.includes(
      'apple_paymentMethod={apple_displayName=Visa 0492, apple_network=Visa, apple_type=debit}apple_signature=MIAG',
    ),
  );
  assert.ok(text.includes('apple_header={apple_transactionId=93eec76c'));
});

const account: ProviderAccount = {
  state: 'test',
  merchantIdentifier: 'demoMerchant1',
  accessCode: 'AppleAccessCode00001',
  shaRequestPhrase: 'apple-in',
  shaResponsePhrase: 'apple-out',
  shaType: 'sha256',
  customBaseUrl: 'http://127.0.0.1:1',
  captureManually: false,
};

const token = {
  paymentData: {
    version: 'EC_v1',
    data: 'ZGF0YQ==',
    signature: 'c2lnbmF0dXJl',
    header: { ephemeralPublicKey: 'ZXBr', publicKeyHash: 'aGFzaA==', transactionId: 'abc123' },
  },
  paymentMethod: { displayName: 'Visa 0492', network: 'Visa', type: 'debit' },
  transactionIdentifier: 'abc123',
};

test('the Apple Pay purchase is signed with the account given, nested objects in the order sent', () => {
  const request = buildApplePayRequest(account, {
    transaction: {
      reference: 'REF-1',
      amountMinor: 1050,
      currency: 'SAR',
      paymentMethod: 'apple_pay',
      customer: { email: 'a@example.com' },
    },
    token,
    methodAllowsAuthorization: false,
  });
  assert.equal(request.digital_wallet, 'APPLE_PAY');
  assert.equal(request.command, 'PURCHASE');
  assert.equal(request.access_code, 'AppleAccessCode00001');
  assert.deepEqual(Object.keys(request.apple_header as object), [
    'apple_ephemeralPublicKey',
    'apple_publicKeyHash',
    'apple_transactionId',
  ]);
  // The JSON body keeps the signed order.
  const sent = JSON.parse(JSON.stringify(request)) as Record<string, never>;
  const { signature, ...rest } = sent;
  assert.equal(signature, computeSignature(rest, 'apple-in'));
  assert.notEqual(signature, computeSignature(rest, 'card-phrase'));
});

test('a token that is not of Apple’s documented shape is refused, naming the part', () => {
  assert.throws(() => readApplePayToken({}), /paymentData/);
  assert.throws(
    () => readApplePayToken({ ...token, paymentData: { ...token.paymentData, version: 'RSA_v1' } }),
    /EC_v1/,
  );
  assert.throws(
    () => readApplePayToken({ ...token, paymentMethod: { network: 'Visa', type: 'debit' } }),
    /displayName/,
  );
});
