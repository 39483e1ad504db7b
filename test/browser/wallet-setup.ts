/**
 * Wallet setup for browser tests: the journey's provider also offers Apple Pay and STC Pay, with Apple
 * Pay credentials of its own (mirrored into the simulator account) and a self-signed identity.
 */
import assert from 'node:assert/strict';
import { selfSignedIdentity } from '../../src/demo-apple-pay.js';
import { storeApplePay } from '../../src/services/apple-pay-settings.js';
import { TEST_CREDENTIALS } from '../support/payport.js';
import type { Journey } from './harness.js';

/** The Apple Pay credentials the tests give the provider and the simulator account. */
export const APPLE_CREDENTIALS = {
  accessCode: 'ApplePayAccess000001',
  shaRequestPhrase: 'apple-request-phrase-1',
  shaResponsePhrase: 'apple-response-phrase-1',
  shaType: 'sha256' as const,
};

/** Adds Apple Pay and STC Pay to the journey's provider and mirrors the Apple Pay set into the simulator. */
export async function addWallets(journey: Journey): Promise<string> {
  const repos = journey.payport.context.services.store.repos;
  const [provider] = await repos.providers.list();
  assert.ok(provider);
  await repos.providers.update(provider.id, { paymentMethods: ['card', 'mada', 'stcpay', 'apple_pay'] });
  await storeApplePay(journey.payport.context.services, repos, {
    providerId: provider.id,
    appleMerchantId: 'merchant.test.payport',
    ...APPLE_CREDENTIALS,
    ...(await selfSignedIdentity('merchant.test.payport')),
    domainAssociation: 'test-domain-association\n',
  });
  const res = await fetch(`${journey.simUrl}/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ applePay: APPLE_CREDENTIALS }),
  });
  assert.ok(res.ok, `simulator account: ${res.status} ${await res.text()}`);
  return provider.id;
}
