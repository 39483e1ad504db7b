/**
 * Slow clients are cut off (S14 "Slow and large clients"): a request whose body trickles in is answered
 * 408 and its connection closed once the request time limit passes, so a few thousand such clients
 * cannot hold payport's file descriptors. The limit is shortened here; production waits 30 s.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CLIENT_TIMEOUTS } from '../../src/http/app.js';
import { startSecurityApp, type SecurityApp } from './harness.js';

const REQUEST_MS = 400;

/** Opens a socket, sends `head`, then one byte of body every `everyMs` until the server closes it. */
function trickle(
  port: number,
  head: string,
  everyMs: number,
): Promise<{ answer: string; bytesSent: number }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let bytesSent = 0;
    let timer: NodeJS.Timeout | undefined;
    // A safety net only: the assertion is on what the server did, not on how fast.
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 20 s (${bytesSent} bytes sent)`));
    }, 20_000);
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write('a');
        bytesSent += 1;
      }, everyMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, bytesSent });
    });
  });
}

describe('slow clients', () => {
  let s: SecurityApp & { address: string };
  let port: number;

  before(async () => {
    s = await startSecurityApp({
      listen: true,
      http: { timeouts: { requestMs: REQUEST_MS, headersMs: REQUEST_MS } },
    });
    port = Number(new URL(s.address).port);
  });
  after(() => s.close());

  test('production cuts off a body that has not arrived within 30 seconds', () => {
    assert.equal(DEFAULT_CLIENT_TIMEOUTS.requestMs, 30_000);
    assert.ok(DEFAULT_CLIENT_TIMEOUTS.headersMs <= DEFAULT_CLIENT_TIMEOUTS.requestMs);
  });

  test('a webhook body trickling in one byte at a time is answered 408 and the connection closed', async () => {
    const before = await s.notificationCount();
    const head =
      'POST /payment/aps/webhook HTTP/1.1\r\nHost: shop.example.com\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n';
    const { answer, bytesSent } = await trickle(port, head, 50);
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(bytesSent < 10_000, 'cut off long before the body was complete');
    assert.equal(await s.notificationCount(), before, 'nothing stored');
  });

  test('headers trickling in are cut off the same way', async () => {
    const { answer } = await trickle(port, 'GET /healthz HTTP/1.1\r\nHost: shop.example.com\r\nX-Slow: ', 50);
    assert.match(answer, /^HTTP\/1\.1 408/);
  });

  test('a client that is merely quick enough is served', async () => {
    const res = await fetch(`${s.address}/healthz`);
    assert.equal(res.status, 200);
  });
});
