import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request, errors as undiciErrors } from 'undici';
import { keyedLimiter } from '../concurrency';
import { type AllowList, EMPTY_ALLOW } from './allow';
import { displayUrl, FetchError } from './errors';
import { pinnedLookup, type Resolver, systemResolver, vetUrl } from './guard';
import { RobotsCache } from './robots';

/** What a caller may receive: pages are HTML, text or PDF; the crawler also reads sitemaps. */
export type Accept = 'page' | 'sitemap' | 'robots';

const ACCEPTED: Record<Accept, RegExp> = {
  page: /^(text\/html|application\/xhtml\+xml|text\/plain|text\/markdown|application\/pdf)$/,
  sitemap: /^(application\/xml|text\/xml|application\/rss\+xml|text\/plain)$/,
  // Served as text/html often enough; the parser ignores what is not a rule.
  robots: /^/,
};

export type FetcherOptions = {
  allow?: AllowList;
  resolve?: Resolver;
  robots?: boolean;
  userAgent?: string;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  perHost?: number;
};

export type FetchRequest = {
  accept?: Accept;
  /** Validators of the copy the caller holds; a 304 answer comes back as `notModified`. */
  validators?: { etag?: string | null; lastModified?: string | null };
  signal?: AbortSignal;
};

export type Fetched = {
  url: string;
  finalUrl: string;
  status: number;
  notModified: boolean;
  /** The media type without parameters, e.g. `text/html`. */
  mime: string;
  charset: string | null;
  body: Buffer;
  sha256: string;
  bytes: number;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: Date;
  redirects: string[];
};

export const DEFAULT_USER_AGENT =
  'AtelierBot/0.1 (+https://github.com/atelier; research for a design workspace)';

/**
 * The only way lib/search reaches the network. Every hop (first request and each redirect) is
 * resolved, vetted against the address policy and connected to the vetted address; robots.txt is
 * honoured per hop; size, time and media type are capped; requests per host are limited.
 */
export class SafeFetcher {
  readonly allow: AllowList;
  private readonly resolve: Resolver;
  private readonly robots: RobotsCache | null;
  private readonly userAgent: string;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly perHost: ReturnType<typeof keyedLimiter>;

  constructor(opts: FetcherOptions = {}) {
    this.allow = opts.allow ?? EMPTY_ALLOW;
    this.resolve = opts.resolve ?? systemResolver;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxRedirects = opts.maxRedirects ?? 5;
    this.perHost = keyedLimiter(opts.perHost ?? 2);
    this.robots =
      opts.robots === false
        ? null
        : new RobotsCache(this.userAgent, async (robotsUrl) => {
            const r = await this.fetch(robotsUrl, { accept: 'robots' });
            return { status: r.status, text: r.body.toString('utf8') };
          });
  }

  async fetch(url: string, req: FetchRequest = {}): Promise<Fetched> {
    const accept = req.accept ?? 'page';
    const timer = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timer]) : timer;
    const redirects: string[] = [];
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = await vetUrl(current, this.allow, this.resolve);
      if (this.robots && accept !== 'robots' && !(await this.robots.allows(target.url))) {
        throw new FetchError(
          'robots',
          target.url.href,
          `robots.txt of ${target.url.host} disallows ${displayUrl(target.url)}`,
        );
      }
      const res = await this.perHost(target.url.host, () =>
        this.once(
          target.url,
          target.address,
          target.family,
          hop === 0 ? req.validators : undefined,
          signal,
          timer,
          accept,
        ),
      );
      if ('redirect' in res) {
        if (hop >= this.maxRedirects)
          throw new FetchError(
            'redirects',
            url,
            `${displayUrl(url)}: more than ${this.maxRedirects} redirects`,
          );
        current = new URL(res.redirect, target.url).href;
        redirects.push(current);
        continue;
      }
      return { ...res.done, url: new URL(url).href, finalUrl: target.url.href, redirects };
    }
  }

  private async once(
    url: URL,
    address: string,
    family: 4 | 6,
    validators: FetchRequest['validators'],
    signal: AbortSignal,
    timer: AbortSignal,
    accept: Accept,
  ): Promise<{ redirect: string } | { done: Omit<Fetched, 'url' | 'finalUrl' | 'redirects'> }> {
    const agent = new Agent({
      connect: { lookup: pinnedLookup(address, family), timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    try {
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        accept: acceptHeader(accept),
        'accept-encoding': 'identity',
      };
      if (validators?.etag) headers['if-none-match'] = validators.etag;
      if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
      const res = await request(url, { dispatcher: agent, method: 'GET', headers, signal }).catch(
        (err) => {
          throw networkError(url, err, timer.aborted, this.timeoutMs);
        },
      );
      const location = header(res.headers, 'location');
      if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && location) {
        discard(res.body);
        return { redirect: location };
      }
      const { mime, charset } = mediaType(header(res.headers, 'content-type'));
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      if (ok && !ACCEPTED[accept].test(mime)) {
        discard(res.body);
        throw new FetchError(
          'content-type',
          url.href,
          `${displayUrl(url)}: ${mime || 'an unlabelled response'} is not HTML, text or PDF`,
        );
      }
      const declared = Number(header(res.headers, 'content-length') ?? NaN);
      if (declared > this.maxBytes) {
        discard(res.body);
        throw tooLarge(url, this.maxBytes);
      }
      const body = await readCapped(res.body, this.maxBytes, url).catch((err) => {
        throw err instanceof FetchError
          ? err
          : networkError(url, err, timer.aborted, this.timeoutMs);
      });
      const done = {
        status: res.statusCode,
        notModified: res.statusCode === 304,
        mime,
        charset,
        body,
        sha256: createHash('sha256').update(body).digest('hex'),
        bytes: body.length,
        etag: header(res.headers, 'etag'),
        lastModified: header(res.headers, 'last-modified'),
        fetchedAt: new Date(),
      };
      return { done };
    } finally {
      agent.close().catch(() => undefined);
    }
  }
}

function acceptHeader(accept: Accept): string {
  if (accept === 'robots') return 'text/plain';
  if (accept === 'sitemap') return 'application/xml, text/xml;q=0.9, text/plain;q=0.5';
  return 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, application/pdf;q=0.5';
}

const header = (h: IncomingHttpHeaders, name: string): string | null => {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
};

export function mediaType(value: string | null): { mime: string; charset: string | null } {
  if (!value) return { mime: '', charset: null };
  const [type, ...params] = value.split(';');
  const charset =
    params.map((p) => p.trim().match(/^charset="?([^";]+)"?$/i)?.[1]).find(Boolean) ?? null;
  return { mime: type.trim().toLowerCase(), charset: charset?.toLowerCase() ?? null };
}

/** Drops a body we will not read; its abort must not surface as an unhandled stream error. */
function discard(body: { on(event: 'error', fn: () => void): unknown; destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

const tooLarge = (url: URL, max: number) =>
  new FetchError(
    'size',
    url.href,
    `${displayUrl(url)} is larger than ${Math.round(max / 1024)} KiB`,
  );

async function readCapped(
  body: AsyncIterable<Buffer> & Parameters<typeof discard>[0],
  max: number,
  url: URL,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      discard(body);
      throw tooLarge(url, max);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

function networkError(url: URL, err: unknown, timedOut: boolean, timeoutMs: number): FetchError {
  if (err instanceof FetchError) return err;
  if (
    timedOut ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new FetchError(
      'timeout',
      url.href,
      `${displayUrl(url)} did not answer within ${Math.round(timeoutMs / 1000)} s`,
    );
  }
  const code =
    (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  return new FetchError(
    'network',
    url.href,
    `${displayUrl(url)} could not be fetched (${code ?? (err as Error).name ?? 'network error'})`,
  );
}
