/**
 * The OpenAPI 3.1 document against the live routes, against a standard validator (the official OpenAPI
 * 3.1 JSON Schema, via @seriousme/openapi-schema-validator), and against the structure the OpenAPI 3.1 and
 * JSON Schema 2020-12 specifications require.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startApiHarness, type ApiHarness } from './helpers.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'];

/** Every `METHOD /path` Fastify serves under /api/v1 (HEAD is Fastify's automatic twin of GET). */
function fastifyApiRoutes(app: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (depth > 0 ? (stack[depth - 1] ?? '') : '') + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    if (!path.startsWith('/api/v1/') || !match[3]) continue;
    for (const method of match[3].split(', ')) {
      if (method === 'HEAD') continue;
      routes.add(`${method} ${path.slice('/api/v1'.length).replace(/:([A-Za-z_]\w*)/g, '{$1}')}`);
    }
  }
  return routes;
}

function resolveRef(doc: Json, ref: string): unknown {
  assert.match(ref, /^#\//, `only local $refs are used: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

/** Checks the JSON Schema 2020-12 keywords we use are well-formed, recursively. */
function checkSchema(doc: Json, schema: unknown, where: string): void {
  if (typeof schema === 'boolean') return;
  assert.ok(
    schema !== null && typeof schema === 'object' && !Array.isArray(schema),
    `${where}: a schema is an object`,
  );
  const s = schema as Json;
  assert.equal('$schema' in s, false, `${where}: no per-schema $schema inside the document`);
  if (typeof s.$ref === 'string') assert.ok(resolveRef(doc, s.$ref), `${where}: $ref ${s.$ref} resolves`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    for (const t of types) assert.ok(JSON_TYPES.includes(t as string), `${where}: type ${String(t)}`);
  }
  if (s.properties !== undefined) {
    assert.equal(typeof s.properties, 'object', `${where}: properties is an object`);
    for (const [name, sub] of Object.entries(s.properties as Json)) checkSchema(doc, sub, `${where}.${name}`);
  }
  if (s.required !== undefined) {
    assert.ok(
      Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'),
      `${where}: required is a string list`,
    );
    for (const name of s.required as string[])
      assert.ok(name in ((s.properties as Json) ?? {}), `${where}: required ${name} is a property`);
  }
  if (s.enum !== undefined)
    assert.ok(Array.isArray(s.enum) && s.enum.length > 0, `${where}: enum is a non-empty list`);
  if (s.items !== undefined) checkSchema(doc, s.items, `${where}[]`);
  if (s.additionalProperties !== undefined) checkSchema(doc, s.additionalProperties, `${where}{}`);
  if (s.propertyNames !== undefined) checkSchema(doc, s.propertyNames, `${where} keys`);
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    if (s[keyword] === undefined) continue;
    assert.ok(
      Array.isArray(s[keyword]) && (s[keyword] as unknown[]).length > 0,
      `${where}: ${keyword} is a non-empty list`,
    );
    (s[keyword] as unknown[]).forEach((sub, i) => checkSchema(doc, sub, `${where}.${keyword}[${i}]`));
  }
  for (const keyword of ['minLength', 'maxLength', 'minItems', 'maxItems']) {
    if (s[keyword] !== undefined)
      assert.ok(Number.isInteger(s[keyword]) && (s[keyword] as number) >= 0, `${where}: ${keyword}`);
  }
  if (s.pattern !== undefined)
    assert.doesNotThrow(() => new RegExp(s.pattern as string, 'u'), `${where}: pattern compiles`);
}

function checkContent(doc: Json, content: unknown, where: string): void {
  assert.ok(content && typeof content === 'object', `${where}: content is a map`);
  for (const [mediaType, media] of Object.entries(content as Json)) {
    assert.match(mediaType, /^[\w.+-]+\/[\w.+-]+$/, `${where}: media type`);
    checkSchema(doc, (media as Json).schema, `${where} ${mediaType}`);
  }
}

describe('OpenAPI document (/api/v1/openapi.json)', () => {
  let api: ApiHarness;
  let doc: Json;
  before(async () => {
    api = await startApiHarness();
    const res = await api.call('GET', '/api/v1/openapi.json', { key: null });
    assert.equal(res.statusCode, 200);
    doc = res.json();
  });
  after(() => api.close());

  test('is served without an API key, as OpenAPI 3.1 with info, servers and a bearer security scheme', () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    const info = doc.info as Json;
    assert.equal(typeof info.title, 'string');
    assert.equal(typeof info.version, 'string');
    assert.equal((doc.servers as Json[])[0]!.url, 'https://shop.example.com/api/v1');
    const schemes = (doc.components as Json).securitySchemes as Json;
    assert.deepEqual(schemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      description: (schemes.bearerAuth as Json).description,
    });
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
  });

  test('validates against the official OpenAPI 3.1 schema with a standard validator', async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  test('the standard validator does refuse a broken document (so the check above can fail)', async () => {
    const broken = structuredClone(doc) as Json;
    (broken.paths as Json)['/transactions'] = { get: { responses: 'none' } };
    const result = await new Validator().validate(broken as never);
    assert.equal(result.valid, false);
  });

  test('lists exactly the routes Fastify serves under /api/v1', () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const method of Object.keys(item as Json))
        if (METHODS.includes(method)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const served = fastifyApiRoutes(api.pp.running.app);
    assert.ok(served.size >= 12, `found ${served.size} routes`);
    assert.deepEqual([...documented].sort(), [...served].sort());
  });

  test('every operation has a unique id, path parameters, responses with descriptions, and valid schemas', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      assert.match(path, /^\//);
      for (const [method, op] of Object.entries(item as Json)) {
        const operation = op as Json;
        const where = `${method.toUpperCase()} ${path}`;
        assert.equal(typeof operation.operationId, 'string', where);
        assert.equal(ids.has(operation.operationId as string), false, `${where}: operationId is unique`);
        ids.add(operation.operationId as string);
        const params = ((operation.parameters as Json[] | undefined) ?? []).map((p) =>
          typeof p.$ref === 'string' ? (resolveRef(doc, p.$ref) as Json) : p,
        );
        for (const p of params) {
          assert.ok(
            ['path', 'query', 'header', 'cookie'].includes(p.in as string),
            `${where}: parameter location`,
          );
          checkSchema(doc, p.schema, `${where} parameter ${String(p.name)}`);
        }
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const param = params.find((p) => p.in === 'path' && `{${String(p.name)}}` === name);
          assert.ok(param && param.required === true, `${where}: ${name} is a required path parameter`);
        }
        if (method === 'post' && operation.operationId !== 'getOpenApiDocument') {
          assert.ok(
            params.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'),
            `${where}: Idempotency-Key`,
          );
        }
        const responses = operation.responses as Json;
        assert.ok(Object.keys(responses).length > 0, `${where}: has responses`);
        for (const [status, response] of Object.entries(responses)) {
          assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/, `${where}: status ${status}`);
          assert.equal(typeof (response as Json).description, 'string', `${where} ${status}: description`);
          if ((response as Json).content) checkContent(doc, (response as Json).content, `${where} ${status}`);
        }
        if (operation.requestBody)
          checkContent(doc, (operation.requestBody as Json).content, `${where} body`);
      }
    }
  });

  test('component schemas are valid JSON Schema objects and errors point at the Problem schema', () => {
    const schemas = (doc.components as Json).schemas as Json;
    for (const [name, schema] of Object.entries(schemas)) checkSchema(doc, schema, name);
    const create = ((doc.paths as Json)['/transactions'] as Json).post as Json;
    const responses = create.responses as Json;
    for (const status of ['401', '409', '422']) {
      assert.deepEqual(((responses[status] as Json).content as Json)['application/problem+json'], {
        schema: { $ref: '#/components/schemas/Problem' },
      });
    }
  });

  test('the request schemas are the validation schemas: the create body lists its fields and forbids others', () => {
    const create = ((doc.paths as Json)['/transactions'] as Json).post as Json;
    const schema = (((create.requestBody as Json).content as Json)['application/json'] as Json)
      .schema as Json;
    assert.deepEqual(Object.keys(schema.properties as Json).sort(), [
      'amount',
      'capture_method',
      'currency',
      'customer',
      'customer_id',
      'description',
      'landing_url',
      'metadata',
      'off_session',
      'order_reference',
      'payment_method',
      'payment_method_id',
      'provider_id',
      'save_payment_method',
    ]);
    // customer and payment_method may be left out for a saved customer and card (S18): checked as rules.
    assert.deepEqual((schema.required as string[]).sort(), ['amount', 'currency']);
    assert.equal(schema.additionalProperties, false);
  });

  test('documents the transaction.updated event with its signature header', () => {
    const webhook = ((doc.webhooks as Json)['transaction.updated'] as Json).post as Json;
    assert.ok((webhook.parameters as Json[]).some((p) => p.name === 'Payport-Signature'));
  });
});
