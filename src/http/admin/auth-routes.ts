/** Sign-in and sign-out of the back office (S11). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueLoginCsrf } from '../../services/auth/login-csrf.js';
import { endSession, SESSION_MAX_MS, startSession } from '../../services/auth/sessions.js';
import type { SignInGuard } from '../../services/auth/sign-in.js';
import type { AppContext } from '../context.js';
import {
  cookieOptions,
  pageContextOf,
  requestState,
  safeNext,
  SESSION_COOKIE,
  signInCookieName,
} from './guard.js';
import { signInPage, type SignInProblem } from './views/login.js';

const PUBLIC = { admin: { public: true } };

function field(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** Registers GET/POST /admin/login, POST /admin/logout and GET /admin. */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext, guard: SignInGuard): void {
  const signInCookie = signInCookieName(ctx);
  const renderSignIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { email: string; next: string; problem?: SignInProblem },
  ) => {
    const pair = issueLoginCsrf(ctx.config.secret, request.cookies[signInCookie]);
    reply.setCookie(signInCookie, pair.nonce, cookieOptions(ctx, 24 * 3600, '/'));
    return reply
      .type('text/html; charset=utf-8')
      .send(signInPage(pageContextOf(request), { ...options, formToken: pair.formToken }));
  };

  app.get<{ Querystring: { next?: string; signed_out?: string } }>(
    '/login',
    { config: PUBLIC },
    async (request, reply) => {
      if (requestState(request).user) return reply.redirect(safeNext(request.query.next), 303);
      const problem: SignInProblem | undefined = request.query.signed_out
        ? { kind: 'signed_out' }
        : undefined;
      return renderSignIn(request, reply, {
        email: '',
        next: safeNext(request.query.next),
        ...(problem ? { problem } : {}),
      });
    },
  );

  app.post('/login', { config: PUBLIC }, async (request, reply) => {
    const email = field(request.body, 'email');
    const next = safeNext(field(request.body, 'next'));
    const result = await guard.signIn({
      email,
      password: field(request.body, 'password'),
      code: field(request.body, 'code'),
      ip: request.ip,
    });
    if (result.kind === 'signed_in') {
      await endSession(ctx.store, request.cookies[SESSION_COOKIE]);
      const { token } = await startSession(ctx.store, ctx.clock, result.user.id);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx, Math.floor(SESSION_MAX_MS / 1000), '/'));
      reply.clearCookie(signInCookie, cookieOptions(ctx, undefined, '/'));
      request.log.info({ userId: result.user.id, role: result.user.role }, 'back-office user signed in');
      return reply.redirect(next, 303);
    }
    request.log.warn({ outcome: result.kind, ip: request.ip }, 'back-office sign-in refused');
    const now = ctx.clock.now().getTime();
    let problem: SignInProblem = { kind: result.kind === 'second_factor' ? 'code' : 'invalid' };
    if (result.kind === 'locked') {
      problem = {
        kind: 'locked',
        minutes: Math.max(1, Math.ceil((new Date(result.until).getTime() - now) / 60_000)),
      };
    } else if (result.kind === 'rate_limited') {
      problem = { kind: 'rate_limited', minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) };
    }
    if (problem.kind === 'locked' || problem.kind === 'rate_limited') {
      reply.code(429).header('retry-after', String(problem.minutes * 60));
    } else {
      reply.code(401);
    }
    return renderSignIn(request, reply, { email, next, problem });
  });

  app.post('/logout', async (request, reply) => {
    const { user } = requestState(request);
    await endSession(ctx.store, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx, undefined, '/'));
    request.log.info({ userId: user?.id ?? null }, 'back-office user signed out');
    return reply.redirect('/admin/login?signed_out=1', 303);
  });
}
