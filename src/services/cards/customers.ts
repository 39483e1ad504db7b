/**
 * Customers (S18): the merchant's customers whose cards payport keeps. Deleting one deactivates every
 * saved card (at the provider too) and hides the customer; their payments keep naming them.
 */
import { isEmailAddress } from '../../domain/email.js';
import { NotFound, ValidationError, type FieldError } from '../../errors.js';
import type { CustomerRecord, Repositories } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { removeSavedCard } from './saved-cards.js';

/** A customer as the API shows them. */
export interface CustomerResource {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  country: string | null;
  created_at: string;
}

/** What a merchant gives to create a customer. */
export interface NewCustomerInput {
  email: string;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  country?: string | null | undefined;
}

/** The API shape of a customer. */
export function customerResource(customer: CustomerRecord): CustomerResource {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    phone: customer.phone,
    country: customer.country,
    created_at: customer.createdAt,
  };
}

/** Checks and creates a customer. */
export async function createCustomer(ctx: ServiceContext, input: NewCustomerInput): Promise<CustomerRecord> {
  const errors: FieldError[] = [];
  const email = input.email.trim();
  if (!isEmailAddress(email)) errors.push({ field: 'email', message: 'is not a valid email address' });
  const country = input.country?.trim().toUpperCase() || null;
  if (country !== null && !/^[A-Z]{2}$/.test(country)) {
    errors.push({ field: 'country', message: 'must be a two-letter ISO 3166-1 code such as "SA"' });
  }
  const phone = input.phone?.trim() || null;
  if (phone !== null && !/^\+?[0-9 ()-]{4,19}$/.test(phone)) {
    errors.push({
      field: 'phone',
      message: 'must be digits, optionally with + ( ) - and spaces (at most 19)',
    });
  }
  if (errors.length > 0) throw new ValidationError('The customer cannot be created.', errors);
  return ctx.store.repos.customers.insert({ email, name: input.name?.trim() || null, phone, country });
}

/** The customer with this id (not deleted), or NotFound. */
export async function getCustomer(
  ctx: Pick<ServiceContext, 'store'>,
  id: string,
  repos: Repositories = ctx.store.repos,
): Promise<CustomerRecord> {
  const customer = await repos.customers.findById(id);
  if (!customer) throw new NotFound(`No customer "${id}".`);
  return customer;
}

/** One page of customers, newest first. */
export async function listCustomers(
  ctx: ServiceContext,
  filter: { email?: string | undefined },
  page: { limit?: number | undefined; cursor?: string | undefined },
): Promise<{ data: CustomerResource[]; next_cursor: string | null }> {
  const result = await ctx.store.repos.customers.list(
    { ...(filter.email && { email: filter.email }) },
    { ...(page.limit !== undefined && { limit: page.limit }), cursor: page.cursor ?? null },
  );
  return { data: result.items.map(customerResource), next_cursor: result.nextCursor };
}

/**
 * Deletes a customer: each active card is removed (deactivated at the provider; a provider that cannot
 * be reached leaves the card inactive here and the failure logged), then the customer is hidden.
 */
export async function deleteCustomer(
  ctx: ServiceContext,
  id: string,
  actor: { name: string },
): Promise<void> {
  const customer = await getCustomer(ctx, id);
  const cards = await ctx.store.repos.savedPaymentMethods.listByCustomer(customer.id, { activeOnly: true });
  for (const card of cards) {
    await removeSavedCard(ctx, customer.id, card.id, { ...actor, tolerateProviderFailure: true });
  }
  await ctx.store.repos.customers.markDeleted(customer.id);
  ctx.logger.info({ customerId: customer.id, cards: cards.length, by: actor.name }, 'customer deleted');
}
