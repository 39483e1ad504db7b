/** Providers (S11): list, create, the APS form, publication toggle and Test credentials. Forms are admin-only. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { testProviderCredentials, type CredentialTestResult } from '../../services/credential-test.js';
import {
  apsBackOfficeSettings,
  formValuesOf,
  listProviderSettings,
  loadProviderSettings,
  readProviderForm,
  saveProviderSettings,
  SECRET_FIELDS,
  setProviderPublication,
  type ProviderSettingsView,
} from '../../services/provider-settings.js';
import { applePayView, readApplePayForm, saveApplePaySettings } from '../../services/apple-pay-settings.js';
import { recordCredentialsTested } from '../../services/back-office-home.js';
import {
  createProviderFromForm,
  draftProviderView,
  providerIsUnused,
  removeProvider,
} from '../../services/provider-lifecycle.js';
import { Conflict } from '../../errors.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf, requestState } from './guard.js';
import { COMMON, t } from './i18n.js';
import type { Flash } from './views/components.js';
import { providerPage, type ProviderPageModel } from './views/provider-form.js';
import { providersListPage } from './views/providers-list.js';

const requestLang = (request: FastifyRequest) => requestState(request).lang;

const ADMIN_ONLY = { admin: { role: 'admin' as const } };

const NOTICE = {
  unpublishedByTest: {
    en: 'Saved. Switching to Test unpublished the provider: customers do not see it now. Tick Published and save again if they should.',
    ar: 'تم الحفظ. أدى التبديل إلى اختبار إلى إلغاء نشر المزوّد: لا يراه العملاء الآن. حدّد منشور واحفظ مجددًا إن أردت أن يروه.',
  },
  removed: { en: 'The provider was removed.', ar: 'حُذف المزوّد.' },
  testNextToLive: {
    en: 'A Test provider is published next to a live one. Customers only see the live one; unpublish the Test provider or set it to Disabled.',
    ar: 'مزوّد في وضع الاختبار منشور بجانب مزوّد فعلي. يرى العملاء المزوّد الفعلي فقط؛ ألغِ نشر مزوّد الاختبار أو اجعله معطّلًا.',
  },
};

/** True when a published Test provider sits next to a published live one (`about`: one of them). */
function testNextToLive(
  providers: { id: string; state: string; isPublished: boolean }[],
  about?: string,
): boolean {
  const live = providers.filter((p) => p.state === 'enabled' && p.isPublished);
  const test = providers.filter((p) => p.state === 'test' && p.isPublished);
  if (live.length === 0 || test.length === 0) return false;
  return about === undefined || [...live, ...test].some((p) => p.id === about);
}

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

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    model: Omit<ProviderPageModel, 'aps'>,
    status = 200,
  ) => {
    const applePay = model.applePay ?? { view: await applePayView(ctx.services, model.provider.id) };
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(providerPage(pageContextOf(request), { ...model, applePay, aps: aps() }));
  };

  const facts = async (id: string): Promise<Partial<ProviderPageModel>> => {
    const all = await listProviderSettings(ctx.services);
    return { removable: await providerIsUnused(ctx.services, id), testNextToLive: testNextToLive(all, id) };
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    provider: ProviderSettingsView,
    extra: Partial<ProviderPageModel> = {},
  ) =>
    render(request, reply, {
      provider,
      values: formValuesOf(provider),
      errors: [],
      ...(await facts(provider.id)),
      ...extra,
    });

  app.get('/providers', async (request, reply) => {
    const providers = await listProviderSettings(ctx.services);
    const lang = requestLang(request);
    const removed = (request.query as Record<string, unknown>).removed !== undefined;
    const flash: Flash | undefined = testNextToLive(providers)
      ? { kind: 'error', text: t(lang, NOTICE.testNextToLive) }
      : removed
        ? { kind: 'ok', text: t(lang, NOTICE.removed) }
        : undefined;
    return reply
      .type('text/html; charset=utf-8')
      .send(providersListPage(pageContextOf(request), providers, flash));
  });

  // "New APS provider" opens a draft form; nothing is stored before its first valid Save.
  app.post('/providers', { config: ADMIN_ONLY }, async (_request, reply) =>
    reply.redirect('/admin/providers/new', 303),
  );

  app.get('/providers/new', { config: ADMIN_ONLY }, async (request, reply) => {
    const provider = await draftProviderView(ctx.services);
    return render(request, reply, { provider, values: formValuesOf(provider), errors: [], draft: true });
  });

  app.post('/providers/new', { config: ADMIN_ONLY }, async (request, reply) => {
    const { user } = adminOf(request);
    const input = readProviderForm(request.body);
    const result = await createProviderFromForm(ctx.services, input, { userId: user.id });
    if (result.ok) {
      request.log.info({ providerId: result.view.id, userId: user.id }, 'back office created a provider');
      return reply.redirect(`/admin/providers/${encodeURIComponent(result.view.id)}?saved=1`, 303);
    }
    const typedSecrets = SECRET_FIELDS.some((field) => input[field].trim() !== '');
    const values = { ...input, accessCode: '', shaRequestPhrase: '', shaResponsePhrase: '' };
    return render(
      request,
      reply,
      { provider: result.view, values, errors: result.errors, secretsDropped: typedSecrets, draft: true },
      422,
    );
  });

  app.post('/providers/:id/delete', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    try {
      await removeProvider(ctx.services, request.params.id, { userId: adminOf(request).user.id });
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
      const provider = await loadProviderSettings(ctx.services, request.params.id);
      const lang = requestLang(request);
      const text =
        lang === 'ar' ? 'لهذا المزوّد معاملات، لذا لا يمكن حذفه؛ اجعله معطّلًا بدلًا من ذلك.' : err.message;
      return show(request, reply, provider, { flash: { kind: 'error', text } });
    }
    return reply.redirect('/admin/providers?removed=1', 303);
  });

  app.get('/providers/:id', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const provider = await loadProviderSettings(ctx.services, request.params.id);
    const query = request.query as Record<string, unknown>;
    const lang = adminOf(request).lang;
    const flash: Flash | undefined = query.unpublished
      ? { kind: 'ok', text: t(lang, NOTICE.unpublishedByTest) }
      : query.saved
        ? { kind: 'ok', text: t(lang, COMMON.saved) }
        : undefined;
    return show(request, reply, provider, flash ? { flash } : {});
  });

  app.post('/providers/:id', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const { user } = adminOf(request);
    const input = readProviderForm(request.body);
    const result = await saveProviderSettings(ctx.services, request.params.id, input, { userId: user.id });
    if (result.ok) {
      // The Test state's default overrode a ticked box the operator did not move: say so, never silently.
      const overridden = input.isPublished && !result.view.isPublished;
      const target = `/admin/providers/${encodeURIComponent(request.params.id)}?saved=1`;
      return reply.redirect(overridden ? `${target}&unpublished=1` : target, 303);
    }
    const typedSecrets = SECRET_FIELDS.some((field) => input[field].trim() !== '');
    // Secrets are never sent back to the browser, not even the ones just typed.
    const values = { ...input, accessCode: '', shaRequestPhrase: '', shaResponsePhrase: '' };
    return render(
      request,
      reply,
      {
        provider: result.view,
        values,
        errors: result.errors,
        secretsDropped: typedSecrets,
        ...(await facts(request.params.id)),
      },
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

  app.post('/providers/:id/apple-pay', { config: ADMIN_ONLY }, async (request: IdRequest, reply) => {
    const input = readApplePayForm(request.body);
    try {
      await saveApplePaySettings(ctx.services, request.params.id, input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const provider = await loadProviderSettings(ctx.services, request.params.id);
      const view = await applePayView(ctx.services, request.params.id);
      // Secrets are never sent back; the public values typed are kept for correcting.
      const values = {
        appleMerchantId: input.appleMerchantId,
        shaType: input.shaType,
        certificate: input.certificate,
        domainAssociation: input.domainAssociation,
      };
      return render(
        request,
        reply,
        {
          provider,
          values: formValuesOf(provider),
          errors: [],
          applePay: { view, errors: err.fields, values },
        },
        422,
      );
    }
    request.log.info(
      { providerId: request.params.id, userId: adminOf(request).user.id },
      'back office saved Apple Pay',
    );
    return reply.redirect(`/admin/providers/${encodeURIComponent(request.params.id)}?saved=1#apple-pay`, 303);
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
