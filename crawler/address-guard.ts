// SSRF guard: the crawler follows attacker-written URLs, so every seed, followed link, redirect
// hop and browser request is checked before a connection is opened. Non-http(s) schemes are always
// refused; loopback, private, link-local and other special-purpose addresses are refused unless
// the user passed --allow-private-hosts. Names are resolved and every address must pass, and the
// fetcher connects through `guardedLookup` so a DNS answer cannot change between check and connect.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { UnsafeUrlError } from './errors.ts';

const BLOCKED = new BlockList();
// IPv4 special-purpose ranges (RFC 6890 and friends).
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

export interface GuardOptions {
  /** Allow loopback/private/link-local targets (tests, the demo, intranet studies). @default false */
  allowPrivateHosts?: boolean;
  /** Exact addresses allowed despite the policy (tests only: one loopback server). */
  allowAddresses?: readonly string[];
}

/** True when an IP address is loopback, private, link-local, multicast or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible and NAT64 forms carry an IPv4 target.
  const embedded = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (embedded) return isPrivateAddress(embedded[1]!);
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const hi = Number.parseInt(mappedHex[1]!, 16);
    const lo = Number.parseInt(mappedHex[2]!, 16);
    return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return BLOCKED.check(lower, 'ipv6');
}

function addressAllowed(address: string, options: GuardOptions): boolean {
  if (options.allowPrivateHosts) return true;
  if (options.allowAddresses?.includes(address)) return true;
  return !isPrivateAddress(address);
}

function bareHostname(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.replace(/^\[|\]$/g, '');
}

function lookupAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}

/**
 * Checks a URL before anything is sent to it: scheme, then every address its host resolves to.
 * Throws UnsafeUrlError; DNS failures are left to the fetcher (they are network errors).
 */
export async function assertSafeUrl(raw: string, options: GuardOptions = {}): Promise<URL> {
  const url = assertSafeScheme(raw);
  const hostname = bareHostname(url);
  if (isIP(hostname)) {
    if (!addressAllowed(hostname, options)) throw refused(raw, hostname);
    return url;
  }
  if (options.allowPrivateHosts) return url;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) throw refused(raw, hostname);
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(hostname);
  } catch {
    return url; // unresolvable: the connection will fail as a network error, nothing to guard
  }
  for (const { address } of addresses) {
    if (!addressAllowed(address, options)) throw refused(raw, address);
  }
  return url;
}

/** The synchronous part of the guard: a parseable http(s) URL. */
export function assertSafeScheme(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError(`not a valid URL: ${raw.slice(0, 200)}`, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError(`refusing ${url.protocol} URL (only http and https are crawled)`, raw);
  }
  return url;
}

function refused(url: string, address: string): UnsafeUrlError {
  return new UnsafeUrlError(
    `refusing ${url}: ${address} is a loopback, private or link-local address (use --allow-private-hosts to crawl it)`,
    url,
  );
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` replacement for socket connections: resolves, then refuses blocked addresses, so
 * the address that was checked is the address connected to (no DNS-rebinding window).
 */
export function guardedLookup(options: GuardOptions) {
  return (hostname: string, lookupOptions: { all?: boolean }, callback: LookupCallback): void => {
    lookupAll(hostname).then(
      (addresses) => {
        const bad = addresses.find((a) => !addressAllowed(a.address, options));
        if (bad) {
          const error = new UnsafeUrlError(
            `refusing connection to ${hostname}: ${bad.address} is not public`,
          );
          callback(error as unknown as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
