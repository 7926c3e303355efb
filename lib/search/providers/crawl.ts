import { limiter } from '../concurrency';
import type { SafeFetcher } from '../fetch/fetcher';
import type { PassageRetriever } from '../rank';
import { type PageStore, readWebPage } from '../store/pages';
import type { SearchProvider } from './base';
import { resultsFor } from './local';

export type CrawlOptions = {
  seeds: string[];
  store: PageStore & { fetcher: SafeFetcher };
  retrieve: PassageRetriever;
  maxPages?: number;
  maxDepth?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onPage?: (url: string, error: string | null) => void;
  /**
   * How long a query waits for the crawl before it ranks what is stored so far (the crawl goes on for
   * later queries). Under a run's per-query time limit, so a slow crawl cannot time out every query.
   */
  waitMs?: number;
};

/** Well inside the deep run's 45 s per query. */
const DEFAULT_WAIT_MS = 20_000;

const NOT_PAGES =
  /\.(?:jpe?g|png|gif|webp|avif|svg|ico|css|js|mjs|json|zip|gz|tgz|rar|7z|mp[34]|m4a|mov|webm|avi|woff2?|ttf|otf|eot|exe|dmg|iso)$/i;
const MAX_SITEMAP_URLS = 500;

/**
 * Fetches the seed pages (or the pages a seed sitemap lists), follows same-site links breadth-first
 * up to `maxPages`, stores them, and answers queries by full-text ranking over what it crawled.
 * The crawl runs once per provider instance (one search run), from the first query; a query waits
 * for it at most `waitMs`, then ranks the pages stored so far.
 */
export function crawlProvider(opts: CrawlOptions): SearchProvider & { settled(): Promise<void> } {
  let crawled: Promise<string[]> | null = null;
  const stored: string[] = [];
  /** The crawled pages' ids once the crawl is done, or those stored so far after `waitMs`. */
  const crawledIds = async (): Promise<string[]> => {
    crawled ??= crawl({ ...opts, onStored: (id) => stored.push(id) });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>(
      (r) => (timer = setTimeout(() => r(null), opts.waitMs ?? DEFAULT_WAIT_MS)),
    );
    return (
      (await Promise.race([crawled, waited]).finally(() => clearTimeout(timer))) ?? [
        ...new Set(stored),
      ]
    );
  };
  return {
    id: 'crawl',
    async settled() {
      if (opts.seeds.length) await crawledIds();
    },
    async search(query, { limit }) {
      if (!opts.seeds.length) return [];
      const sourceIds = await crawledIds();
      const passages = await opts.retrieve(opts.store.db, {
        workspaceId: opts.store.workspaceId,
        query,
        sourceIds,
        limit: limit * 3,
        decay: 0,
      });
      return resultsFor(opts.store.db, passages, limit, 'crawl');
    },
  };
}

/** The crawl itself: the ids of the stored pages, in the order they were queued; `onStored` hears of each as it is stored. */
export async function crawl(
  opts: CrawlOptions & { onStored?: (sourceId: string) => void },
): Promise<string[]> {
  const maxPages = opts.maxPages ?? 25;
  const maxDepth = opts.maxDepth ?? 3;
  const run = limiter(opts.concurrency ?? 4);
  const seen = new Set<string>();
  const found: Array<string | null> = [];
  let frontier: string[] = [];
  for (const seed of opts.seeds) {
    if (looksLikeSitemap(seed))
      frontier.push(...(await sitemapUrls(opts.store.fetcher, seed, opts.signal).catch(() => [])));
    else frontier.push(seed);
  }
  for (let depth = 0; depth <= maxDepth && frontier.length; depth++) {
    const take = unique(frontier, seen).slice(0, Math.max(0, maxPages - seen.size));
    take.forEach((u) => seen.add(u));
    const pages = await Promise.all(
      take.map((url) =>
        run(async () => {
          try {
            const page = await readWebPage(opts.store, url, opts.signal);
            opts.onStored?.(page.sourceId);
            opts.onPage?.(url, null);
            return page;
          } catch (err) {
            opts.onPage?.(url, (err as Error).message);
            return null;
          }
        }),
      ),
    );
    found.push(...pages.map((p) => p?.sourceId ?? null));
    if (seen.size >= maxPages) break;
    // Links are gathered in page order, so the crawl is the same every time for the same site.
    frontier = pages.flatMap((p) =>
      p
        ? p.links.filter((l) => sameSite(l, p.finalUrl) && !NOT_PAGES.test(new URL(l).pathname))
        : [],
    );
  }
  return [...new Set(found.filter((id): id is string => id !== null))];
}

function unique(urls: string[], seen: Set<string>): string[] {
  return [...new Set(urls)].filter((u) => !seen.has(u));
}

/** Same host, ignoring a leading `www.`. */
export function sameSite(a: string, b: string): boolean {
  try {
    const strip = (u: string) => new URL(u).host.replace(/^www\./, '');
    return strip(a) === strip(b);
  } catch {
    return false;
  }
}

const looksLikeSitemap = (url: string) => /sitemap[^/]*\.xml$|\.xml$/i.test(new URL(url).pathname);

/** Page URLs of a sitemap, following a sitemap index one level down. */
export async function sitemapUrls(
  fetcher: SafeFetcher,
  url: string,
  signal?: AbortSignal,
  nested = true,
): Promise<string[]> {
  const res = await fetcher.fetch(url, { accept: 'sitemap', signal });
  if (res.status < 200 || res.status >= 300) return [];
  const xml = res.body.toString('utf8');
  const locs = [...xml.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/gi)]
    .map((m) => decodeXml(m[1]))
    .slice(0, MAX_SITEMAP_URLS);
  if (/<sitemapindex[\s>]/i.test(xml)) {
    if (!nested) return [];
    const lists = await Promise.all(
      locs.slice(0, 10).map((l) => sitemapUrls(fetcher, l, signal, false).catch(() => [])),
    );
    return lists.flat().slice(0, MAX_SITEMAP_URLS);
  }
  return locs.filter((l) => /^https?:\/\//i.test(l));
}

const decodeXml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
