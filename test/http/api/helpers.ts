/** A test payport with the merchant API registered, a seeded APS provider and an API key. */
import type { LightMyRequestResponse } from 'fastify';
import { registerApiRoutes } from '../../../src/http/api/index.js';
import { API_SCOPES, createApiKey } from '../../../src/services/api/api-keys.js';
import type { TestDatabase } from '../../support/databases.js';
import {
  createTestPayport,
  seedApsProvider,
  type TestPayport,
  type TestPayportOptions,
} from '../../support/payport.js';

/** What API tests use. */
export interface ApiHarness {
  pp: TestPayport;
  providerId: string;
  apiKey: string;
  apiKeyId: string;
  /** Calls the API with the harness' key (or `options.key`; `null` sends no Authorization). */
  call(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Makes sure `/api/v1` is registered (the lead wires it into app.ts; until then tests do). */
export async function ensureApiRoutes(pp: TestPayport): Promise<void> {
  if (!pp.running.app.hasRoute({ method: 'GET', url: '/api/v1/openapi.json' })) {
    await registerApiRoutes(pp.running.app, pp.running.context);
  }
}

/** Starts a harness on `db` (a fresh SQLite directory when absent). */
export async function startApiHarness(
  db?: TestDatabase,
  options: Pick<TestPayportOptions, 'eventTargets'> = {},
): Promise<ApiHarness> {
  const pp = await createTestPayport({ ...(db && { database: db.location }), ...options });
  await ensureApiRoutes(pp);
  const provider = await seedApsProvider(pp.services);
  const created = await createApiKey(pp.services, { name: 'Shop backend', scopes: [...API_SCOPES] });
  return {
    pp,
    providerId: provider.id,
    apiKey: created.key,
    apiKeyId: created.apiKey.id,
    call(method, url, options = {}) {
      const key = options.key === undefined ? created.key : options.key;
      const headers: Record<string, string> = { ...options.headers };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      return pp.running.app.inject({
        method,
        url,
        headers,
        ...(options.body !== undefined && {
          payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
        }),
      });
    },
    close: () => pp.close(),
  };
}

/** A valid `POST /transactions` body. */
export function paymentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    amount: '1111.11',
    currency: 'SAR',
    payment_method: 'card',
    order_reference: 'INV/2026/0042',
    customer: { email: 'buyer@example.com', name: 'Buyer One', lang: 'ar' },
    landing_url: 'https://shop.example.com/thanks',
    metadata: { cart: 'c-17', items: 3 },
    ...overrides,
  };
}

/** The field names of a problem+json answer's `errors`. */
export function invalidFields(res: LightMyRequestResponse): string[] {
  const body = res.json() as { errors?: { field: string }[] };
  return (body.errors ?? []).map((e) => e.field).sort();
}
