import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which network addresses a fetch may connect to. Only ordinary public unicast addresses pass; everything a
 * server-side request forgery would aim at (loopback, RFC 1918, CGNAT, unique-local, link-local, multicast,
 * unspecified, reserved ranges, cloud metadata endpoints) is refused. IPv4-mapped IPv6 (::ffff:10.0.0.1) is
 * judged as the IPv4 address it maps, and NAT64 / 6to4 addresses by the IPv4 address they embed.
 */

/** Cloud metadata services: refused even with allowPrivate, because no news source lives there. */
export const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '169.254.170.2']);
export const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** Strips the brackets a URL puts around an IPv6 host, a trailing dot, and lower-cases. */
export function normalizeHost(host: string): string {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

export function isIpLiteral(host: string): boolean {
  return isIP(normalizeHost(host).replace(/%.*$/, '')) !== 0;
}

function v4Reason(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  if (range === 'unicast') return null;
  const names: Record<string, string> = {
    unspecified: 'an unspecified address',
    broadcast: 'the broadcast address',
    multicast: 'a multicast address',
    linkLocal: 'a link-local address',
    loopback: 'a loopback address',
    carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
    private: 'a private (RFC 1918) address',
  };
  return names[range] ?? `a reserved address (${range})`;
}

/**
 * Why an address may not be fetched, or null when it may. `allowPrivate` lifts every rule except the
 * metadata endpoints. An unparseable address is refused.
 */
export function blockedReason(address: string, opts: { allowPrivate?: boolean } = {}): string | null {
  const a = normalizeHost(address).replace(/%.*$/, ''); // zone index (fe80::1%eth0)
  if (!ipaddr.isValid(a)) return `"${address}" is not an IP address`;
  let ip = ipaddr.process(a); // IPv4-mapped IPv6 → IPv4
  if (METADATA_ADDRESSES.has(ip.toString()) || METADATA_ADDRESSES.has(ip.toNormalizedString())) {
    return 'a cloud metadata address';
  }
  if (opts.allowPrivate) return null;
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const range = v6.range();
    if (range === 'unicast') return null;
    const bytes = v6.toByteArray();
    // NAT64 (64:ff9b::/96) carries the IPv4 address in its last 32 bits; 6to4 (2002::/16) in bits 16–48.
    if (range === 'rfc6052') ip = ipaddr.fromByteArray(bytes.slice(12, 16));
    else if (range === '6to4') ip = ipaddr.fromByteArray(bytes.slice(2, 6));
    else {
      const names: Record<string, string> = {
        unspecified: 'an unspecified address',
        loopback: 'a loopback address',
        linkLocal: 'a link-local address',
        uniqueLocal: 'a unique-local (fc00::/7) address',
        multicast: 'a multicast address',
      };
      return names[range] ?? `a reserved address (${range})`;
    }
    if (METADATA_ADDRESSES.has(ip.toString())) return 'a cloud metadata address';
  }
  return v4Reason(ip as ipaddr.IPv4);
}

/** Why a host name may not be fetched before it is even resolved (metadata names), or null. */
export function blockedHostname(host: string): string | null {
  const h = normalizeHost(host);
  if (METADATA_HOSTNAMES.has(h)) return 'a cloud metadata host';
  return null;
}
