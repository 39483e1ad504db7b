/** The provider implementation and usable account behind a provider id, for card operations (S18). */
import { ValidationError } from '../../errors.js';
import { ProviderDisabledError } from '../../providers/errors.js';
import type { PaymentProvider, ProviderAccount } from '../../providers/provider.js';
import type { Repositories } from '../../store/repositories/index.js';
import { providerFor, type ServiceContext } from '../context.js';
import { toProviderAccount, toProviderConfig } from '../provider-accounts.js';

/** The provider and account of `providerId`; throws when it no longer exists or is disabled. */
export async function providerAccountOf(
  ctx: ServiceContext,
  repos: Repositories,
  providerId: string,
  verb: string,
): Promise<{ provider: PaymentProvider; providerCode: string; account: ProviderAccount }> {
  const record = await repos.providers.findById(providerId);
  if (!record) throw new ValidationError('The provider of this card no longer exists.');
  const account = toProviderAccount(toProviderConfig(record, ctx.secretBox));
  if (account.state === 'disabled') throw new ProviderDisabledError(verb);
  return { provider: providerFor(ctx, record.code), providerCode: record.code, account };
}
