/**
 * Releasing Notifications held by the `holdNotifications` fault: `POST /_sim/deliveries/release` for
 * tests (all, one order's, or chosen ids; oldest or newest first) and a button on the dashboard's
 * delivery log. A test can thereby make any Notification arrive late, and in any order, without
 * racing timers.
 */
import type { FastifyInstance } from 'fastify';
import { Conflict, NotFound, ValidationError, type FieldError } from '../errors.js';
import type { SimulatorContext } from './context.js';
import { html, type SafeHtml } from './html.js';
import type { Delivery } from './model.js';

/** What to release: every filter is optional; `ids` also fixes the order. */
export interface ReleaseRequest {
  merchantIdentifier?: string;
  merchantReference?: string;
  ids?: string[];
  order: 'forward' | 'reverse';
}

function text(field: string, value: unknown, errors: FieldError[]): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  errors.push({ field, message: 'must be a non-empty string' });
  return undefined;
}

/** Validates the body of `POST /_sim/deliveries/release` (absent = release everything held). */
export function parseReleaseRequest(input: unknown): ReleaseRequest {
  if (input === undefined || input === null || input === '') return { order: 'forward' };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError('the body must be a JSON object');
  }
  const errors: FieldError[] = [];
  const release: ReleaseRequest = { order: 'forward' };
  for (const [field, value] of Object.entries(input)) {
    if (field === 'merchant_reference') release.merchantReference = text(field, value, errors);
    else if (field === 'merchant_identifier') release.merchantIdentifier = text(field, value, errors);
    else if (field === 'order') {
      if (value === 'forward' || value === 'reverse') release.order = value;
      else errors.push({ field, message: 'must be "forward" (oldest first) or "reverse" (newest first)' });
    } else if (field === 'ids') {
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
        release.ids = value as string[];
      } else errors.push({ field, message: 'must be a non-empty list of delivery ids' });
    } else errors.push({ field, message: 'is not a release setting' });
  }
  if (release.ids !== undefined && (release.merchantReference ?? release.merchantIdentifier) !== undefined) {
    errors.push({
      field: 'ids',
      message: 'names deliveries itself: leave out merchant_reference/identifier',
    });
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid release: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return release;
}

/**
 * The held deliveries `request` selects, in release order. Named ids must exist (404) and still be
 * held (409), so that a test never believes it released something it did not.
 */
export function selectHeld(deliveries: readonly Delivery[], request: ReleaseRequest): Delivery[] {
  const matches = (d: Delivery) =>
    (request.merchantIdentifier === undefined || d.merchantIdentifier === request.merchantIdentifier) &&
    (request.merchantReference === undefined || d.merchantReference === request.merchantReference);
  const selected =
    request.ids === undefined
      ? deliveries.filter((d) => d.state === 'held' && matches(d))
      : request.ids.map((id) => {
          const delivery = deliveries.find((d) => d.id === id);
          if (!delivery) throw new NotFound(`no delivery with id ${id}`);
          if (delivery.state !== 'held') throw new Conflict(`delivery ${id} is ${delivery.state}, not held`);
          return delivery;
        });
  if (new Set(selected).size !== selected.length)
    throw new ValidationError('ids names a delivery twice', [
      { field: 'ids', message: 'names a delivery twice' },
    ]);
  return request.order === 'reverse' ? selected.reverse() : selected;
}

/** The dashboard's button that releases every held Notification (nothing when none is held). */
export function releaseHeldForm(deliveries: readonly Delivery[]): SafeHtml {
  const held = deliveries.filter((d) => d.state === 'held').length;
  if (held === 0) return html``;
  return html`<form method="post" action="/dashboard/deliveries/release">
    <p>${held} Notification${held === 1 ? ' is' : 's are'} held by the "hold Notifications" fault.</p>
    <button type="submit">Release held Notifications (oldest first)</button>
  </form>`;
}

/** Registers `POST /_sim/deliveries/release` and the dashboard's "release held Notifications". */
export function registerDeliveryControls(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post('/_sim/deliveries/release', async (request) => {
    const selected = selectHeld(ctx.state.deliveries, parseReleaseRequest(request.body));
    await ctx.feedback.release(selected);
    return { released: selected };
  });

  app.post('/dashboard/deliveries/release', async (_request, reply) => {
    await ctx.feedback.release(selectHeld(ctx.state.deliveries, { order: 'forward' }));
    return reply.redirect('/dashboard/deliveries', 303);
  });
}
