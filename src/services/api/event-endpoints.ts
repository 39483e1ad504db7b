/** Event endpoints (S12): where signed events go. The signing secret is sealed at rest and shown once. */
import { newId, randomSecret } from '../../crypto/random.js';
import { NotFound, ValidationError } from '../../errors.js';
import type { EventEndpointRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { checkEndpointHost, type EventTargetPolicy } from './event-targets.js';

/** Endpoint secrets start with this, so they are recognisable in a receiver's configuration. */
export const ENDPOINT_SECRET_PREFIX = 'whsec_';

/** An endpoint as the API shows it (never with its secret). */
export interface EventEndpointResource {
  id: string;
  url: string;
  description: string | null;
  active: boolean;
  created_at: string;
}

/** The sealing context binds a sealed secret to its endpoint, so secrets cannot be swapped between rows. */
function sealContext(endpointId: string): string {
  return `event-endpoint:${endpointId}`;
}

/** The API shape of an endpoint. */
export function eventEndpointResource(record: EventEndpointRecord): EventEndpointResource {
  return {
    id: record.id,
    url: record.url,
    description: record.description,
    active: record.active,
    created_at: record.createdAt,
  };
}

/**
 * Refuses URLs that cannot receive events: not absolute, not http(s), carrying credentials, or whose
 * host is an address (or `localhost`) the policy forbids.
 */
export function checkEndpointUrl(value: string, field = 'url', policy: EventTargetPolicy = 'public'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('The endpoint URL is not a valid absolute URL.', [
      { field, message: 'must be an absolute http(s) URL' },
    ]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('The endpoint URL must use https (or http).', [
      { field, message: 'must use https or http' },
    ]);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError('The endpoint URL must not carry credentials.', [
      { field, message: 'must not contain a user name or password' },
    ]);
  }
  checkEndpointHost(url, policy, field);
  return url.toString();
}

/** Creates an active endpoint; the returned `secret` is the only time it is shown. */
export async function createEventEndpoint(
  ctx: ServiceContext,
  input: { url: string; description?: string | null },
): Promise<EventEndpointResource & { secret: string }> {
  const url = checkEndpointUrl(input.url, 'url', ctx.eventTargets);
  const id = newId(ctx.clock);
  const secret = `${ENDPOINT_SECRET_PREFIX}${randomSecret(32)}`;
  const record = await ctx.store.repos.eventEndpoints.insert({
    id,
    url,
    description: input.description?.trim() || null,
    secretEnc: ctx.secretBox.seal(secret, sealContext(id)),
  });
  return { ...eventEndpointResource(record), secret };
}

/** Every endpoint, oldest first. */
export async function listEventEndpoints(ctx: ServiceContext): Promise<EventEndpointResource[]> {
  return (await ctx.store.repos.eventEndpoints.list()).map(eventEndpointResource);
}

/** One endpoint, or NotFound. */
export async function getEventEndpoint(ctx: ServiceContext, id: string): Promise<EventEndpointResource> {
  const record = await ctx.store.repos.eventEndpoints.findById(id);
  if (!record) throw new NotFound(`No event endpoint with id "${id}".`);
  return eventEndpointResource(record);
}

/** Deletes an endpoint with its pending events and delivery log, or NotFound. */
export async function deleteEventEndpoint(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await ctx.store.repos.eventEndpoints.delete(id)))
    throw new NotFound(`No event endpoint with id "${id}".`);
}

/** The endpoint's signing secret, opened (for the delivery worker). */
export function endpointSecret(ctx: Pick<ServiceContext, 'secretBox'>, record: EventEndpointRecord): string {
  return ctx.secretBox.open(record.secretEnc, sealContext(record.id));
}
