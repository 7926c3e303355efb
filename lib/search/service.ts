import { z } from 'zod';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit/chain';
import { parseWith } from '../http/respond';
import { checkQuota } from '../quotas/check';
import { type Principal, requireAccess } from '../workspaces/access';
import { composeAnswer } from './answer';
import { type ProviderName, readSearchConfig, type SearchConfig, sharedFetcher } from './config';
import { type DeepProgress, deepResearch } from './deep';
import type { SafeFetcher } from './fetch/fetcher';
import { extractiveLearner, type Learner } from './learn';
import { deterministicPlanner, type ResearchPlanner, singleQueryPlanner } from './planner';
import { buildProviders, type SearchProvider, searchAll } from './providers';
import { fullTextRetriever, type PassageRetriever } from './rank';
import type { SearchOutcome } from './store/outcome';
import { loadStoredPage, type PageStore, readWebPage } from './store/pages';
import { failRun, finishRun, loadRun, startRun } from './store/runs';
import { extractiveSynthesizer, type Synthesizer } from './synthesis';
import type { SearchResult, StoredPage } from './types';

export const SearchParams = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'the search query cannot be empty')
    .max(500, 'the search query is longer than 500 characters'),
  deep: z.boolean().default(false),
  breadth: z.number().int().min(1).max(8).optional(),
  depth: z.number().int().min(1).max(4).optional(),
});

export type SearchOptions = z.input<typeof SearchParams> & {
  providers?: ProviderName[];
  /** Crawl seeds for this run (the configured ATELIER_CRAWL_SEEDS otherwise). */
  seeds?: string[];
  conversationId?: string | null;
  messageId?: string | null;
  signal?: AbortSignal;
  onProgress?: (p: DeepProgress) => void;
};

/** Everything a run depends on; each has an offline default. */
export type SearchDeps = Partial<{
  config: SearchConfig;
  fetcher: SafeFetcher;
  providers: SearchProvider[];
  planner: ResearchPlanner;
  learner: Learner;
  synthesizer: Synthesizer;
  retrieve: PassageRetriever;
  queryTimeoutMs: number;
  concurrency: number;
}>;

export const DEEP_DEFAULTS = { breadth: 3, depth: 2 } as const;
/** A stored copy younger than this is used within a run without asking the site again. */
const RUN_FRESH_MS = 60 * 60_000;
const RESULTS_PER_QUERY = 8;

/**
 * One search run for a workspace: quick (the question once) or deep (planned sub-queries over
 * breadth and depth), recorded with its queries, sources, learnings, citations and an audit event.
 */
export async function runSearch(
  db: Db,
  who: Principal,
  workspaceId: string,
  opts: SearchOptions,
  deps: SearchDeps = {},
): Promise<SearchOutcome> {
  const params = parseWith(SearchParams, {
    query: opts.query,
    deep: opts.deep,
    breadth: opts.breadth,
    depth: opts.depth,
  });
  await requireAccess(db, who, workspaceId, 'editor');
  await checkQuota(db, who, workspaceId, 'searches');
  const config = deps.config ?? readSearchConfig();
  const fetcher = deps.fetcher ?? sharedFetcher(config.fetch);
  const retrieve = deps.retrieve ?? fullTextRetriever;
  const store: PageStore & { fetcher: SafeFetcher } = {
    db,
    workspaceId,
    fetcher,
    freshMs: RUN_FRESH_MS,
  };
  const names = opts.providers ?? config.providers;
  const providers =
    deps.providers ??
    buildProviders(names, config, { store, retrieve, seeds: opts.seeds, signal: opts.signal });
  const planner = params.deep ? (deps.planner ?? deterministicPlanner) : singleQueryPlanner;
  const learner = deps.learner ?? extractiveLearner;
  const synthesizer = deps.synthesizer ?? extractiveSynthesizer;
  const loop = {
    breadth: params.deep ? (params.breadth ?? DEEP_DEFAULTS.breadth) : 1,
    depth: params.deep ? (params.depth ?? DEEP_DEFAULTS.depth) : 1,
    pagesPerQuery: params.deep ? 4 : 5,
    passagesPerQuery: 8,
    learningsPerQuery: params.deep ? 3 : 6,
  };
  const runId = await startRun(db, {
    workspaceId,
    actor: who.actor,
    conversationId: opts.conversationId,
    messageId: opts.messageId,
    query: params.query,
    mode: params.deep ? 'deep' : 'quick',
    params: {
      ...loop,
      providers: providers.map((p) => p.id),
      planner: planner.name,
      learner: learner.name,
      synthesizer: synthesizer.name,
    },
  });
  const started = Date.now();
  try {
    const outcome = await deepResearch(
      {
        query: params.query,
        ...loop,
        concurrency: deps.concurrency,
        queryTimeoutMs: deps.queryTimeoutMs,
        signal: opts.signal,
        onProgress: opts.onProgress,
      },
      {
        planner,
        learner,
        search: (q, signal) => searchAll(providers, q, RESULTS_PER_QUERY, signal),
        read: (r) => readResult(store, r, opts.signal),
        rank: (q, sourceIds) =>
          retrieve(db, { workspaceId, query: q, sourceIds, limit: loop.passagesPerQuery }),
      },
    );
    const final = await composeAnswer(db, synthesizer, {
      query: params.query,
      learnings: outcome.learnings,
      sourceCount: outcome.pages.length,
    });
    const stats = {
      ms: Date.now() - started,
      queries: outcome.queries.length,
      failedQueries: outcome.queries.filter((q) => q.status === 'failed').length,
      pagesRead: outcome.pages.length,
      learnings: outcome.learnings.length,
      citations: final.citations.length,
    };
    await finishRun(db, runId, {
      actor: who.actor,
      workspaceId,
      query: params.query,
      outcome,
      final,
      stats,
      conversationId: opts.conversationId,
    });
  } catch (err) {
    await failRun(db, runId, {
      actor: who.actor,
      workspaceId,
      conversationId: opts.conversationId,
      error: err instanceof Error ? err.message : String(err),
    }).catch(() => undefined);
    throw err;
  }
  return loadRun(db, workspaceId, runId);
}

/** A hit the workspace already holds is read from the database; anything else through the fetcher. */
export function readResult(
  store: PageStore,
  r: SearchResult,
  signal?: AbortSignal,
): Promise<StoredPage> {
  return r.stored
    ? loadStoredPage(store.db, store.workspaceId, r.stored.kind, r.stored.sourceId)
    : readWebPage(store, r.url, signal);
}

/** `atelier read URL`: fetch (revalidating any stored copy), extract, store, and record the read. */
export async function readUrl(
  db: Db,
  who: Principal,
  workspaceId: string,
  url: string,
  deps: Pick<SearchDeps, 'config' | 'fetcher'> = {},
): Promise<StoredPage> {
  await requireAccess(db, who, workspaceId, 'editor');
  const fetcher = deps.fetcher ?? sharedFetcher((deps.config ?? readSearchConfig()).fetch);
  const page = await readWebPage({ db, workspaceId, fetcher, freshMs: 0 }, url);
  await db.transaction((tx) =>
    appendAudit(tx, {
      actor: who.actor,
      action: 'web.read',
      subject: `web_source:${page.sourceId}`,
      workspaceId,
      payload: { sha256: page.sha256, status: page.status },
    }),
  );
  return page;
}
