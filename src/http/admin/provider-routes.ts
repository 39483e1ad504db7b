/** Providers (S11): list, create, the APS form, publication toggle and Test credentials. Forms are admin-only. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { testProviderCredentials, type CredentialTestResult } from '../../services/credential-test.js';
import {
  apsBackOfficeSettings,
  createApsProviderSettings,
  formValuesOf,
  listProviderSettings,
  loadProviderSettings,
  readProviderForm,
  saveProviderSettings,
  SECRET_FIELDS,
  setProviderPublication,
  type ProviderSettingsView,
} from '../../services/provider-settings.js';
import { recordCredentialsTested } from '../../services/back-office-home.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { COMMON, t } from './i18n.js';
import type { Flash } from './views/components.js';
import { providerPage, type ProviderPageModel } from './views/provider-form.js';
import { providersListPage } from './views/providers-list.js';

const ADMIN_ONLY = { admin: { role: 'admin' as const } };

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** Options of the provider routes. */
export interface ProviderRouteOptions {
  /** Time limit of one credential test. */
  credentialTestTimeoutMs?: number;
}

/** Registers /admin/providers… */
export function registerProviderRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: ProviderRouteOptions = {},
): void {
  const aps = () => apsBackOfficeSettings(ctx.config.publicUrl);

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    model: Omit<ProviderPageModel, 'aps'>,
    status = 200,
  ) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(providerPage(pageContextOf(request), { ...model, aps: aps() }));

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    provider: ProviderSettingsView,
    extra: Partial<ProviderPageModel> = {},
  ) => render(request, reply, { provider, values: formValuesOf(provider), errors: [], ...extra });

  app.get('/providers', async (request, reply) => {
    const providers = await listProviderSettings(ctx.services);
    return reply.type('text/html; charset=utf-8').send(providersListPage(pageContextOf(request), providers));
  });

  app.post('/providers', { config: ADMIN_ONLY }, async (request, reply) => {
    const created = await createApsProviderSettings(ctx.services);
    request.log.info(
      { providerId: created.id, userId: adminOf(request).user.id },
      'back office created a provider',
    );
    return reply.redirect(`/admin/providers/${encodeURIComponent(created.id)}`, 303);
  });

  app.get('/providers/:id', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const provider = await loadProviderSettings(ctx.services, request.params.id);
    const query = request.query as Record<string, unknown>;
    const flash: Flash | undefined = query.saved
      ? { kind: 'ok', text: t(adminOf(request).lang, COMMON.saved) }
      : undefined;
    return show(request, reply, provider, flash ? { flash } : {});
  });

  app.post('/providers/:id', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const { user } = adminOf(request);
    const input = readProviderForm(request.body);
    const result = await saveProviderSettings(ctx.services, request.params.id, input, { userId: user.id });
    if (result.ok)
      return reply.redirect(`/admin/providers/${encodeURIComponent(request.params.id)}?saved=1`, 303);
    const typedSecrets = SECRET_FIELDS.some((field) => input[field].trim() !== '');
    // Secrets are never sent back to the browser, not even the ones just typed.
    const values = { ...input, accessCode: '', shaRequestPhrase: '', shaResponsePhrase: '' };
    return render(
      request,
      reply,
      { provider: result.view, values, errors: result.errors, secretsDropped: typedSecrets },
      422,
    );
  });

  app.post('/providers/:id/publish', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const { user } = adminOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const published = body.published === '1';
    try {
      await setProviderPublication(ctx.services, request.params.id, published, { userId: user.id });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const provider = await loadProviderSettings(ctx.services, request.params.id);
      return render(
        request,
        reply,
        {
          provider,
          values: formValuesOf(provider),
          errors: err.fields,
          flash: { kind: 'error', text: err.fields[0]?.message ?? err.message },
        },
        422,
      );
    }
    return reply.redirect(`/admin/providers/${encodeURIComponent(request.params.id)}?saved=1`, 303);
  });

  app.post('/providers/:id/test-credentials', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const result: CredentialTestResult = await testProviderCredentials(ctx.services, request.params.id, {
      ...(options.credentialTestTimeoutMs !== undefined
        ? { timeoutMs: options.credentialTestTimeoutMs }
        : {}),
    });
    if (result.ok) await recordCredentialsTested(ctx.services, request.params.id);
    const provider = await loadProviderSettings(ctx.services, request.params.id);
    return show(request, reply, provider, { credentialTest: result });
  });
}
