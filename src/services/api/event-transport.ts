/**
 * Posts one event to an endpoint over a connection to an address chosen beforehand (S14): the host
 * name is resolved and checked by the caller, and the socket goes to exactly that address (TLS still
 * verifies the certificate against the name). Redirects are not followed — a 3xx is just a failure.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** What one POST came back with. */
export interface TransportAnswer {
  status: number;
}

/** One POST to `url` through `address`, with a time limit covering connect, send and the status line. */
export function postPinned(
  url: URL,
  target: { address: string; family: number },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<TransportAnswer> {
  // The resolver the socket uses answers with the checked address, whatever the name resolves to now.
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [target]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup,
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on('response', (response) => {
      // The answer's body means nothing to us; drop it so the connection is freed.
      response.resume();
      response.on('error', () => undefined);
      resolve({ status: response.statusCode ?? 0 });
      request.destroy();
    });
    request.on('error', reject);
    request.end(body);
  });
}
