/**
 * Posts one event to an endpoint over a connection to an address chosen beforehand (S14): the host
 * name is resolved and checked by the caller, and the socket goes to exactly that address (TLS still
 * verifies the certificate against the name). Redirects are not followed — a 3xx is just a failure.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { SIGNATURE_HEADER } from './event-signature.js';
import { ForbiddenTarget, resolveTarget, type EventTargetPolicy, type HostLookup } from './event-targets.js';

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

/** What one delivery attempt came to. */
export type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** Posts one signed event to `url` after checking where it goes (S14); never throws. */
export async function postEvent(
  policy: EventTargetPolicy,
  config: { fetch: typeof fetch | undefined; lookup: HostLookup; timeoutMs: number },
  url: string,
  body: string,
  signature: string,
): Promise<Outcome> {
  const headers = {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: signature,
    'user-agent': 'payport-events/1',
  };
  try {
    const target = new URL(url);
    const address = await resolveTarget(target, policy, config.lookup);
    let status: number;
    if (config.fetch) {
      const response = await config.fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      status = response.status;
    } else {
      status = (await postPinned(target, address, headers, body, config.timeoutMs)).status;
    }
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `the endpoint answered HTTP ${status}` };
  } catch (err) {
    const error = err as Error;
    if (error instanceof ForbiddenTarget) return { ok: false, status: null, error: error.message };
    const reason =
      error.name === 'TimeoutError' || error.name === 'AbortError'
        ? `no answer within ${config.timeoutMs} ms`
        : describeNetworkError(error);
    return { ok: false, status: null, error: reason };
  }
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? (error as { code?: string }).code ?? cause?.message ?? error.message;
  return `could not reach the endpoint (${detail})`.slice(0, 500);
}
