/**
 * Apple Pay for the demo provider (S19): its own APS Apple Pay credentials (random, mirrored into the
 * simulator's merchant account by the caller), a freshly generated self-signed merchant identity
 * certificate and key (the simulator stands in for Apple, so no real one is needed), and a placeholder
 * domain-association file. Seeded once; later starts reuse what is stored.
 */
import selfsigned from 'selfsigned';
import { randomString } from './crypto/random.js';
import type { ProviderConfig } from './domain/provider.js';
import { loadApplePay, storeApplePay, type ApplePayConfig } from './services/apple-pay-settings.js';
import type { ServiceContext } from './services/context.js';
import { toProviderPatch } from './services/provider-accounts.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A self-signed certificate and its key, as Apple's merchant identity certificate would come (PEM). */
export async function selfSignedIdentity(
  merchantId: string,
): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const pems = await selfsigned.generate(
    [
      { name: 'commonName', value: `Merchant ID: ${merchantId}` },
      { name: 'organizationName', value: 'payport demo' },
    ],
    { keySize: 2048 },
  );
  return { certificatePem: pems.cert, privateKeyPem: pems.private };
}

/** Ensures the demo provider offers Apple Pay and STC Pay and has Apple Pay settings; returns them. */
export async function seedDemoApplePay(
  services: ServiceContext,
  provider: ProviderConfig,
): Promise<ApplePayConfig> {
  const repos = services.store.repos;
  const wanted = ['apple_pay', 'stcpay'] as const;
  const missing = wanted.filter((code) => !provider.paymentMethods.includes(code));
  if (missing.length > 0) {
    const updated = { ...provider, paymentMethods: [...provider.paymentMethods, ...missing] };
    await repos.providers.update(provider.id, {
      paymentMethods: toProviderPatch(updated, services.secretBox).paymentMethods ?? [],
    });
  }
  const stored = await loadApplePay(services, repos, provider.id);
  if (stored) return stored;
  const appleMerchantId = 'merchant.dev.payport.demo';
  const identity = await selfSignedIdentity(appleMerchantId);
  const config = {
    providerId: provider.id,
    appleMerchantId,
    accessCode: randomString(ALNUM, 20),
    shaRequestPhrase: randomString(ALNUM, 24),
    shaResponsePhrase: randomString(ALNUM, 24),
    shaType: 'sha256' as const,
    ...identity,
    domainAssociation: 'payport demo: replace with the domain-association file Apple gives for your domain\n',
  };
  await storeApplePay(services, repos, config);
  return (await loadApplePay(services, repos, provider.id)) as ApplePayConfig;
}
