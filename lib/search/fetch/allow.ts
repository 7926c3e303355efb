import ipaddr from 'ipaddr.js';
import { AppError } from '../../errors';
import type { Classified } from './address';

export type AllowList = {
  hosts: Set<string>;
  ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  /** Exact addresses named in the list: the only way a cloud-metadata address is let through. */
  exact: Set<string>;
};

/** Parses ATELIER_FETCH_ALLOW entries: host names, IP addresses and CIDRs. */
export function parseAllowList(entries: string[]): AllowList {
  const list: AllowList = { hosts: new Set(), ranges: [], exact: new Set() };
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const entry = raw.replace(/^\[|\]$/g, '');
    if (entry.includes('/')) {
      try {
        const [addr, bits] = ipaddr.parseCIDR(entry);
        list.ranges.push([addr, bits]);
        if (bits === (addr.kind() === 'ipv4' ? 32 : 128)) list.exact.add(addr.toNormalizedString());
      } catch {
        throw new AppError('bad_request', `ATELIER_FETCH_ALLOW: "${raw}" is not a valid CIDR`);
      }
    } else if (ipaddr.isValid(entry)) {
      const addr = ipaddr.parse(entry);
      list.ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
      list.exact.add(addr.toNormalizedString());
    } else if (/^[a-z0-9.-]+$/i.test(entry)) {
      list.hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    } else {
      throw new AppError(
        'bad_request',
        `ATELIER_FETCH_ALLOW: "${raw}" is neither a host name, an address nor a CIDR`,
      );
    }
  }
  return list;
}

export const EMPTY_ALLOW: AllowList = { hosts: new Set(), ranges: [], exact: new Set() };

/** Whether a refused-by-default address may be fetched because the operator allowed it. */
export function isAllowed(list: AllowList, host: string, c: Classified): boolean {
  if (c.metadata) return list.exact.has(c.address);
  if (list.hosts.has(host.toLowerCase().replace(/\.$/, ''))) return true;
  const candidates = [ipaddr.parse(c.address), ...(c.embedded ? [ipaddr.parse(c.embedded)] : [])];
  return list.ranges.some(([range, bits]) =>
    candidates.some((a) => a.kind() === range.kind() && a.match(range, bits)),
  );
}
