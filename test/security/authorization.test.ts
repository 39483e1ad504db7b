/**
 * The authorization matrix (S11, S12, S14): every route the app serves × {anonymous, operator, admin,
 * API key} against the table below. The routes are read from Fastify itself, so a route added without
 * a row here fails this test until someone decides who may call it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminClient } from '../http/admin/helpers.js';
import { startSecurityApp, type SecurityApp } from './harness.js';
import { fillPath, listRoutes, routeKey, type RouteEntry } from './routes.js';

type Actor = 'anonymous' | 'operator' | 'admin' | 'apiKey';
/** `allow`: past every guard (whatever the handler then answers); `login`: 303 to the sign-in page. */
type Expected = 'allow' | 'login' | 401 | 403;
type Row = Record<Actor, Expected>;

const ACTORS: readonly Actor[] = ['anonymous', 'operator', 'admin', 'apiKey'];

const PUBLIC: Row = { anonymous: 'allow', operator: 'allow', admin: 'allow', apiKey: 'allow' };
const BACK_OFFICE_PAGE: Row = { anonymous: 'login', operator: 'allow', admin: 'allow', apiKey: 'login' };
// A POST without a session fails the CSRF check (403) before the sign-in check could redirect.
const BACK_OFFICE_FORM: Row = { anonymous: 403, operator: 'allow', admin: 'allow', apiKey: 403 };
const ADMIN_PAGE: Row = { anonymous: 'login', operator: 403, admin: 'allow', apiKey: 'login' };
const ADMIN_FORM: Row = { anonymous: 403, operator: 403, admin: 'allow', apiKey: 403 };
// A back-office session is no API credential: the API reads only the bearer key.
const API: Row = { anonymous: 401, operator: 401, admin: 401, apiKey: 'allow' };

const MATRIX: Record<string, Row> = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /assets/:name': PUBLIC,
  'GET /favicon.ico': PUBLIC,
  'GET /favicon.svg': PUBLIC,
  // The merchant's logo and accent stylesheet on customer pages (S21).
  'GET /brand/logo': PUBLIC,
  'GET /brand/theme.css': PUBLIC,
  // Only a redirect to /admin, which then asks for the sign-in itself.
  'GET /': PUBLIC,
  'GET /payment/pay': PUBLIC,
  'GET /pay/:id': PUBLIC,
  'POST /payment/transaction': PUBLIC,
  'GET /payment/status': PUBLIC,
  'GET /payment/status/poll': PUBLIC,
  'POST /payment/aps/webhook': PUBLIC,
  'POST /payment/aps/return': PUBLIC,
  // Apple Pay (S19): the customer's browser and Apple call these without any session.
  'GET /.well-known/apple-developer-merchantid-domain-association': PUBLIC,
  'POST /payment/apple-pay/session': PUBLIC,
  'POST /payment/apple-pay/pay': PUBLIC,
  'GET /payment/aps/card': PUBLIC,
  'POST /payment/aps/card': PUBLIC,
  'GET /payment/valu': PUBLIC,
  'POST /payment/valu': PUBLIC,
  'POST /payment/valu/code': PUBLIC,
  'POST /payment/valu/confirm': PUBLIC,
  'GET /payment/installments': PUBLIC,
  'POST /payment/installments': PUBLIC,
  'GET /api/v1/openapi.json': PUBLIC,
  'GET /admin/login': PUBLIC,
  // Only a visitor holding the sign-in form's cookie may post it.
  'POST /admin/login': { anonymous: 'allow', operator: 403, admin: 403, apiKey: 403 },
  'GET /admin': BACK_OFFICE_PAGE,
  'GET /admin/': BACK_OFFICE_PAGE,
  'GET /admin/transactions': BACK_OFFICE_PAGE,
  'GET /admin/transactions/export.csv': BACK_OFFICE_PAGE,
  'GET /admin/transactions/:reference': BACK_OFFICE_PAGE,
  'POST /admin/transactions/:reference/actions/:action': BACK_OFFICE_FORM,
  'GET /admin/notifications': BACK_OFFICE_PAGE,
  'POST /admin/notifications/:id/reprocess': BACK_OFFICE_FORM,
  'GET /admin/payment-links': BACK_OFFICE_PAGE,
  'GET /admin/customers': BACK_OFFICE_PAGE,
  'GET /admin/customers/:id': BACK_OFFICE_PAGE,
  'POST /admin/customers/:id/cards/:pm/remove': BACK_OFFICE_FORM,
  'POST /admin/payment-links': BACK_OFFICE_FORM,
  'POST /admin/payment-links/:id/deactivate': BACK_OFFICE_FORM,
  'POST /admin/payment-links/:id/email': BACK_OFFICE_FORM,
  // The list shows names and state badges only; the form with credentials is admin-only.
  'GET /admin/providers': BACK_OFFICE_PAGE,
  'POST /admin/providers': ADMIN_FORM,
  'GET /admin/providers/:id': ADMIN_PAGE,
  'POST /admin/providers/:id': ADMIN_FORM,
  'POST /admin/providers/:id/publish': ADMIN_FORM,
  'POST /admin/providers/:id/test-credentials': ADMIN_FORM,
  'GET /admin/providers/new': ADMIN_PAGE,
  'POST /admin/providers/new': ADMIN_FORM,
  'POST /admin/providers/:id/delete': ADMIN_FORM,
  'GET /admin/settings': ADMIN_PAGE,
  'POST /admin/settings': ADMIN_FORM,
  'POST /admin/settings/logo': ADMIN_FORM,
  'POST /admin/settings/logo/remove': ADMIN_FORM,
  'POST /admin/providers/:id/apple-pay': ADMIN_FORM,
  // Every signed-in user may set up their own second factor.
  'GET /admin/account/two-factor': BACK_OFFICE_PAGE,
  'POST /admin/account/two-factor': BACK_OFFICE_FORM,
  'GET /admin/users': ADMIN_PAGE,
  'POST /admin/users': ADMIN_FORM,
  'POST /admin/users/:id/reset-password': ADMIN_FORM,
  'POST /admin/users/:id/role': ADMIN_FORM,
  'POST /admin/users/:id/delete': ADMIN_FORM,
  'GET /admin/developers': ADMIN_PAGE,
  'POST /admin/developers/api-keys': ADMIN_FORM,
  'POST /admin/developers/api-keys/:id/revoke': ADMIN_FORM,
  'POST /admin/developers/endpoints': ADMIN_FORM,
  'GET /admin/developers/endpoints/:id': ADMIN_PAGE,
  'POST /admin/developers/endpoints/:id/pause': ADMIN_FORM,
  'POST /admin/developers/endpoints/:id/resume': ADMIN_FORM,
  'POST /admin/developers/endpoints/:id/delete': ADMIN_FORM,
  'POST /admin/developers/endpoints/:id/events/:eventId/resend': ADMIN_FORM,
  'POST /admin/logout': BACK_OFFICE_FORM,
  'POST /api/v1/payment-links': API,
  'POST /api/v1/transactions': API,
  'GET /api/v1/transactions': API,
  'POST /api/v1/customers': API,
  'GET /api/v1/customers': API,
  'GET /api/v1/customers/:id': API,
  'DELETE /api/v1/customers/:id': API,
  'GET /api/v1/customers/:id/payment_methods': API,
  'DELETE /api/v1/customers/:id/payment_methods/:pm': API,
  'GET /api/v1/transactions/:reference': API,
  'POST /api/v1/transactions/:reference/capture': API,
  'POST /api/v1/transactions/:reference/void': API,
  'POST /api/v1/transactions/:reference/refunds': API,
  'POST /api/v1/transactions/:reference/status-check': API,
  'POST /api/v1/event-endpoints': API,
  'GET /api/v1/event-endpoints': API,
  'GET /api/v1/event-endpoints/:id': API,
  'DELETE /api/v1/event-endpoints/:id': API,
};

describe('authorization matrix: every route × anonymous, operator, admin, API key', () => {
  let s: SecurityApp;
  let anonymous: AdminClient;
  let routes: RouteEntry[];
  let adminSession: string;

  before(async () => {
    s = await startSecurityApp();
    anonymous = s.client();
    adminSession = s.admin.cookies.get('payport_session') ?? '';
    assert.notEqual(adminSession, '');
    // Signing out ends the session: it goes last so the other rows still run signed in.
    routes = listRoutes(s.app).sort(
      (a, b) => Number(a.url === '/admin/logout') - Number(b.url === '/admin/logout'),
    );
  });
  after(() => s.close());

  function cookieHeader(client: AdminClient): string {
    return [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async function call(actor: Actor, route: RouteEntry): Promise<{ status: number; location: string }> {
    // No parameter names anything real: guards must decide before any lookup could.
    const path = fillPath(route.url, { name: 'payport.css' });
    if (actor === 'apiKey') {
      const res = await s.inject({
        method: route.method as 'GET',
        url: path,
        apiKey: s.apiKey,
        ...(route.method === 'POST' && { payload: '{}', headers: { 'content-type': 'application/json' } }),
      });
      return { status: res.statusCode, location: String(res.headers.location ?? '') };
    }
    const client = actor === 'anonymous' ? anonymous : actor === 'operator' ? s.operator : s.admin;
    if (route.method === 'GET') {
      const res = await client.get(path);
      return { status: res.status, location: res.location ?? '' };
    }
    // Fetch a page first so the client holds a current CSRF token (the sign-in form's for visitors).
    await client.get(actor === 'anonymous' ? '/admin/login' : '/admin/transactions');
    if (route.method === 'POST') {
      const res = await client.post(path, {});
      return { status: res.status, location: res.location ?? '' };
    }
    const res = await s.inject({
      method: route.method as 'DELETE',
      url: path,
      headers: { cookie: cookieHeader(client) },
    });
    return { status: res.statusCode, location: String(res.headers.location ?? '') };
  }

  function outcome(route: RouteEntry, answer: { status: number; location: string }): Expected {
    // The sign-in handler's own "wrong email or password" and sign-out's own redirect: past the guard.
    if (routeKey(route) === 'POST /admin/login' && answer.status === 401) return 'allow';
    if (answer.status === 303 && answer.location.includes('signed_out=1')) return 'allow';
    if (answer.status === 401 || answer.status === 403) return answer.status;
    if (answer.status === 303 && answer.location.startsWith('/admin/login')) return 'login';
    return 'allow';
  }

  test('every route has a row in the matrix, and every row names a route that exists', () => {
    const served = routes.map(routeKey).sort();
    assert.deepEqual(
      served.filter((key) => !(key in MATRIX)),
      [],
      'routes without a row: decide who may call them',
    );
    assert.deepEqual(
      Object.keys(MATRIX).filter((key) => !served.includes(key)),
      [],
      'rows without a route',
    );
  });

  test('each actor is allowed or refused exactly as the matrix says', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const row = MATRIX[routeKey(route)];
      if (!row) continue;
      for (const actor of ACTORS) {
        const answer = await call(actor, route);
        const got = outcome(route, answer);
        if (got !== row[actor])
          mismatches.push(
            `${routeKey(route)} as ${actor}: expected ${row[actor]}, got ${got} (${answer.status})`,
          );
      }
    }
    assert.deepEqual(mismatches, []);
  });

  test('a garbage, empty or session-cookie bearer is refused with 401 on every API route', async () => {
    const session = adminSession;
    for (const route of routes.filter((r) => MATRIX[routeKey(r)] === API)) {
      for (const authorization of [
        'Bearer ppk_forged',
        'Bearer ',
        'Basic YWRtaW46YWRtaW4=',
        `Bearer ${session}`,
        s.apiKey,
      ]) {
        const res = await s.inject({
          method: route.method as 'GET',
          url: fillPath(route.url, {}),
          headers: { authorization },
        });
        assert.equal(
          res.statusCode,
          401,
          `${routeKey(route)} with ${authorization.slice(0, 12)}: ${res.statusCode}`,
        );
      }
    }
  });
});
