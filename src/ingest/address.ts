import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which network addresses a fetch may connect to. Only ordinary public unicast addresses pass; everything a
 * server-side request forgery would aim at (loopback, RFC 1918, CGNAT, unique-local, site-local, link-local,
 * multicast, unspecified, reserved and unallocated ranges, cloud metadata endpoints) is refused.
 *
 * An IPv6 address that carries an IPv4 address inside it is judged by the IPv4 address it carries, because
 * that is where the packets end up: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated),
 * IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48), 6to4 (2002::/16)
 * and Teredo (2001::/32: server and client address). The ranges are the ones ipaddr.js names (`range()`).
 */

/** Cloud metadata services: refused even with allowPrivate, because no news source lives there. */
export const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, DigitalOcean, OpenStack, Hetzner…
  '169.254.170.2', // AWS ECS task metadata
  '169.254.170.23', // AWS EKS Pod Identity
  '169.254.0.23', // Tencent Cloud
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (legacy)
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS Pod Identity over IPv6
]);
export const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal', 'metadata.tencentyun.com']);

/** The metadata addresses in ipaddr's normalised form, so any spelling of them (fd00:ec2:0::254) matches. */
const METADATA_NORMALIZED = new Set([...METADATA_ADDRESSES].map((a) => ipaddr.parse(a).toNormalizedString()));

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

function isMetadata(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return METADATA_NORMALIZED.has(ip.toNormalizedString());
}

const V4_NAMES: Record<string, string> = {
  unspecified: 'an unspecified (0.0.0.0/8) address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  private: 'a private (RFC 1918) address',
};

function v4Reason(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  if (range === 'unicast') return null;
  return V4_NAMES[range] ?? `a reserved address (${range})`;
}

const V6_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local (fc00::/7) address',
  deprecatedSiteLocal: 'a site-local (fec0::/10) address',
  multicast: 'a multicast address',
};

/** An IPv6 form that carries IPv4 addresses, and whether the form itself is routed on the public Internet. */
export interface EmbeddedIPv4 {
  /** A noun phrase naming the form, e.g. "a 6to4 address (2002::/16)". */
  form: string;
  /** The IPv4 addresses the packets may end up at (several when the form is ambiguous, as local-use NAT64). */
  addresses: ipaddr.IPv4[];
  /** True when the IPv4 address may sit at several places and `addresses` lists every candidate. */
  ambiguous?: boolean;
  /** False for forms that are never a public destination (deprecated or local-use), refused without allowPrivate. */
  publicForm: boolean;
}

const v4At = (b: number[], idx: number[]) => new ipaddr.IPv4(idx.map((i) => b[i]));
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/** The IPv4 address(es) an IPv6 address embeds, or null when it embeds none. */
export function embeddedIPv4(ip: ipaddr.IPv6): EmbeddedIPv4 | null {
  const b = ip.toByteArray();
  const last32 = [12, 13, 14, 15];
  switch (ip.range()) {
    case 'ipv4Mapped':
      return { form: 'an IPv4-mapped IPv6 address', addresses: [v4At(b, last32)], publicForm: true };
    case 'rfc6145':
      return { form: 'an IPv4-translated IPv6 address (::ffff:0:0/96)', addresses: [v4At(b, last32)], publicForm: false };
    case 'rfc6052':
      if (ip.match(NAT64_WELL_KNOWN)) return { form: 'a NAT64 address (64:ff9b::/96)', addresses: [v4At(b, last32)], publicForm: true };
      // Local-use NAT64 (RFC 8215): the operator picks a prefix of /48 or longer inside 64:ff9b:1::/48, and the
      // IPv4 address sits after it (RFC 6052 section 2.2, skipping bits 64–71), so every placement is a candidate.
      return {
        form: 'a local-use NAT64 address (64:ff9b:1::/48)',
        addresses: [[6, 7, 9, 10], [7, 9, 10, 11], [9, 10, 11, 12], last32].map((idx) => v4At(b, idx)),
        publicForm: false,
        ambiguous: true,
      };
    case '6to4':
      return { form: 'a 6to4 address (2002::/16)', addresses: [v4At(b, [2, 3, 4, 5])], publicForm: true };
    case 'teredo': {
      // 2001:0:<server IPv4>:<flags>:<port ^ 0xffff>:<client IPv4 ^ 0xffffffff>; the client is the destination.
      const client = new ipaddr.IPv4(last32.map((i) => b[i] ^ 0xff));
      return { form: 'a Teredo address (2001::/32)', addresses: [client, v4At(b, [4, 5, 6, 7])], publicForm: true };
    }
    case 'unicast':
      // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291); :: and ::1 have their own ranges.
      if (b.slice(0, 12).every((x) => x === 0)) return { form: 'an IPv4-compatible IPv6 address (::/96, deprecated)', addresses: [v4At(b, last32)], publicForm: false };
      return null;
    default:
      return null;
  }
}

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Why an address may not be fetched, or null when it may. `allowPrivate` lifts every rule except the
 * metadata endpoints, which stay refused however they are spelled or wrapped. An unparseable address is refused.
 */
export function blockedReason(address: string, opts: { allowPrivate?: boolean } = {}): string | null {
  const a = normalizeHost(address).replace(/%.*$/, ''); // zone index (fe80::1%eth0)
  if (!ipaddr.isValid(a)) return `"${address}" is not an IP address`;
  const ip = ipaddr.parse(a);
  if (isMetadata(ip)) return 'a cloud metadata address';
  if (ip.kind() === 'ipv4') return opts.allowPrivate ? null : v4Reason(ip as ipaddr.IPv4);

  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inside = (reason: string, v4: ipaddr.IPv4) => `${reason} (${v4.toString()} inside ${embedded.form})`;
    const metadata = embedded.addresses.find(isMetadata);
    if (metadata) return inside('a cloud metadata address', metadata);
    // Where the placement is ambiguous (local-use NAT64) the candidates are only checked for metadata above:
    // the other placements read unrelated bits, and the form is refused as a whole below anyway.
    if (!opts.allowPrivate && !embedded.ambiguous) {
      for (const v4 of embedded.addresses) {
        const reason = v4Reason(v4);
        if (reason) return inside(reason, v4);
      }
    }
    if (opts.allowPrivate || embedded.publicForm) return null;
    return `${embedded.form}, which is not publicly routed`;
  }
  if (opts.allowPrivate) return null;
  const range = v6.range();
  if (range === 'unicast') return v6.match(GLOBAL_UNICAST) ? null : 'an unallocated IPv6 address (outside 2000::/3)';
  return V6_NAMES[range] ?? `a reserved address (${range})`;
}

/** Why a host name may not be fetched before it is even resolved (metadata names), or null. */
export function blockedHostname(host: string): string | null {
  const h = normalizeHost(host);
  if (METADATA_HOSTNAMES.has(h)) return 'a cloud metadata host';
  return null;
}
