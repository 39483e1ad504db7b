/**
 * One zod schema per API input (S12). The same schemas validate requests and generate the OpenAPI
 * document, so the two cannot drift. Cross-field rules JSON Schema cannot say (the decimals a currency
 * allows) are checked by {@link moneyFieldErrors} right after the shape.
 */
import { z } from 'zod';
import { isCountryCode } from '../../domain/countries.js';
import { isCurrencyCode } from '../../domain/currency.js';
import { EMAIL_ADDRESS, MAX_EMAIL_LENGTH } from '../../domain/email.js';
import { CAPTURE_METHODS, FINANCIAL_STATUSES } from '../../domain/ledger.js';
import { parsePaymentAmount } from '../../domain/money.js';
import { PAYMENT_METHOD_CODES } from '../../domain/payment-methods.js';
import { TRANSACTION_OPERATIONS, TRANSACTION_STATES } from '../../domain/transaction-state.js';
import { ValidationError, type FieldError } from '../../errors.js';

/**
 * A customer e-mail address as APS takes it (domain/email.ts): the shape is checked here, before
 * anything is created, so an address APS would refuse never leaves a draft transaction behind.
 */
const emailSchema = z
  .email({
    pattern: EMAIL_ADDRESS,
    error: 'must be a valid email address (letters, digits and _ - . + before the @, as APS accepts)',
  })
  .max(MAX_EMAIL_LENGTH);

/** A positive decimal amount in major units, as a string. */
export const amountSchema = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,4})?$/, 'must be a positive decimal string in major units, such as "12.50"')
  .meta({
    description: 'Decimal string in major units, never a JSON number ("1111.11"; "12.500" for KWD).',
    examples: ['1111.11'],
  });

/** A known ISO 4217 code. */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter upper-case ISO 4217 code such as "SAR"')
  .refine(isCurrencyCode, 'is not a known ISO 4217 currency')
  .meta({ description: 'ISO 4217 currency code.', examples: ['SAR'] });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048);

const metadataSchema = z
  .record(z.string().min(1).max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 50, 'must have at most 50 keys')
  .meta({ description: 'Your own key/value data (at most 50 keys), returned as given and in events.' });

const languageSchema = z
  .string()
  .regex(/^[a-zA-Z]{2}([-_][a-zA-Z0-9]{1,8})?$/, 'must be a language tag such as "en" or "ar"');

const customerId = z.string().min(1).max(64);

/** The saved-customer and saved-card fields of `POST /transactions` (S18). */
const cardPaymentFields = {
  customer_id: customerId
    .optional()
    .meta({ description: 'Links the payment to a saved customer (POST /customers).' }),
  save_payment_method: z.boolean().optional().meta({
    description: 'With customer_id: keep the card used (the customer agreed), as a payment method.',
  }),
  payment_method_id: z.string().min(1).max(64).optional().meta({
    description: "Charge this saved card of the customer. Unknown, inactive or another customer's → 422.",
  }),
  off_session: z
    .boolean()
    .optional()
    .meta({
      description:
        'With payment_method_id: a merchant-initiated (recurring) charge, no customer present, no 3-D Secure; ' +
        'answered with the final state (a decline is error with the provider message).',
    }),
};

/** Rules across the saved-card fields of `POST /transactions`, beside the money rules. */
export function transactionFieldErrors(raw: unknown): FieldError[] {
  const errors = moneyFieldErrors(raw);
  if (raw === null || typeof raw !== 'object') return errors;
  const body = raw as Record<string, unknown>;
  const savedCard = body.payment_method_id !== undefined;
  if (body.payment_method === undefined && !savedCard)
    errors.push({ field: 'payment_method', message: 'is required' });
  if (savedCard && body.payment_method !== undefined && body.payment_method !== 'card')
    errors.push({ field: 'payment_method', message: 'must be "card" (or absent) with payment_method_id' });
  if (body.customer === undefined && body.customer_id === undefined)
    errors.push({ field: 'customer', message: 'is required (or give customer_id)' });
  if (body.off_session === true && !savedCard)
    errors.push({
      field: 'payment_method_id',
      message: 'is required with off_session (the saved card to charge)',
    });
  if (body.save_payment_method === true && body.customer_id === undefined)
    errors.push({ field: 'customer_id', message: 'is required with save_payment_method (whose card it is)' });
  if (body.save_payment_method === true && savedCard)
    errors.push({
      field: 'save_payment_method',
      message: 'cannot be used with payment_method_id (already saved)',
    });
  return errors;
}

/** `POST /customers` (S18). */
export const createCustomerBody = z.strictObject({
  email: emailSchema,
  name: z.string().min(1).max(200).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{4,19}$/, 'must be digits, optionally with + ( ) - and spaces (at most 19)')
    .optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 code such as "SA"')
    .optional(),
});

/** `GET /customers` query. */
/** The paging fields every list takes. */
const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'Page size, 1-500 (default 50).' }),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'The next_cursor of the previous page.' }),
};

export const listCustomersQuery = z.strictObject({
  email: emailSchema.optional().meta({ description: 'Customers with exactly this email.' }),
  ...pageQuery,
});

/** `{id}` path parameter of a customer. */
export const customerParams = z.strictObject({ id: customerId });

/** `{id}` and `{pm}` path parameters of a customer's payment method. */
export const paymentMethodParams = z.strictObject({ id: customerId, pm: z.string().min(1).max(64) });

/** `POST /transactions`. */
export const createTransactionBody = z.strictObject({
  amount: amountSchema,
  currency: currencySchema,
  payment_method: z
    .enum(PAYMENT_METHOD_CODES)
    .optional()
    .meta({ description: 'Required, except with payment_method_id (a saved card is a card).' }),
  provider_id: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'Defaults to the first compatible provider offering the method.' }),
  order_reference: z.string().min(1).max(100).optional(),
  customer: z
    .strictObject({
      email: emailSchema,
      name: z.string().max(200).optional(),
      lang: languageSchema
        .optional()
        .meta({ description: 'Language of the hosted page: "ar" gives Arabic, anything else English.' }),
      phone: z
        .string()
        .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number such as +966501234567')
        .optional()
        .meta({ description: 'Mobile number in E.164 form; required by tabby and valu.' }),
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as SA')
        .optional()
        .meta({ description: 'ISO 3166-1 alpha-2 country; required by tabby and valu.' }),
    })
    .optional()
    .meta({ description: "Required, except with customer_id (the saved customer's details are used)." }),
  description: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'Order description; required by tabby and valu.' }),
  landing_url: httpUrl.optional().meta({ description: 'Where the customer lands after the status page.' }),
  metadata: metadataSchema.optional(),
  capture_method: z
    .enum(CAPTURE_METHODS)
    .optional()
    .meta({
      description:
        'automatic: charged at once (PURCHASE); manual: authorized now, captured later (AUTHORIZATION). ' +
        "Default: the provider's setting. manual with a method that cannot authorize is refused (422).",
    }),
  ...cardPaymentFields,
});

/** `GET /transactions` query. */
export const listTransactionsQuery = z.strictObject({
  state: z.enum(TRANSACTION_STATES).optional(),
  financial_status: z
    .enum(FINANCIAL_STATUSES)
    .optional()
    .meta({ description: 'Payments whose money stands so (S9), e.g. partially_refunded.' }),
  provider_id: z.string().min(1).max(64).optional(),
  payment_method: z.enum(PAYMENT_METHOD_CODES).optional(),
  operation: z.enum(TRANSACTION_OPERATIONS).optional(),
  created_from: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Created at or after (ISO-8601).' }),
  created_to: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Created strictly before (ISO-8601).' }),
  q: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Contains, in references and customer email.' }),
  ...pageQuery,
});

/** `{reference}` path parameter. */
export const referenceParams = z.strictObject({
  reference: z.string().min(1).max(40).meta({ description: 'The transaction reference.' }),
});

/** `{id}` path parameter. */
export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/** `POST /transactions/{reference}/capture`. */
export const captureBody = z.strictObject({
  amount: amountSchema
    .optional()
    .meta({ description: 'Part of the authorized amount; the rest when absent.' }),
});

/** `POST /transactions/{reference}/void`. */
export const voidBody = z.strictObject({});

/** `POST /transactions/{reference}/refunds`. */
export const refundBody = z.strictObject({
  amount: amountSchema
    .optional()
    .meta({ description: 'Part of the captured amount; all of it when absent.' }),
  reason: z.string().max(500).optional(),
});

/** `POST /transactions/{reference}/status-check`. */
export const statusCheckBody = z.strictObject({});

/** `POST /payment-links`. */
export const createPaymentLinkBody = z.strictObject({
  amount: amountSchema,
  currency: currencySchema,
  order_reference: z.string().min(1).max(100).optional(),
  description: z.string().max(500).optional(),
  customer: z
    .strictObject({
      email: emailSchema.optional(),
      name: z.string().max(200).optional(),
      lang: languageSchema.optional(),
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as SA')
        .refine((code) => isCountryCode(code.toUpperCase()), 'is not an assigned ISO 3166-1 country code')
        .optional()
        .meta({
          description:
            "The customer's country: the payment page offers only the methods of that country instead of asking.",
        }),
    })
    .optional(),
  expires_at: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'When the link stops accepting payments.' }),
});

/** `POST /event-endpoints`. */
export const createEventEndpointBody = z.strictObject({
  url: httpUrl.meta({ description: 'Receives a signed POST per event; https in production.' }),
  description: z.string().max(500).optional(),
});

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

/** Turns zod issues into field errors: one entry per invalid or unknown field. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ field: fieldName([...issue.path, key]), message: 'is not a known field' });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push({ field: fieldName(issue.path), message: 'is required' });
    } else {
      out.push({ field: fieldName(issue.path), message: issue.message });
    }
  }
  return out;
}

/** The amount must fit its currency's decimals and be above zero; checked once both are well-formed. */
export function moneyFieldErrors(raw: unknown): FieldError[] {
  if (raw === null || typeof raw !== 'object') return [];
  const { amount, currency } = raw as { amount?: unknown; currency?: unknown };
  if (typeof amount !== 'string' || !isCurrencyCode(currency)) return [];
  try {
    parsePaymentAmount(amount, currency);
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
}

/** Validates `value` against `schema` (plus `extra` rules); a ValidationError names every invalid field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  extra: (raw: unknown) => FieldError[] = () => [],
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  // The domain's messages are the more precise ones ("has too many decimals: KWD allows at most 3").
  const errors = extra(value);
  if (!result.success) {
    for (const e of fieldErrors(result.error))
      if (!errors.some((known) => known.field === e.field)) errors.push(e);
  }
  if (!result.success || errors.length > 0) {
    throw new ValidationError(
      `The ${what} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
      errors,
    );
  }
  return result.data;
}
