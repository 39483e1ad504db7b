/** `/event-endpoints`: where signed `transaction.updated` events are delivered (S12). */
import {
  createEventEndpoint,
  deleteEventEndpoint,
  getEventEndpoint,
  listEventEndpoints,
} from '../../services/api/event-endpoints.js';
import { createEventEndpointBody, idParams } from './request-schemas.js';
import {
  createdEventEndpointSchema,
  eventEndpointListSchema,
  eventEndpointSchema,
} from './response-schemas.js';
import { defineRoute, type ApiRoute } from './route-definition.js';

/** The event-endpoint routes. */
export const eventEndpointRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/event-endpoints',
    operationId: 'createEventEndpoint',
    tag: 'Events',
    summary: 'Add an event endpoint',
    description: 'The answer carries the signing secret of Payport-Signature; it is never shown again.',
    body: createEventEndpointBody,
    success: {
      status: 201,
      description: 'The endpoint and its signing secret.',
      schema: createdEventEndpointSchema,
    },
    async handle({ body, ctx }) {
      return {
        status: 201,
        body: await createEventEndpoint(ctx, { url: body.url, description: body.description ?? null }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/event-endpoints',
    operationId: 'listEventEndpoints',
    tag: 'Events',
    summary: 'List event endpoints',
    success: { status: 200, description: 'Every endpoint, oldest first.', schema: eventEndpointListSchema },
    async handle({ ctx }) {
      return { status: 200, body: { data: await listEventEndpoints(ctx) } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/event-endpoints/{id}',
    operationId: 'getEventEndpoint',
    tag: 'Events',
    summary: 'Get an event endpoint',
    params: idParams,
    success: { status: 200, description: 'The endpoint (without its secret).', schema: eventEndpointSchema },
    async handle({ params, ctx }) {
      return { status: 200, body: await getEventEndpoint(ctx, params.id) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/event-endpoints/{id}',
    operationId: 'deleteEventEndpoint',
    tag: 'Events',
    summary: 'Delete an event endpoint with its pending events and delivery log',
    params: idParams,
    success: { status: 204, description: 'Deleted.' },
    async handle({ params, ctx }) {
      await deleteEventEndpoint(ctx, params.id);
      return { status: 204 };
    },
  }),
];
