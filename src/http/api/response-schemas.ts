/**
 * The shapes the API answers with, for the OpenAPI document and for the contract tests that check real
 * answers against them. They describe `src/services/transaction-resource.ts` and the event endpoint shape.
 */
import { z } from 'zod';
import { CAPTURE_METHODS, FINANCIAL_STATUSES } from '../../domain/ledger.js';

/** An RFC 9457 problem document. */
export const problemSchema = z.object({
  type: z.string().meta({ description: 'Stable identifier, e.g. urn:payport:problem:validation_error.' }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

const decimal = z.string().meta({ description: 'Decimal string in major units.' });

const minor = z.number().int();

/** The money of a payment (S9). */
export const ledgerSchema = z
  .object({
    authorized: decimal,
    authorized_minor: minor,
    captured: decimal,
    captured_minor: minor,
    refunded: decimal,
    refunded_minor: minor,
    voided: decimal.meta({
      description: 'Released authorization: all of it after a void, the uncaptured rest after a close.',
    }),
    voided_minor: minor,
    capturable: decimal.meta({
      description: 'authorized − captured while the payment is authorized and its authorization not closed.',
    }),
    capturable_minor: minor,
    refundable: decimal.meta({ description: 'captured − refunded.' }),
    refundable_minor: minor,
    discrepancy: z
      .object({ text: z.string(), time: z.string() })
      .nullable()
      .meta({ description: "The last difference found between this ledger and the provider's books." }),
  })
  .meta({ description: 'The money of a payment; null on captures, voids and refunds.' });

/** A transaction without children and history. */
export const transactionSummarySchema = z.object({
  reference: z.string(),
  order_reference: z.string().nullable(),
  operation: z.enum(['online_redirect', 'capture', 'void', 'refund']),
  state: z.enum(['draft', 'pending', 'authorized', 'done', 'cancel', 'error']),
  state_message: z.string().nullable(),
  last_state_change: z.string(),
  amount: decimal,
  amount_minor: z.number().int(),
  currency: z.string(),
  payment_method: z.string(),
  card_brand: z.string().nullable(),
  card_last4: z.string().nullable(),
  provider_id: z.string(),
  provider_reference: z.string().nullable(),
  is_live: z.boolean(),
  created_at: z.string(),
  financial_status: z
    .enum(FINANCIAL_STATUSES)
    .nullable()
    .meta({ description: 'Derived from state and ledger; null on captures, voids and refunds.' }),
  capture_method: z.enum(CAPTURE_METHODS).nullable(),
  ledger: ledgerSchema.nullable(),
  origin: z
    .enum(['payport', 'aps'])
    .nullable()
    .meta({ description: "Children: aps when made in the provider's own back office; null on payments." }),
  requested_by: z.string().nullable(),
  installments: z
    .object({
      number_of_installments: z.number().int(),
      plan_code: z.string().nullable(),
      issuer_code: z.string().nullable(),
    })
    .nullable()
    .meta({
      description: 'The installment plan the customer chose (payment_method installments); null otherwise.',
    }),
});

/** One accepted state change. */
export const historyEntrySchema = z.object({
  from_state: z.string().nullable(),
  to_state: z.string(),
  at: z.string(),
  channel: z.enum(['return', 'webhook', 'status_check', 'api', 'admin', 'system']),
  message: z.string().nullable(),
  notification_id: z.string().nullable(),
});

/** The full transaction resource. */
export const transactionSchema = transactionSummarySchema.extend({
  source_transaction: z.string().nullable(),
  customer: z.object({
    email: z.string().nullable(),
    name: z.string().nullable(),
    lang: z.string().nullable(),
    phone: z.string().nullable(),
    country: z.string().nullable(),
  }),
  landing_url: z.string().nullable(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  payment_link_id: z.string().nullable(),
  captures: z.array(transactionSummarySchema),
  refunds: z.array(transactionSummarySchema),
  voids: z.array(transactionSummarySchema),
  history: z.array(historyEntrySchema),
});

/** A created transaction with the form that sends the customer to the provider. */
export const createdTransactionSchema = transactionSchema.extend({
  redirect: z
    .object({
      url: z.string(),
      method: z.literal('POST'),
      fields: z.record(z.string(), z.string()),
    })
    .optional()
    .meta({
      description:
        'Render a form posting these fields to url (or use the hosted flow). Absent on off_session charges.',
    }),
  customer_id: z.string().optional().meta({ description: 'The saved customer the payment belongs to.' }),
  payment_method_id: z.string().optional().meta({ description: 'The saved card charged.' }),
});

/** A saved customer (S18). */
export const customerSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable(),
  created_at: z.string(),
});

/** One page of customers. */
export const customerListSchema = z.object({
  data: z.array(customerSchema),
  next_cursor: z.string().nullable(),
});

/** A customer's saved card (S18): never the number, never the token. */
export const paymentMethodSchema = z.object({
  id: z.string(),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  expiry: z.string().nullable().meta({ description: 'MM/YY' }),
  status: z.enum(['active', 'inactive']),
  created_at: z.string(),
});

/** `GET /customers/{id}/payment_methods`. */
export const paymentMethodListSchema = z.object({ payment_methods: z.array(paymentMethodSchema) });

/** A page of transactions. */
export const transactionListSchema = z.object({
  data: z.array(transactionSummarySchema),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as cursor for the next page; null on the last page.' }),
});

/** A created payment link. */
export const paymentLinkSchema = z.object({ id: z.string(), url: z.string() });

/** An event endpoint. */
export const eventEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  created_at: z.string(),
});

/** A created event endpoint: the only answer that carries its secret. */
export const createdEventEndpointSchema = eventEndpointSchema.extend({
  secret: z.string().meta({ description: 'Signing secret of Payport-Signature; shown only now.' }),
});

/** Every event endpoint. */
export const eventEndpointListSchema = z.object({ data: z.array(eventEndpointSchema) });

/** The body of a `transaction.updated` or `transaction.discrepancy` event. */
export const transactionUpdatedEventSchema = z.object({
  id: z.string(),
  type: z.enum(['transaction.updated', 'transaction.discrepancy']),
  created_at: z.string(),
  data: z.object({ transaction: transactionSchema }),
});

/** `payment_method.saved` / `payment_method.removed` (S18). */
export const paymentMethodEventSchema = z.object({
  id: z.string(),
  type: z.enum(['payment_method.saved', 'payment_method.removed']),
  created_at: z.string(),
  data: z.object({ payment_method: paymentMethodSchema.extend({ customer_id: z.string() }) }),
});
