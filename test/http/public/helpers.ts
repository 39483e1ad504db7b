/**
 * Helpers for the customer-page tests: an in-process payport with the customer routes, a seeded APS
 * provider, and small readers for the HTML the pages answer.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ManualClock } from '../../../src/clock.js';
import type { ProviderConfig } from '../../../src/domain/provider.js';
import { registerPublicRoutes } from '../../../src/http/public/index.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../../support/payport.js';

/** Path prefix of a second copy of the routes whose visitors count as signed-in back-office users. */
export const BACK_OFFICE_PREFIX = '/as-back-office';

/** A test payport with the customer routes and, unless `seed` is false, one published test provider. */
export interface PublicTestApp extends TestPayport {
  app: FastifyInstance;
  provider: ProviderConfig | undefined;
}

/** Builds the app; registers the customer routes unless `app.ts` already does. */
export async function startPublicApp(
  options: {
    seed?: boolean | Partial<ProviderConfig>;
    clock?: ManualClock;
    publicUrl?: string;
  } = {},
): Promise<PublicTestApp> {
  const payport = await createTestPayport({
    ...(options.clock && { clock: options.clock }),
    ...(options.publicUrl && { publicUrl: options.publicUrl }),
  });
  const app = payport.running.app;
  if (!app.hasRoute({ method: 'GET', url: '/payment/pay' }))
    await registerPublicRoutes(app, payport.running.context);
  await app.register(
    async (scope) =>
      registerPublicRoutes(scope, payport.running.context, {
        isBackOfficeUser: async (_request: FastifyRequest) => true,
      }),
    { prefix: BACK_OFFICE_PREFIX },
  );
  const seed = options.seed ?? true;
  const provider =
    seed === false ? undefined : await seedApsProvider(payport.services, seed === true ? {} : seed);
  return { ...payport, app, provider };
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#96;': '`',
};

/** Undoes the escaping of `escapeHtml`. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#96);/g, (m) => ENTITIES[m] ?? m);
}

/** The attributes of every `<input>` of a page, in order. */
export function inputsOf(page: string): Record<string, string>[] {
  return [...page.matchAll(/<input\b([^>]*)>/g)].map((m) => {
    const attributes: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([a-z-]+)(?:="([^"]*)")?/g))
      attributes[a[1] as string] = unescapeHtml(a[2] ?? '');
    return attributes;
  });
}

/** The value of the hidden input `name`. */
export function hiddenValue(page: string, name: string): string {
  const input = inputsOf(page).find((i) => i.type === 'hidden' && i.name === name);
  assert.ok(input, `no hidden input ${name} in:\n${page}`);
  return input.value ?? '';
}

/** The values of the payment-method radios. */
export function methodChoices(page: string): string[] {
  return inputsOf(page)
    .filter((i) => i.type === 'radio' && i.name === 'payment_method')
    .map((i) => i.value ?? '');
}

/** The method codes offered by a page. */
export function offeredMethods(page: string): string[] {
  return methodChoices(page).map((value) => value.slice(value.lastIndexOf(':') + 1));
}

/** Submits the payment form of `page` with the given choices. */
export async function submitCheckout(
  app: FastifyInstance,
  page: string,
  fields: { payment_method?: string; email?: string; form_token?: string } = {},
  path = '/payment/transaction',
) {
  const choice = fields.payment_method ?? methodChoices(page).find((value) => value.endsWith(':card'));
  const form: Record<string, string> = {
    form_token: fields.form_token ?? hiddenValue(page, 'form_token'),
    lang: hiddenValue(page, 'lang'),
    page: hiddenValue(page, 'page'),
    ...(choice !== undefined && { payment_method: choice }),
    ...(fields.email !== undefined && { email: fields.email }),
  };
  return app.inject({
    method: 'POST',
    url: path,
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The action and hidden fields of the first form posting elsewhere than payport. */
export function redirectFormOf(page: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(page)?.[1];
  assert.ok(action !== undefined, `no form in:\n${page}`);
  const fields: Record<string, string> = {};
  for (const input of inputsOf(page))
    if (input.type === 'hidden' && input.name) fields[input.name] = input.value ?? '';
  return { action: unescapeHtml(action), fields };
}
