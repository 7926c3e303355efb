import ipaddr from 'ipaddr.js';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'cloud-metadata'
  | 'reserved'
  | 'tunnel'
  | 'invalid';

/** Instance-metadata endpoints of the major clouds; refused even when a wider allow entry covers them. */
const METADATA = [
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
  '169.254.169.253', // AWS DNS resolver
  '169.254.170.2', // AWS ECS task metadata
  '169.254.170.23', // AWS EKS pod identity
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer (a public address, so no range check catches it)
  '169.254.0.23', // Tencent Cloud
  '192.0.0.192', // Oracle Cloud Classic
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS pod identity over IPv6
  'fd20:ce::254', // GCP over IPv6
  'fd00:c1::a9fe:a9fe', // OCI over IPv6
].map((a) => ipaddr.parse(a).toNormalizedString());

const V4_CLASS: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
};

const V6_CLASS: Record<string, AddressClass> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  deprecatedSiteLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  '6to4': 'tunnel',
  teredo: 'tunnel',
};

const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

export type Classified = {
  address: string;
  class: AddressClass;
  metadata: boolean;
  embedded?: string;
};

/**
 * What kind of destination an IP address is. IPv6 forms that carry an IPv4 address (mapped,
 * translated, NAT64, the deprecated compatible form) are judged by the IPv4 address inside.
 */
export function classifyAddress(input: string): Classified {
  const text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(text)) return { address: input, class: 'invalid', metadata: false };
  const addr = ipaddr.parse(text);
  const normalized = addr.toNormalizedString();
  if (METADATA.includes(normalized))
    return { address: normalized, class: 'cloud-metadata', metadata: true };
  if (addr.kind() === 'ipv4') {
    return { address: normalized, class: V4_CLASS[addr.range()] ?? 'reserved', metadata: false };
  }
  const v6 = addr as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inner = classifyAddress(embedded);
    return { ...inner, address: normalized, embedded };
  }
  const range = v6.range();
  if (V6_CLASS[range]) return { address: normalized, class: V6_CLASS[range], metadata: false };
  // Only global unicast (2000::/3) outside every special range reaches the internet.
  if (range === 'unicast' && v6.match(GLOBAL_UNICAST))
    return { address: normalized, class: 'public', metadata: false };
  return { address: normalized, class: 'reserved', metadata: false };
}

function embeddedIPv4(v6: ipaddr.IPv6): string | null {
  const p = v6.parts;
  const tail = () => `${p[6] >> 8}.${p[6] & 0xff}.${p[7] >> 8}.${p[7] & 0xff}`;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  // ::ffff:0:a.b.c.d (RFC 6145 translated) and ::a.b.c.d (deprecated IPv4-compatible, not :: or ::1).
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0xffff && p[5] === 0)
    return tail();
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) return tail();
  if (v6.match(NAT64_WELL_KNOWN)) return tail();
  return null;
}

export const isIpLiteral = (host: string) => ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
