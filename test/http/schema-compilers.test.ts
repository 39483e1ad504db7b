/**
 * payport hands Fastify factories that load its JSON Schema compilers on first use
 * (src/http/plugins/schema-compilers.ts): a route that does declare a JSON Schema (a plugin's, say) is
 * validated and serialised exactly as with Fastify's defaults.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { lazySchemaCompilers } from '../../src/http/plugins/schema-compilers.js';

test('a route with a JSON Schema validates its body and serialises its answer through the lazy compilers', async () => {
  const app = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers() } });
  app.post(
    '/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['amount'],
          properties: { amount: { type: 'integer', minimum: 0 } },
        },
        response: {
          200: { type: 'object', properties: { amount: { type: 'integer' } } },
        },
      },
    },
    async (request) => ({ ...(request.body as object), secret: 'not in the response schema' }),
  );
  try {
    const ok = await app.inject({ method: 'POST', url: '/echo', payload: { amount: 5 } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { amount: 5 }, 'the response schema drops what it does not name');

    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { amount: -1 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /amount/);

    const missing = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    assert.equal(missing.statusCode, 400);
  } finally {
    await app.close();
  }
});
