/**
 * The circuit breaker of event endpoints (S14 "Isolation"): failures in a row open it for a cool-down
 * that doubles while the endpoint keeps failing; while it is closed it never lets more deliveries run
 * than could fail before it opens, and after a cool-down it lets one through.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EndpointBreaker } from '../../../src/services/api/endpoint-breaker.js';

const options = { threshold: 5, cooldownMs: 1_000, maxCooldownMs: 3_000 };

function breakerAt(): { breaker: EndpointBreaker; clock: { now: number } } {
  const clock = { now: 10_000 };
  return { breaker: new EndpointBreaker(options, () => clock.now), clock };
}

describe('endpoint breaker', () => {
  test('an endpoint never seen has all its room and a closed circuit', () => {
    const { breaker } = breakerAt();
    assert.equal(breaker.room('a'), 5);
    assert.deepEqual(breaker.open(), []);
  });

  test('each failure in a row takes one delivery of room; the fifth opens the circuit with no room left', () => {
    const { breaker } = breakerAt();
    for (let i = 1; i <= 4; i++) {
      breaker.record('a', false);
      assert.equal(breaker.room('a'), 5 - i);
      assert.deepEqual(breaker.open(), []);
    }
    breaker.record('a', false);
    assert.equal(breaker.room('a'), 0);
    assert.deepEqual(breaker.open(), ['a']);
    assert.equal(breaker.room('b'), 5, 'another endpoint is not touched');
  });

  test('a success in between starts the count again', () => {
    const { breaker } = breakerAt();
    for (let i = 0; i < 4; i++) breaker.record('a', false);
    breaker.record('a', true);
    assert.equal(breaker.room('a'), 5);
    for (let i = 0; i < 4; i++) breaker.record('a', false);
    assert.deepEqual(breaker.open(), []);
  });

  test('after the cool-down one delivery goes; its failure opens the circuit again for twice as long, at most the maximum', () => {
    const { breaker, clock } = breakerAt();
    for (let i = 0; i < 5; i++) breaker.record('a', false);
    clock.now += 999;
    assert.deepEqual(breaker.open(), ['a']);
    clock.now += 1;
    assert.deepEqual(breaker.open(), []);
    assert.equal(breaker.room('a'), 1, 'a single delivery after the cool-down');
    breaker.record('a', false);
    assert.deepEqual(breaker.open(), ['a']);
    clock.now += 1_999;
    assert.deepEqual(breaker.open(), ['a'], 'the second cool-down is 2 s');
    clock.now += 1;
    breaker.record('a', false);
    clock.now += 2_999;
    assert.deepEqual(breaker.open(), ['a'], 'the third is capped at 3 s');
    clock.now += 1;
    assert.deepEqual(breaker.open(), []);
    breaker.record('a', true);
    assert.equal(breaker.room('a'), 5, 'a success closes it for good');
  });

  test('deliveries started within the room can never make more than five failures in a row', () => {
    // Any order of starts, results and cool-downs: a start takes room, a result gives it back.
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const { breaker, clock } = breakerAt();
      let inFlight = 0;
      let inARow = 0;
      for (let step = 0; step < 60; step++) {
        if (random() < 0.1) clock.now += 1_500;
        if (inFlight < breaker.room('a') && random() < 0.6) {
          inFlight += 1;
        } else if (inFlight > 0) {
          inFlight -= 1;
          const ok = random() < 0.2;
          breaker.record('a', ok);
          inARow = ok ? 0 : inARow + 1;
          assert.ok(inARow <= 5, `run ${run}: ${inARow} failures in a row before the circuit opened`);
          if (breaker.open().length > 0) inARow = 0;
        }
      }
    }
  });
});
