/**
 * Requests get their logger only when they log (src/http/request-logger.ts): lines at enabled levels
 * still carry the request id, lines below the level cost no child logger.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { createLogger } from '../../src/observability/logger.js';
import { requestLoggerFactory } from '../../src/http/request-logger.js';
import { createTestPayport } from '../support/payport.js';

function capture(level: 'info' | 'warn') {
  const lines: string[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<typeof child>) => {
    children++;
    return child(...args);
  }) as typeof logger.child;
  return { logger: logger as unknown as FastifyBaseLogger, lines, children: () => children };
}

test('a line below the level makes no child logger; a line at it carries the request id', () => {
  const { logger, lines, children } = capture('warn');
  const log = requestLoggerFactory.call(
    undefined as never,
    logger,
    { reqId: 'req-7' },
    {},
    undefined as never,
  );
  log.info({ a: 1 }, 'not written');
  log.debug('not written either');
  assert.equal(children(), 0);
  assert.deepEqual(lines, []);
  log.warn({ channel: 'webhook' }, 'written');
  log.error('written too');
  assert.equal(children(), 1, 'one child, made on the first line written');
  assert.equal(lines.length, 2);
  for (const line of lines) assert.equal(JSON.parse(line).reqId, 'req-7');
  assert.equal(JSON.parse(lines[0]!).channel, 'webhook');
});

test('a level set on the request logger applies to it alone', () => {
  const { logger, lines } = capture('warn');
  const log = requestLoggerFactory.call(
    undefined as never,
    logger,
    { reqId: 'req-8' },
    {},
    undefined as never,
  );
  assert.equal(log.level, 'warn');
  log.level = 'info';
  log.info('now written');
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]!).reqId, 'req-8');
  assert.equal(logger.level, 'warn');
});

test("the app's request lines carry one request id each", async () => {
  const pp = await createTestPayport();
  try {
    const from = pp.logs.length;
    const res = await pp.running.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    const lines = pp.logs.slice(from).map((line) => JSON.parse(line) as { reqId?: string; msg: string });
    assert.ok(lines.length >= 2, JSON.stringify(lines));
    const ids = new Set(lines.map((line) => line.reqId));
    assert.equal(ids.size, 1);
    assert.ok([...ids][0], 'the request id is there');
  } finally {
    await pp.close();
  }
});
