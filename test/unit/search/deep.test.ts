import { describe, expect, it } from 'vitest';
import { type DeepDeps, type DeepProgress, deepResearch } from '@/lib/search/deep';
import { extractiveLearner } from '@/lib/search/learn';
import { deterministicPlanner } from '@/lib/search/planner';
import { keyTerms } from '@/lib/search/terms';
import type { Passage, SearchResult, StoredPage } from '@/lib/search/types';
import { sleep } from '@/lib/util/sleep';

const TEXTS: Record<string, string> = {
  grid: 'Swiss posters are built on a modular grid that aligns every element of the poster layout.',
  type: 'Swiss poster typography uses grotesque typefaces such as Helvetica and Akzidenz-Grotesk set flush left.',
  history:
    'Swiss poster design history begins in Zurich and Basel in the 1950s with Josef Müller-Brockmann.',
  style:
    'The visual style of Swiss posters favours objective photography and a restrained colour palette.',
  helvetica:
    'Helvetica typefaces were designed in 1957 by Max Miedinger for the Haas foundry in Swiss Münchenstein.',
};

function page(id: string): StoredPage {
  const text = TEXTS[id];
  const passage: Passage = {
    chunkId: `chunk-${id}`,
    sourceKind: 'web',
    sourceId: `src-${id}`,
    ordinal: 0,
    heading: null,
    text,
    start: 10,
    end: 10 + text.length,
  };
  return {
    sourceKind: 'web',
    sourceId: `src-${id}`,
    url: `http://site.test/${id}`,
    finalUrl: `http://site.test/${id}`,
    status: 200,
    title: id,
    contentType: 'text/html',
    sha256: id,
    fetchedAt: new Date(0),
    byline: null,
    publishedAt: null,
    lang: null,
    canonicalUrl: null,
    text: `${' '.repeat(10)}${text}`,
    links: [],
    note: null,
    passages: [passage],
  };
}

type Fake = { deps: DeepDeps; reads: string[]; maxInFlight: () => number };

function fakeDeps(
  opts: { fail?: RegExp; hang?: RegExp; jitter?: boolean; failRead?: string } = {},
): Fake {
  const reads: string[] = [];
  let inFlight = 0;
  let max = 0;
  const deps: DeepDeps = {
    planner: deterministicPlanner,
    learner: extractiveLearner,
    async search(query, signal) {
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        if (opts.jitter) await sleep(Math.random() * 15);
        if (opts.hang?.test(query)) await sleep(10_000, signal);
        if (opts.fail?.test(query)) throw new Error('provider exploded');
        const want = keyTerms(query);
        const hits = Object.keys(TEXTS).filter((id) =>
          [...keyTerms(TEXTS[id])].some(
            (t) => want.has(t) && !['swiss', 'poster', 'design'].includes(t),
          ),
        );
        const ids = hits.length ? hits : ['grid'];
        return {
          results: ids.map(
            (id): SearchResult => ({
              url: `http://site.test/${id}`,
              title: id,
              snippet: '',
              provider: 'fake',
            }),
          ),
          errors: [],
        };
      } finally {
        inFlight--;
      }
    },
    async read(r) {
      reads.push(r.url);
      if (opts.jitter) await sleep(Math.random() * 10);
      const id = r.url.split('/').pop()!;
      if (id === opts.failRead) throw new Error('connection reset');
      return page(id);
    },
    async rank(query, ids) {
      return ids
        .map((id) => page(id.replace('src-', '')).passages[0])
        .filter((p) => [...keyTerms(p.text)].some((t) => keyTerms(query).has(t)));
    },
  };
  return { deps, reads, maxInFlight: () => max };
}

describe('the deep research loop', () => {
  it('plans breadth sub-queries, then follow-ups with half the breadth from each branch', async () => {
    const { deps } = fakeDeps();
    const out = await deepResearch({ query: 'Swiss poster design', breadth: 4, depth: 2 }, deps);
    const level1 = out.queries.filter((q) => q.depth === 1);
    const level2 = out.queries.filter((q) => q.depth === 2);
    expect(level1.map((q) => q.query)).toEqual([
      'Swiss poster design',
      'Swiss poster design visual style',
      'Swiss poster design typography',
      'Swiss poster design history facts',
    ]);
    expect(level2.length).toBeGreaterThan(0);
    for (const q of level2) {
      expect(level1.map((p) => p.id)).toContain(q.parentId);
      expect(level2.filter((s) => s.parentId === q.parentId).length).toBeLessThanOrEqual(2);
    }
    expect(new Set(out.queries.map((q) => q.query.toLowerCase())).size).toBe(out.queries.length);
  });

  it('links each learning to the exact passage range it quotes', async () => {
    const { deps } = fakeDeps();
    const out = await deepResearch({ query: 'Swiss poster design', breadth: 3, depth: 1 }, deps);
    expect(out.learnings.length).toBeGreaterThan(0);
    for (const l of out.learnings) {
      const [ref] = l.passages;
      const src = page(ref.sourceId.replace('src-', ''));
      expect(src.text.slice(ref.start, ref.end)).toBe(l.text);
      expect(out.queries.map((q) => q.id)).toContain(l.queryId);
    }
  });

  it('one failing query and one that times out never fail the run', async () => {
    const { deps } = fakeDeps({ fail: /visual style/, hang: /typography/ });
    const events: DeepProgress[] = [];
    const started = Date.now();
    const out = await deepResearch(
      {
        query: 'Swiss poster design',
        breadth: 4,
        depth: 1,
        queryTimeoutMs: 100,
        onProgress: (p) => events.push(p),
      },
      deps,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    const byQuery = Object.fromEntries(out.queries.map((q) => [q.query, [q.status, q.error]]));
    expect(byQuery['Swiss poster design visual style']).toEqual(['failed', 'provider exploded']);
    expect(byQuery['Swiss poster design typography']).toEqual([
      'failed',
      expect.stringMatching(/timed out after 100 ms/),
    ]);
    expect(byQuery['Swiss poster design'][0]).toBe('complete');
    expect(out.learnings.length).toBeGreaterThan(0);
    const last = events.at(-1)!.totals;
    expect(last).toMatchObject({ queries: 4, completed: 2, failed: 2 });
    expect(events.filter((e) => e.event.type === 'query-failed')).toHaveLength(2);
  });

  it('a query that timed out stays failed when its search answers later', async () => {
    const { deps } = fakeDeps();
    const slow: DeepDeps = {
      ...deps,
      search: async (q, _signal) => (
        await sleep(150), deps.search(q, new AbortController().signal)
      ),
    };
    const out = await deepResearch(
      { query: 'Swiss poster typography', breadth: 1, depth: 1, queryTimeoutMs: 30 },
      slow,
    );
    await sleep(300);
    expect(out.queries[0]).toMatchObject({
      status: 'failed',
      results: [],
      pages: [],
      learnings: [],
    });
    expect(out.learnings).toEqual([]);
  });

  it('a page that cannot be read costs only that page', async () => {
    const { deps } = fakeDeps({ failRead: 'type' });
    const events: DeepProgress[] = [];
    const out = await deepResearch(
      { query: 'Swiss poster typography', breadth: 2, depth: 1, onProgress: (p) => events.push(p) },
      deps,
    );
    expect(out.queries.every((q) => q.status === 'complete')).toBe(true);
    expect(out.pages.map((p) => p.page.sourceId)).not.toContain('src-type');
    expect(
      events.some((e) => e.event.type === 'page-failed' && e.event.url.endsWith('/type')),
    ).toBe(true);
  });

  it('keeps concurrency bounded and reads each page once per run', async () => {
    const fake = fakeDeps({ jitter: true });
    await deepResearch(
      { query: 'Swiss poster design', breadth: 6, depth: 2, concurrency: 2 },
      fake.deps,
    );
    expect(fake.maxInFlight()).toBeLessThanOrEqual(2);
    expect(new Set(fake.reads).size).toBe(fake.reads.length);
  });

  it('gives the same outcome whatever the timing (ordered by plan, not by completion)', async () => {
    const shape = async () => {
      const out = await deepResearch(
        { query: 'Swiss poster design', breadth: 5, depth: 2, concurrency: 4 },
        fakeDeps({ jitter: true }).deps,
      );
      return {
        q: out.queries.map((q) => [q.query, q.depth, q.status]),
        l: out.learnings.map((l) => l.text),
        p: out.pages.map((p) => p.page.sourceId),
      };
    };
    const a = await shape();
    expect(await shape()).toEqual(a);
    expect(await shape()).toEqual(a);
  });

  it('reports progress with running totals', async () => {
    const events: DeepProgress[] = [];
    await deepResearch(
      { query: 'Swiss poster design', breadth: 2, depth: 2, onProgress: (p) => events.push(p) },
      fakeDeps().deps,
    );
    const types = new Set(events.map((e) => e.event.type));
    expect([...types]).toEqual(
      expect.arrayContaining([
        'planned',
        'query-started',
        'query-finished',
        'page-read',
        'learning',
      ]),
    );
    const done = events.map((e) => e.totals.completed);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(events.at(-1)!.totals.depth).toBe(2);
  });

  it('a planner that throws still asks the question itself on the first level', async () => {
    const { deps } = fakeDeps();
    const events: DeepProgress[] = [];
    const planner = { name: 'broken', plan: async () => Promise.reject(new Error('model down')) };
    const out = await deepResearch(
      { query: 'Swiss poster design', breadth: 3, depth: 2, onProgress: (p) => events.push(p) },
      { ...deps, planner },
    );
    expect(out.queries.map((q) => q.query)).toEqual(['Swiss poster design']);
    expect(events.filter((e) => e.event.type === 'plan-failed').map((e) => e.event)).toEqual([
      { type: 'plan-failed', query: 'Swiss poster design', depth: 1, error: 'model down' },
      { type: 'plan-failed', query: 'Swiss poster design', depth: 2, error: 'model down' },
    ]);
  });
});
