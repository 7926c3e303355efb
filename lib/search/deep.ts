import { randomUUID } from 'node:crypto';
import { firstLine } from '../../engine/errors';
import { limiter, withTimeout } from './concurrency';
import type { Learner, Learning } from './learn';
import type { ResearchPlanner, SubQuery } from './planner';
import { termKey } from './terms';
import type { Passage, SearchResult, StoredPage } from './types';

export type DeepParams = {
  query: string;
  breadth: number;
  depth: number;
  concurrency?: number;
  queryTimeoutMs?: number;
  pagesPerQuery?: number;
  passagesPerQuery?: number;
  learningsPerQuery?: number;
  signal?: AbortSignal;
  onProgress?: (p: DeepProgress) => void;
};

/** Where the loop gets results, pages and passages: the network and database, or a recorded run. */
export type DeepDeps = {
  planner: ResearchPlanner;
  learner: Learner;
  search(
    query: string,
    signal: AbortSignal,
  ): Promise<{ results: SearchResult[]; errors: string[] }>;
  read(result: SearchResult, signal: AbortSignal): Promise<StoredPage>;
  rank(query: string, sourceIds: string[]): Promise<Passage[]>;
};

export type DeepEvent =
  | { type: 'planned'; depth: number; queries: string[] }
  | { type: 'plan-failed'; query: string; depth: number; error: string }
  | { type: 'query-started'; query: string; depth: number }
  | {
      type: 'query-finished';
      query: string;
      depth: number;
      results: number;
      pages: number;
      learnings: number;
    }
  | { type: 'query-failed'; query: string; depth: number; error: string }
  | { type: 'page-read'; url: string; title: string }
  | { type: 'page-failed'; url: string; error: string }
  | { type: 'learning'; query: string; text: string };

export type DeepProgress = {
  event: DeepEvent;
  totals: {
    queries: number;
    completed: number;
    failed: number;
    pagesRead: number;
    learnings: number;
    depth: number;
  };
};

export type QueryNode = {
  id: string;
  parentId: string | null;
  /** Position in the plan tree: the loop's outputs are ordered by it, never by timing. */
  path: number[];
  depth: number;
  query: string;
  goal: string;
  status: 'complete' | 'failed';
  error: string | null;
  results: SearchResult[];
  pages: StoredPage[];
  learnings: Learning[];
  startedAt: Date;
  finishedAt: Date;
};

export type DeepOutcome = {
  queries: QueryNode[];
  /** Each page once, with the first query (in plan order) that read it. */
  pages: Array<{ page: StoredPage; queryId: string }>;
  learnings: Array<Learning & { queryId: string }>;
};

/**
 * The research loop: plan `breadth` sub-queries, run them with bounded concurrency (search, read the
 * top pages, rank their passages, learn), then plan follow-ups from each branch's learnings with half
 * the breadth, `depth` levels in all. Levels run one after another and outputs are ordered by plan
 * position, so the same inputs give the same outcome. A failed or timed-out query is recorded and
 * the run goes on.
 */
export async function deepResearch(p: DeepParams, deps: DeepDeps): Promise<DeepOutcome> {
  const run = limiter(p.concurrency ?? 3);
  const signal = p.signal ?? new AbortController().signal;
  const totals = { queries: 0, completed: 0, failed: 0, pagesRead: 0, learnings: 0, depth: 0 };
  const emit = (event: DeepEvent) => p.onProgress?.({ event, totals: { ...totals } });
  const reads = new Map<string, Promise<StoredPage>>();
  const asked: string[] = [];
  const all: QueryNode[] = [];
  type Branch = { node: QueryNode | null; query: string; path: number[]; learned: string[] };
  let frontier: Branch[] = [{ node: null, query: p.query, path: [], learned: [] }];
  // Learnings of finished levels only, in plan order: what a level runs against must not depend on timing.
  let known: string[] = [];

  const readOnce = (r: SearchResult): Promise<StoredPage> => {
    const key = r.stored ? `${r.stored.kind}:${r.stored.sourceId}` : r.url;
    let pending = reads.get(key);
    if (!pending) {
      pending = deps.read(r, signal).then(
        (page) => {
          totals.pagesRead++;
          emit({ type: 'page-read', url: page.finalUrl, title: page.title });
          return page;
        },
        (err) => {
          emit({ type: 'page-failed', url: r.url, error: message(err) });
          throw err;
        },
      );
      pending.catch(() => undefined);
      reads.set(key, pending);
    }
    return pending;
  };

  // Returns what the step found rather than writing to the node: a step that timed out may still
  // finish in the background, and must not change a query already recorded as failed.
  const step = async (query: string, s: AbortSignal) => {
    const { results, errors } = await deps.search(query, s);
    if (!results.length && errors.length) throw new Error(errors.join('; '));
    const settled = await Promise.allSettled(results.slice(0, p.pagesPerQuery ?? 4).map(readOnce));
    const pages = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const ids = [...new Set(pages.map((pg) => pg.sourceId))];
    const passages = ids.length ? await deps.rank(query, ids) : [];
    const learnings = await deps.learner.learn({
      query,
      passages: passages.slice(0, p.passagesPerQuery ?? 8),
      max: p.learningsPerQuery ?? 3,
      known,
    });
    return { results, error: errors.length ? errors.join('; ') : null, pages, learnings };
  };
  for (let level = 1; level <= p.depth && frontier.length && !signal.aborted; level++) {
    totals.depth = level;
    const breadth = Math.max(1, Math.ceil(p.breadth / 2 ** (level - 1)));
    const planned: QueryNode[] = [];
    for (const branch of frontier) {
      const { subs, error } = await plan(
        deps.planner,
        {
          root: p.query,
          query: branch.query,
          breadth,
          learnings: branch.learned,
          asked: [...asked],
        },
        level === 1,
      );
      if (error) emit({ type: 'plan-failed', query: branch.query, depth: level, error });
      subs.forEach((sub, i) => {
        asked.push(sub.query);
        planned.push(newNode(sub, branch.node?.id ?? null, [...branch.path, i], level));
      });
    }
    totals.queries += planned.length;
    emit({ type: 'planned', depth: level, queries: planned.map((n) => n.query) });
    await Promise.all(
      planned.map((node) =>
        run(async () => {
          node.startedAt = new Date();
          emit({ type: 'query-started', query: node.query, depth: level });
          try {
            Object.assign(
              node,
              await withTimeout(
                p.queryTimeoutMs ?? 45_000,
                signal,
                `query "${node.query.slice(0, 80)}"`,
                (s) => step(node.query, s),
              ),
            );
            node.status = 'complete';
            totals.completed++;
            totals.learnings += node.learnings.length;
            for (const l of node.learnings)
              emit({ type: 'learning', query: node.query, text: l.text });
            emit({
              type: 'query-finished',
              query: node.query,
              depth: level,
              results: node.results.length,
              pages: node.pages.length,
              learnings: node.learnings.length,
            });
          } catch (err) {
            node.status = 'failed';
            node.error = message(err);
            totals.failed++;
            emit({ type: 'query-failed', query: node.query, depth: level, error: node.error });
          } finally {
            node.finishedAt = new Date();
          }
        }),
      ),
    );
    all.push(...planned);
    known = collect(all).learnings.map((l) => l.text);
    const parentLearned = new Map(frontier.map((b) => [b.node?.id ?? null, b.learned]));
    frontier = planned
      .filter((n) => n.status === 'complete' && n.learnings.length)
      .map((n) => ({
        node: n,
        query: n.query,
        path: n.path,
        learned: [...(parentLearned.get(n.parentId) ?? []), ...n.learnings.map((l) => l.text)],
      }));
  }
  return collect(all);
}

async function plan(
  planner: ResearchPlanner,
  input: Parameters<ResearchPlanner['plan']>[0],
  first: boolean,
): Promise<{ subs: SubQuery[]; error?: string }> {
  let error: string | undefined;
  try {
    const subs = await planner.plan(input);
    if (subs.length || !first) return { subs: subs.slice(0, input.breadth) };
  } catch (err) {
    error = message(err);
    if (!first) return { subs: [], error };
  }
  // The first level always asks at least the question itself.
  return { subs: [{ query: input.query, goal: 'answer the question' }], error };
}

function newNode(sub: SubQuery, parentId: string | null, path: number[], depth: number): QueryNode {
  const now = new Date();
  return {
    id: randomUUID(),
    parentId,
    path,
    depth,
    query: sub.query,
    goal: sub.goal,
    status: 'failed',
    error: null,
    results: [],
    pages: [],
    learnings: [],
    startedAt: now,
    finishedAt: now,
  };
}

const comparePaths = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
};

/** Plan order (depth first by path) for pages and learnings; each page and learning once. */
function collect(nodes: QueryNode[]): DeepOutcome {
  const queries = [...nodes].sort((a, b) => comparePaths(a.path, b.path));
  const pages: DeepOutcome['pages'] = [];
  const seenPages = new Set<string>();
  const learnings: DeepOutcome['learnings'] = [];
  const seenLearnings = new Set<string>();
  for (const q of queries) {
    for (const page of q.pages) {
      if (seenPages.has(page.sourceId)) continue;
      seenPages.add(page.sourceId);
      pages.push({ page, queryId: q.id });
    }
    for (const l of q.learnings) {
      const key = termKey(l.text);
      if (seenLearnings.has(key)) continue;
      seenLearnings.add(key);
      learnings.push({ ...l, queryId: q.id });
    }
  }
  return { queries, pages, learnings };
}

const message = (err: unknown) => firstLine(err, 300);
