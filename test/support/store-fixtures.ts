/** Builders of valid store records for tests, each unique so tests sharing one database stay independent. */
import { randomBytes } from 'node:crypto';
import type {
  NewTransaction,
  ProviderRecord,
  Repositories,
  TransactionRecord,
} from '../../src/store/repositories/index.js';

/** A short random tag, e.g. to make references unique. */
export function uniqueTag(): string {
  return randomBytes(5).toString('hex');
}

/** Creates an APS provider in test state with (fake, encrypted-looking) credentials. */
export async function createTestProvider(
  repos: Repositories,
  name = `APS ${uniqueTag()}`,
): Promise<ProviderRecord> {
  return repos.providers.insert({
    code: 'aps',
    name,
    state: 'test',
    merchantIdentifier: 'MxvOupuG',
    accessCodeEnc: 'enc:access',
    shaRequestPhraseEnc: 'enc:request',
    shaResponsePhraseEnc: 'enc:response',
    paymentMethods: ['card', 'mada'],
  });
}

/** Creates a draft card payment of 100.00 SAR on `provider`; `overrides` win. */
export async function createTestTransaction(
  repos: Repositories,
  provider: ProviderRecord,
  overrides: Partial<NewTransaction> = {},
): Promise<TransactionRecord> {
  return repos.transactions.insert({
    reference: `T-${uniqueTag()}`,
    providerId: provider.id,
    paymentMethod: 'card',
    amount: 10000,
    currency: 'SAR',
    isLive: false,
    customerEmail: 'buyer@example.com',
    ...overrides,
  });
}
