import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { createTestPayport, type TestPayport } from '../support/payport.js';

let pp: TestPayport;
before(async () => {
  pp = await createTestPayport();
});
after(() => pp.close());

describe('the site root and its icon', () => {
  test('/ sends the visitor to the back office instead of a 404', async () => {
    const res = await pp.running.app.inject('/');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/admin');
  });

  test('serves an SVG icon at /favicon.ico and /favicon.svg', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const res = await pp.running.app.inject(path);
      assert.equal(res.statusCode, 200, path);
      assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
      assert.match(res.body, /^<svg /);
    }
  });

  test('every page links the icon, customer and back-office pages alike', async () => {
    for (const path of ['/admin/login', '/pay/unknown-link', '/payment/status']) {
      const res = await pp.running.app.inject(path);
      assert.match(res.body, /<link rel="icon" type="image\/svg\+xml" href="\/favicon.svg" \/>/, path);
    }
  });

  test('the APS simulator answers its own icon', async () => {
    const sim = createSimulator({ logger: false });
    try {
      const res = await sim.app.inject('/favicon.ico');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
    } finally {
      await sim.close();
    }
  });
});
