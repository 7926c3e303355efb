import { AppError } from '../../errors';
import type { ProviderName, SearchConfig } from '../config';
import type { SafeFetcher } from '../fetch/fetcher';
import type { PassageRetriever } from '../rank';
import type { PageStore } from '../store/pages';
import type { SearchResult } from '../types';
import type { SearchProvider } from './base';
import { braveProvider } from './brave';
import { crawlProvider } from './crawl';
import { localProvider } from './local';
import { searxngProvider } from './searxng';
import { tavilyProvider } from './tavily';

export type { SearchProvider } from './base';

export type ProviderDeps = {
  store: PageStore & { fetcher: SafeFetcher };
  retrieve: PassageRetriever;
  /** Seeds for the crawl provider; the configured ones when absent. */
  seeds?: string[];
  signal?: AbortSignal;
};

/** The providers a run uses, in the configured order; a provider that lacks its settings is refused. */
export function buildProviders(
  names: ProviderName[],
  cfg: SearchConfig,
  deps: ProviderDeps,
): SearchProvider[] {
  const crawler = names.includes('crawl')
    ? crawlProvider({
        seeds: deps.seeds ?? cfg.crawlSeeds,
        store: deps.store,
        retrieve: deps.retrieve,
        maxPages: cfg.crawlMaxPages,
        signal: deps.signal,
      })
    : null;
  return names.map((name) => {
    switch (name) {
      case 'local':
        // The local index waits for the run's crawl: read while the crawl writes, it would see
        // some of the pages (4 sources one time, 5 the next).
        return localProvider({
          db: deps.store.db,
          workspaceId: deps.store.workspaceId,
          retrieve: deps.retrieve,
          after: crawler ? () => crawler.settled() : undefined,
        });
      case 'crawl':
        return crawler!;
      case 'searxng':
        if (!cfg.searxngUrl) throw missing('searxng', 'ATELIER_SEARXNG_URL');
        return searxngProvider({ baseUrl: cfg.searxngUrl });
      case 'brave':
        if (!cfg.brave) throw missing('brave', 'ATELIER_BRAVE_API_KEY');
        return braveProvider(cfg.brave);
      case 'tavily':
        if (!cfg.tavily) throw missing('tavily', 'ATELIER_TAVILY_API_KEY');
        return tavilyProvider(cfg.tavily);
    }
  });
}

const missing = (name: string, variable: string) =>
  new AppError('bad_request', `the ${name} search provider needs ${variable}`);

/**
 * Asks every provider at once; one provider failing costs only its results. Hits are interleaved
 * (first of each provider, then second…) and each URL is kept once.
 */
export async function searchAll(
  providers: SearchProvider[],
  query: string,
  limit: number,
  signal: AbortSignal,
): Promise<{ results: SearchResult[]; errors: string[] }> {
  const settled = await Promise.allSettled(
    providers.map((p) => p.search(query, { limit, signal })),
  );
  const errors: string[] = [];
  const lists = settled.map((s, i) => {
    if (s.status === 'fulfilled') return s.value;
    errors.push(
      `${providers[i].id}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`,
    );
    return [];
  });
  const seen = new Set<string>();
  const results: SearchResult[] = [];
  for (let rank = 0; rank < Math.max(0, ...lists.map((l) => l.length)); rank++) {
    for (const list of lists) {
      const r = list[rank];
      if (!r) continue;
      const key = r.url.replace(/#.*$/, '');
      if (seen.has(key)) continue;
      seen.add(key);
      results.push(r);
    }
  }
  return { results: results.slice(0, limit), errors };
}
