/**
 * Where events may be sent (S14 "Event endpoints (SSRF)"). Any API key can name an endpoint URL, and
 * the delivery log tells timeouts from refusals from HTTP statuses: without a guard that is a port
 * scanner of payport's own network. So only globally routable unicast addresses are allowed — checked
 * on literal addresses (and `localhost`) when an endpoint is created, and on the resolved addresses of
 * names at delivery time, where the connection then goes to the very address that was checked (so a
 * DNS answer that changes in between cannot slip a private address in).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { ValidationError } from '../../errors.js';

/**
 * What event endpoints may reach: `public` (default) only global unicast addresses; `loopback` also this
 * machine (`--demo`); `private` anything (`PAYPORT_EVENT_ALLOW_PRIVATE=true`, on-premises receivers).
 */
export type EventTargetPolicy = 'public' | 'loopback' | 'private';

/** Resolves a host name to its addresses (the seam tests replace; the default asks the system). */
export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver, every address of the name. */
export const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/** The host of a URL without IPv6 brackets or a trailing dot, lower-cased. */
function bareHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Why an address is refused under the policy, or null when it is allowed. */
export function refusedAddress(address: string, policy: EventTargetPolicy): string | null {
  if (policy === 'private') return null;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'is not an IP address';
  }
  let range = parsed.range();
  if (parsed.kind() === 'ipv6' && range !== 'loopback' && range !== 'unspecified') {
    const v6 = parsed as ipaddr.IPv6;
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses reach the IPv4 inside them.
    const compatible = v6.parts.slice(0, 6).every((part) => part === 0);
    if (v6.isIPv4MappedAddress() || compatible) {
      const inner = new ipaddr.IPv4(v6.toByteArray().slice(12));
      if (policy === 'loopback' && inner.range() === 'loopback') return null;
      return `is an IPv4-mapped or -compatible address (${inner.toString()})`;
    }
  }
  if (range === 'unicast') return null;
  if (policy === 'loopback' && range === 'loopback') return null;
  if (range === 'uniqueLocal') range = 'private';
  return `is a ${range} address`;
}

function refuse(url: string, reason: string, field: string): ValidationError {
  return new ValidationError(
    `The endpoint URL's host ${reason}; events go only to publicly reachable addresses (set PAYPORT_EVENT_ALLOW_PRIVATE=true for a receiver on your own network).`,
    [{ field, message: `${url}: host ${reason}` }],
  );
}

/**
 * Refuses, with a ValidationError (422), a URL whose host is a forbidden literal address in any
 * spelling (the URL parser has already turned decimal, hex, octal and short IPv4 forms into dotted
 * quads) or a `localhost` name. Other names are checked when they are resolved, at delivery.
 */
export function checkEndpointHost(url: URL, policy: EventTargetPolicy, field = 'url'): void {
  if (policy === 'private') return;
  const host = bareHost(url);
  if (isLocalhostName(host)) {
    if (policy === 'loopback') return;
    throw refuse(url.toString(), 'is a loopback name', field);
  }
  if (!ipaddr.isValid(host)) return;
  const reason = refusedAddress(host, policy);
  if (reason) throw refuse(url.toString(), reason, field);
}

/** An endpoint whose host resolved to an address the policy forbids; nothing was sent. */
export class ForbiddenTarget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenTarget';
  }
}

/**
 * The address to connect to for `url`: its literal address, or the first address its name resolves to,
 * after checking every resolved address (one forbidden answer is enough to refuse: a name that mixes
 * public and private answers is an attack or a mistake).
 */
export async function resolveTarget(
  url: URL,
  policy: EventTargetPolicy,
  lookup: HostLookup = systemLookup,
): Promise<{ address: string; family: number }> {
  const host = bareHost(url);
  if (ipaddr.isValid(host) && (ipaddr.IPv4.isValidFourPartDecimal(host) || host.includes(':'))) {
    const reason = refusedAddress(host, policy);
    if (reason) throw new ForbiddenTarget(`the endpoint's address ${reason}; not sent`);
    return { address: host, family: host.includes(':') ? 6 : 4 };
  }
  if (isLocalhostName(host) && policy === 'public') {
    throw new ForbiddenTarget('the endpoint is a loopback name; not sent');
  }
  const addresses = await lookup(host);
  if (addresses.length === 0) throw new ForbiddenTarget(`${host} did not resolve`);
  for (const { address } of addresses) {
    const reason = refusedAddress(address, policy);
    if (reason) throw new ForbiddenTarget(`${host} resolves to an address that ${reason}; not sent`);
  }
  return addresses[0]!;
}
