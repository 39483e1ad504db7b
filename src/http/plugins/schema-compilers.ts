/**
 * Fastify's JSON Schema compilers (Ajv for validation, fast-json-stringify for serialisation), loaded on
 * first use. payport's routes validate their input with their own schemas (the API's zod schemas, the
 * APS message reader, the form readers) and give Fastify none, but Fastify loads both compilers when an
 * app is built unless it is handed factories: some 120 modules and 600 KB of source that every
 * running server would keep in memory without using. These factories load Fastify's own compilers, as
 * Fastify would, the first time a route with a JSON Schema is registered (a plugin's, say).
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type Factory = (...args: unknown[]) => unknown;

/** Factories for Fastify's `schemaController.compilersFactory` that load the default compilers lazily. */
export function lazySchemaCompilers(): Required<CompilersFactory> {
  // Resolved from Fastify's own folder: these are its dependencies, not payport's.
  const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
  let validator: Factory | undefined;
  let serializer: Factory | undefined;
  const buildValidator: Factory = (...args) =>
    (validator ??= (fastifyRequire('@fastify/ajv-compiler') as () => Factory)())(...args);
  const buildSerializer: Factory = (...args) =>
    (serializer ??= (fastifyRequire('@fastify/fast-json-stringify-compiler') as () => Factory)())(...args);
  return { buildValidator, buildSerializer } as Required<CompilersFactory>;
}
