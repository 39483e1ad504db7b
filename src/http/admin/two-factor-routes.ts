/**
 * Setting up the optional TOTP second factor (S14): `GET /admin/account/two-factor` shows a new secret
 * (and its otpauth:// URI for authenticator apps) to a user without one; posting a current code
 * confirms it. With PAYPORT_REQUIRE_2FA=true the guard sends admins here until they have one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { beginTotpEnrollment, confirmTotpEnrollment } from '../../services/auth/totp.js';
import { html } from '../views/html.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf, TWO_FACTOR_PATH } from './guard.js';
import { csrfField, type Flash } from './views/components.js';
import { adminDocument } from './views/shell.js';

function field(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/** Registers the two-factor setup page. */
export function registerTwoFactorRoutes(app: FastifyInstance, ctx: AppContext): void {
  const render = (request: FastifyRequest, reply: FastifyReply, status = 200, flash?: Flash) => {
    const pc = pageContextOf(request);
    const { user } = adminOf(request);
    let body;
    if (user.totpSecretSealed !== null) {
      body = html`<section class="card narrow">
        <p>Your account has a second factor: signing in asks for the code of your authenticator app.</p>
      </section>`;
    } else {
      const enrollment = beginTotpEnrollment(ctx.services, user);
      body = html`<form method="post" action="${TWO_FACTOR_PATH}" class="card narrow">
        ${csrfField(pc.csrf)}
        <p>
          Add this key to an authenticator app (or open the otpauth link on your phone), then enter the
          6-digit code it shows.
        </p>
        <p><code dir="ltr" id="totp-secret">${enrollment.secret}</code></p>
        <p><a dir="ltr" href="${enrollment.uri}">${enrollment.uri}</a></p>
        <input type="hidden" name="secret" value="${enrollment.secret}" />
        <input type="hidden" name="enrollment" value="${enrollment.enrollmentToken}" />
        <label class="field" for="code">Code</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" dir="ltr" required />
        <button type="submit" class="wide">Turn on the second factor</button>
      </form>`;
    }
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(adminDocument(pc, { title: 'Two-factor sign-in', body, ...(flash && { flash }) }));
  };

  app.get(TWO_FACTOR_PATH.slice('/admin'.length), async (request, reply) => render(request, reply));

  app.post(TWO_FACTOR_PATH.slice('/admin'.length), async (request, reply) => {
    const { user } = adminOf(request);
    try {
      await confirmTotpEnrollment(ctx.services, user, {
        secret: field(request.body, 'secret'),
        enrollmentToken: field(request.body, 'enrollment'),
        code: field(request.body, 'code'),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(request, reply, 422, { kind: 'error', text: err.message });
    }
    request.log.info({ userId: user.id }, 'back-office user turned on the second factor');
    return reply.redirect('/admin/transactions', 303);
  });
}
