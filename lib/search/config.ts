import { z } from 'zod';
import { readEnv } from '../config/env';
import { AppError } from '../errors';
import { parseAllowList } from './fetch/allow';
import { SafeFetcher } from './fetch/fetcher';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const schema = z.object({
  ATELIER_SEARCH_PROVIDERS: z.string().default('local,crawl'),
  ATELIER_CRAWL_SEEDS: z.string().default(''),
  ATELIER_CRAWL_MAX_PAGES: z.coerce.number().int().min(1).max(500).default(25),
  ATELIER_SEARXNG_URL: z.url().optional(),
  ATELIER_BRAVE_API_KEY: z.string().optional(),
  ATELIER_BRAVE_URL: z.url().optional(),
  ATELIER_TAVILY_API_KEY: z.string().optional(),
  ATELIER_TAVILY_URL: z.url().optional(),
  ATELIER_FETCH_ROBOTS: flag.default(true),
  ATELIER_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  ATELIER_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  ATELIER_FETCH_PER_HOST: z.coerce.number().int().min(1).max(16).default(2),
});

export const PROVIDER_NAMES = ['local', 'crawl', 'searxng', 'brave', 'tavily'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type SearchConfig = {
  providers: ProviderName[];
  crawlSeeds: string[];
  crawlMaxPages: number;
  searxngUrl?: string;
  brave?: { apiKey: string; baseUrl?: string };
  tavily?: { apiKey: string; baseUrl?: string };
  fetch: { allow: string[]; robots: boolean; timeoutMs: number; maxBytes: number; perHost: number };
};

/** Search settings from the environment. Keys are kept only here and in the adapters, never logged. */
export function readSearchConfig(
  source: Record<string, string | undefined> = process.env,
): SearchConfig {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '' && v !== undefined)),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('bad_request', `${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    providers: parseProviders(e.ATELIER_SEARCH_PROVIDERS),
    crawlSeeds: list(e.ATELIER_CRAWL_SEEDS),
    crawlMaxPages: e.ATELIER_CRAWL_MAX_PAGES,
    searxngUrl: e.ATELIER_SEARXNG_URL,
    brave: e.ATELIER_BRAVE_API_KEY
      ? { apiKey: e.ATELIER_BRAVE_API_KEY, baseUrl: e.ATELIER_BRAVE_URL }
      : undefined,
    tavily: e.ATELIER_TAVILY_API_KEY
      ? { apiKey: e.ATELIER_TAVILY_API_KEY, baseUrl: e.ATELIER_TAVILY_URL }
      : undefined,
    fetch: {
      allow: readEnv(source as NodeJS.ProcessEnv).fetchAllow,
      robots: e.ATELIER_FETCH_ROBOTS,
      timeoutMs: e.ATELIER_FETCH_TIMEOUT_MS,
      maxBytes: e.ATELIER_FETCH_MAX_BYTES,
      perHost: e.ATELIER_FETCH_PER_HOST,
    },
  };
}

export function parseProviders(value: string): ProviderName[] {
  const names = list(value.toLowerCase());
  for (const n of names) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(n)) {
      throw new AppError(
        'bad_request',
        `unknown search provider "${n}" (known: ${PROVIDER_NAMES.join(', ')})`,
      );
    }
  }
  return [...new Set(names)] as ProviderName[];
}

export function fetcherFor(cfg: SearchConfig['fetch']): SafeFetcher {
  return new SafeFetcher({
    allow: parseAllowList(cfg.allow),
    robots: cfg.robots,
    timeoutMs: cfg.timeoutMs,
    maxBytes: cfg.maxBytes,
    perHost: cfg.perHost,
  });
}

const KEY = Symbol.for('atelier.searchFetcher');
type Holder = { [KEY]?: { signature: string; fetcher: SafeFetcher } };

/** One fetcher per process (its robots cache and per-host limits are shared by every run). */
export function sharedFetcher(cfg: SearchConfig['fetch']): SafeFetcher {
  const g = globalThis as Holder;
  const signature = JSON.stringify(cfg);
  if (g[KEY]?.signature !== signature) g[KEY] = { signature, fetcher: fetcherFor(cfg) };
  return g[KEY].fetcher;
}
