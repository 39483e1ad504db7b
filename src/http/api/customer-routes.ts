/** `/customers` and `/customers/{id}/payment_methods` (S18): saved customers and their saved cards. */
import {
  createCustomer,
  customerResource,
  deleteCustomer,
  getCustomer,
  listCustomers,
} from '../../services/cards/customers.js';
import { listSavedCards, paymentMethodResource, removeSavedCard } from '../../services/cards/saved-cards.js';
import {
  createCustomerBody,
  customerParams,
  listCustomersQuery,
  paymentMethodParams,
} from './request-schemas.js';
import { customerListSchema, customerSchema, paymentMethodListSchema } from './response-schemas.js';
import { defineRoute, type ApiRoute } from './route-definition.js';

/** The customer routes. */
export const customerRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/customers',
    operationId: 'createCustomer',
    tag: 'Customers',
    summary: 'Create a customer',
    description: 'A customer whose cards payport keeps (with their consent) for later payments.',
    body: createCustomerBody,
    success: { status: 201, description: 'The created customer.', schema: customerSchema },
    async handle({ body, ctx }) {
      const customer = await createCustomer(ctx, {
        email: body.email,
        name: body.name,
        phone: body.phone,
        country: body.country,
      });
      return {
        status: 201,
        body: customerResource(customer),
        headers: { location: `/api/v1/customers/${encodeURIComponent(customer.id)}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/customers',
    operationId: 'listCustomers',
    tag: 'Customers',
    summary: 'List customers, newest first',
    query: listCustomersQuery,
    success: { status: 200, description: 'One page of customers.', schema: customerListSchema },
    async handle({ query, ctx }) {
      return {
        status: 200,
        body: await listCustomers(ctx, { email: query.email }, { limit: query.limit, cursor: query.cursor }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/customers/{id}',
    operationId: 'getCustomer',
    tag: 'Customers',
    summary: 'Get a customer',
    params: customerParams,
    success: { status: 200, description: 'The customer.', schema: customerSchema },
    async handle({ params, ctx }) {
      return { status: 200, body: customerResource(await getCustomer(ctx, params.id)) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/customers/{id}',
    operationId: 'deleteCustomer',
    tag: 'Customers',
    summary: 'Delete a customer and deactivate their saved cards',
    params: customerParams,
    success: { status: 204, description: 'Deleted.' },
    async handle({ params, apiKey, ctx }) {
      await deleteCustomer(ctx, params.id, { name: apiKey ? `API key ${apiKey.name}` : 'API' });
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/customers/{id}/payment_methods',
    operationId: 'listPaymentMethods',
    tag: 'Customers',
    summary: "List a customer's saved cards",
    params: customerParams,
    success: { status: 200, description: 'Every saved card, oldest first.', schema: paymentMethodListSchema },
    async handle({ params, ctx }) {
      const customer = await getCustomer(ctx, params.id);
      const cards = await listSavedCards(ctx, customer.id);
      return { status: 200, body: { payment_methods: cards.map(paymentMethodResource) } };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/customers/{id}/payment_methods/{pm}',
    operationId: 'deletePaymentMethod',
    tag: 'Customers',
    summary: 'Remove a saved card (deactivated at the provider)',
    params: paymentMethodParams,
    success: { status: 204, description: 'Removed: the card is inactive and never charged again.' },
    async handle({ params, apiKey, ctx }) {
      const customer = await getCustomer(ctx, params.id);
      await removeSavedCard(ctx, customer.id, params.pm, {
        name: apiKey ? `API key ${apiKey.name}` : 'API',
      });
      return { status: 204 };
    },
  }),
];
