/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the route list and its zod schemas (zod 4's
 * JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1), so the document and validation agree.
 */
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { problemStatuses, type ApiRoute } from './route-definition.js';
import * as responses from './response-schemas.js';

type JsonObject = Record<string, unknown>;

/** Named response shapes, referenced from operations as `#/components/schemas/<name>`. */
const COMPONENTS: Record<string, z.ZodType> = {
  Problem: responses.problemSchema,
  TransactionSummary: responses.transactionSummarySchema,
  Transaction: responses.transactionSchema,
  CreatedTransaction: responses.createdTransactionSchema,
  TransactionList: responses.transactionListSchema,
  PaymentLink: responses.paymentLinkSchema,
  EventEndpoint: responses.eventEndpointSchema,
  CreatedEventEndpoint: responses.createdEventEndpointSchema,
  EventEndpointList: responses.eventEndpointListSchema,
  TransactionUpdatedEvent: responses.transactionUpdatedEventSchema,
  Customer: responses.customerSchema,
  CustomerList: responses.customerListSchema,
  PaymentMethod: responses.paymentMethodSchema,
  PaymentMethodList: responses.paymentMethodListSchema,
  PaymentMethodEvent: responses.paymentMethodEventSchema,
};

/** The saved-card events (S18), signed and delivered like `transaction.updated`. */
function paymentMethodWebhooks(): JsonObject {
  const hook = (summary: string): JsonObject => ({
    post: {
      summary,
      description: 'Signed with Payport-Signature and retried exactly like transaction.updated.',
      parameters: [{ name: 'Payport-Signature', in: 'header', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/PaymentMethodEvent' } } },
      },
      responses: { '200': { description: 'Acknowledged (any 2xx).' } },
    },
  });
  return {
    'payment_method.saved': hook("A customer's card was saved (with their consent)"),
    'payment_method.removed': hook('A saved card was removed (its token deactivated at the provider)'),
  };
}

/** JSON Schema of `schema` without the `$schema` keyword (the document states the dialect once). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function schemaRef(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const name = Object.keys(COMPONENTS).find((key) => COMPONENTS[key] === schema);
  return name ? { $ref: `#/components/schemas/${name}` } : jsonSchema(schema, io);
}

function parameters(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const { description, ...valueSchema } = jsonSchema(fieldSchema, 'input');
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      ...(typeof description === 'string' && { description }),
      schema: valueSchema,
    };
  });
}

function operation(route: ApiRoute): JsonObject {
  const operationResponses: JsonObject = {
    [String(route.success.status)]: {
      description: route.success.description,
      ...(route.success.schema && {
        content: { 'application/json': { schema: schemaRef(route.success.schema, 'output') } },
      }),
    },
  };
  for (const status of problemStatuses(route)) {
    operationResponses[String(status)] = {
      description: STATUS_CODES[status] ?? 'Problem',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  const params = [...parameters(route.params, 'path'), ...parameters(route.query, 'query')];
  if (route.method === 'POST') params.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description && { description: route.description }),
    tags: [route.tag],
    ...(route.public && { security: [] }),
    ...(params.length > 0 && { parameters: params }),
    ...(route.body && {
      requestBody: {
        required: !route.body.safeParse({}).success,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      },
    }),
    responses: operationResponses,
  };
}

/** Builds the document for `routes`, served under `serverUrl` (e.g. https://pay.example.com/api/v1). */
export function buildOpenApiDocument(routes: readonly ApiRoute[], serverUrl: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  const schemas: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(COMPONENTS)) schemas[name] = jsonSchema(schema, 'output');
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'payport merchant API',
      version: '1.0.0',
      description:
        'Create payments and payment links, read transactions, and receive signed events. Errors are ' +
        'application/problem+json (RFC 9457). Every POST honours Idempotency-Key for 24 hours.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    webhooks: {
      'transaction.updated': {
        post: {
          summary: 'A transaction changed state',
          description:
            'Posted to every event endpoint with header Payport-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint secret>. ' +
            'Answer 2xx to acknowledge; anything else is retried with exponential backoff for up to 3 days.',
          parameters: [
            { name: 'Payport-Signature', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/TransactionUpdatedEvent' } },
            },
          },
          responses: { '200': { description: 'Acknowledged (any 2xx).' } },
        },
      },
      ...paymentMethodWebhooks(),
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key from `payport api-keys create`.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Same key and body within 24 hours → the first answer again; same key, other body → 409.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      schemas,
    },
  };
}
