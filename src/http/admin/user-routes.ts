/** Users (S11, admin only): add (password shown once), reset password, change role, delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, ValidationError, type FieldError } from '../../errors.js';
import { addUser, changeUserRole, removeUser, resetUserPassword } from '../../services/auth/users.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { COMMON, t } from './i18n.js';
import { localizeMessage } from './views/form-errors.js';
import type { Flash } from './views/components.js';
import { usersPage, type UsersModel } from './views/users.js';

const ADMIN_ONLY = { config: { admin: { role: 'admin' as const } } };
type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function field(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/** Registers /admin/users… */
export function registerUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<UsersModel> = {},
    status = 200,
  ) => {
    const { user } = adminOf(request);
    const users = await ctx.store.repos.users.list();
    const document = usersPage(pageContextOf(request), {
      users,
      currentUserId: user.id,
      now: ctx.clock.now(),
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(document);
  };

  /** Typed refusals (last admin, unknown user) become a message on the page; anything else propagates. */
  const refusal = (err: unknown, request?: FastifyRequest): Flash => {
    if (err instanceof ValidationError || err instanceof Conflict)
      return {
        kind: 'error',
        text: request ? localizeMessage(adminOf(request).lang, err.message) : err.message,
      };
    throw err;
  };

  app.get('/users', ADMIN_ONLY, async (request, reply) => {
    const saved = (request.query as Record<string, unknown>).saved;
    return render(
      request,
      reply,
      saved ? { flash: { kind: 'ok', text: t(adminOf(request).lang, COMMON.saved) } } : {},
    );
  });

  app.post('/users', ADMIN_ONLY, async (request, reply) => {
    const values = { email: field(request.body, 'email'), role: field(request.body, 'role') };
    try {
      const created = await addUser(ctx.store, values);
      request.log.info(
        { userId: adminOf(request).user.id, createdUserId: created.user.id, role: created.user.role },
        'back-office user added',
      );
      return render(request, reply, { revealed: { email: created.user.email, password: created.password } });
    } catch (err) {
      const errors: FieldError[] =
        err instanceof ValidationError && err.fields.length > 0
          ? err.fields
          : [{ field: 'email', message: refusal(err).text }];
      // The error summary at the top of the page says what to fix (S21).
      return render(request, reply, { values, errors }, 422);
    }
  });

  app.post('/users/:id/reset-password', ADMIN_ONLY, async (request: IdRequest, reply) => {
    const target = await ctx.store.repos.users.findById(request.params.id);
    if (!target)
      return render(request, reply, { flash: { kind: 'error', text: 'This user no longer exists.' } }, 404);
    const reset = await resetUserPassword(ctx.store, target.email);
    request.log.info(
      { userId: adminOf(request).user.id, targetUserId: target.id },
      'back-office password reset',
    );
    // Resetting your own password ends your own session too: the next page asks for the new one.
    return render(request, reply, { revealed: { email: reset.user.email, password: reset.password } });
  });

  app.post('/users/:id/role', ADMIN_ONLY, async (request: IdRequest, reply) => {
    try {
      await changeUserRole(ctx.store, request.params.id, field(request.body, 'role'));
    } catch (err) {
      return render(request, reply, { flash: refusal(err, request) }, 422);
    }
    request.log.info(
      { userId: adminOf(request).user.id, targetUserId: request.params.id },
      'back-office role changed',
    );
    return reply.redirect('/admin/users?saved=1', 303);
  });

  app.post('/users/:id/delete', ADMIN_ONLY, async (request: IdRequest, reply) => {
    try {
      await removeUser(ctx.store, adminOf(request).user.id, request.params.id);
    } catch (err) {
      return render(request, reply, { flash: refusal(err, request) }, 422);
    }
    request.log.info(
      { userId: adminOf(request).user.id, targetUserId: request.params.id },
      'back-office user deleted',
    );
    return reply.redirect('/admin/users?saved=1', 303);
  });
}
