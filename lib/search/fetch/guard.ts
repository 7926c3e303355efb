import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { classifyAddress, isIpLiteral } from './address';
import { type AllowList, isAllowed } from './allow';
import { displayUrl, FetchError } from './errors';

/** Host name → every address it resolves to (A and AAAA). Injectable so tests never touch DNS. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((r) => r.address);

export type VettedTarget = { url: URL; address: string; family: 4 | 6 };

/** `''` is the scheme's own port. Other ports of a public host are its mail, database, admin… */
const WEB_PORTS = new Set(['', '80', '443']);

/**
 * Checks the URL's form, resolves its host once and refuses it unless every address is acceptable
 * and the port is 80 or 443, or the operator allowed every address (ATELIER_FETCH_ALLOW).
 */
export async function vetUrl(
  raw: string | URL,
  allow: AllowList,
  resolve: Resolver,
): Promise<VettedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(
      'scheme',
      String(raw),
      `"${String(raw).slice(0, 200)}" is not a valid URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      'scheme',
      url.href,
      `only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, '')}`,
    );
  }
  if (url.username || url.password)
    throw new FetchError(
      'scheme',
      url.href,
      `${displayUrl(url)}: URLs with credentials are not fetched`,
    );
  url.hash = '';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIpLiteral(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      throw new FetchError(
        'network',
        url.href,
        `${displayUrl(url)}: the host ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (!addresses.length)
      throw new FetchError(
        'network',
        url.href,
        `${displayUrl(url)}: the host ${host} has no address`,
      );
  }
  // Every address must pass: a name that mixes public and private answers is a rebinding attempt.
  const checked = addresses.map(classifyAddress);
  for (const c of checked) {
    if (c.class === 'public' || isAllowed(allow, host, c)) continue;
    const what = c.class === 'invalid' ? 'an invalid' : `a ${c.class}`;
    const hint = c.metadata ? '' : ' (ATELIER_FETCH_ALLOW can allow it)';
    throw new FetchError(
      'address',
      url.href,
      `refused to fetch ${displayUrl(url)}: ${c.address}${c.embedded ? ` (${c.embedded})` : ''} is ${what} address${hint}`,
    );
  }
  if (!WEB_PORTS.has(url.port) && !checked.every((c) => isAllowed(allow, host, c))) {
    throw new FetchError(
      'port',
      url.href,
      `refused to fetch ${displayUrl(url)}: port ${url.port} is not 80 or 443 (ATELIER_FETCH_ALLOW can allow its host on any port)`,
    );
  }
  const first = checked[0];
  return { url, address: first.address, family: first.address.includes(':') ? 6 : 4 };
}

/**
 * A `lookup` for the socket that answers with the vetted address whatever name it is asked about,
 * so the connection goes exactly where the check said (no second DNS answer can rebind it).
 */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((
    _hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}
