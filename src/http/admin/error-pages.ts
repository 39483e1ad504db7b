/**
 * Error pages inside the back office: a typed error the operator can act on (not found, invalid input,
 * conflict) is shown in the back-office shell with its message; anything else goes to the app's one
 * error mapper, which logs it and answers without details.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PayportError } from '../../errors.js';
import { sendError, statusFor } from '../plugins/errors.js';
import { html } from '../views/html.js';
import { pageContextOf } from './guard.js';
import { adminDocument } from './views/shell.js';

const TITLE = {
  404: { en: 'Not found', ar: 'غير موجود' },
  other: { en: 'Cannot do that', ar: 'تعذّر تنفيذ ذلك' },
};
const NOT_FOUND = {
  en: 'There is no such page in the back office.',
  ar: 'لا توجد صفحة كهذه في لوحة الإدارة.',
};

function render(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  const pc = pageContextOf(request);
  const title = (status === 404 ? TITLE[404] : TITLE.other)[pc.lang];
  const body = html`<p class="flash error" role="alert">${message}</p>
    <p><a href="/admin">${pc.lang === 'ar' ? 'العودة إلى لوحة الإدارة' : 'Back to the back office'}</a></p>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminDocument(pc, { title, body }));
}

/** Installs the back office's error and not-found handlers on its plugin. */
export function installAdminErrorPages(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const status = statusFor(err);
    if (err instanceof PayportError && status < 500) {
      request.log.info({ type: err.type, status }, err.message);
      return render(request, reply, status, err.message);
    }
    return sendError(request, reply, err);
  });
  app.setNotFoundHandler((request, reply) =>
    render(request, reply, 404, NOT_FOUND[pageContextOf(request).lang]),
  );
}
