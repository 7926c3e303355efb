// Search benchmark: extraction time per page (Readability over linkedom, chunking included) for a
// 6 KB article, and deep runs over the fixture website served on 127.0.0.1 (pages fetched per second).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { workspaces } from '../db/schema';
import { fetcherFor, readSearchConfig } from '../lib/search/config';
import { extractDocument } from '../lib/search/extract';
import { runSearch } from '../lib/search/service';
import { machine } from '../lib/util/machine';
import { OPERATOR } from '../lib/workspaces/operator';
import { SWISS_ARTICLE, startFixtureSite } from '../test/helpers/search-site';
import { round, summary } from './stats';

const EXTRACT_ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const DEEP_RUNS = Number(process.env.BENCH_DEEP_RUNS ?? 5);
const NOT_PAGES = new Set(['/robots.txt', '/sitemap.xml']);

function extraction() {
  const body = Buffer.from(SWISS_ARTICLE);
  const samples: number[] = [];
  for (let i = 0; i < EXTRACT_ITERATIONS + 30; i++) {
    const t0 = performance.now();
    extractDocument(body, 'text/html', 'utf-8', 'http://127.0.0.1/articles/swiss-style');
    if (i >= 30) samples.push(performance.now() - t0);
  }
  return { pageBytes: body.length, ...summary(samples), goal: 'p50 ≤ 10 ms' };
}

async function deepRuns() {
  const database = wrapPglite(await PGlite.create());
  await applyMigrations(database);
  const site = await startFixtureSite();
  const config = readSearchConfig({ ATELIER_FETCH_ALLOW: '127.0.0.1' });
  const ms: number[] = [];
  const pagesPerSecond: number[] = [];
  const last = { queries: 0, pagesFetched: 0, sourcesCited: 0, citations: 0 };
  for (let i = 0; i < DEEP_RUNS; i++) {
    // A new workspace each time: its page cache is empty, so every run crawls and fetches again.
    const [ws] = await database.db
      .insert(workspaces)
      .values({ name: `bench ${i}` })
      .returning();
    const before = site.requests.length;
    const t0 = performance.now();
    const out = await runSearch(
      database.db,
      OPERATOR,
      ws.id,
      {
        query: 'Swiss poster design',
        deep: true,
        breadth: 3,
        depth: 2,
        seeds: [site.url('/sitemap.xml')],
      },
      { config, fetcher: fetcherFor(config.fetch) },
    );
    const elapsed = performance.now() - t0;
    const fetched = site.requests.slice(before).filter((r) => !NOT_PAGES.has(r.path)).length;
    ms.push(elapsed);
    pagesPerSecond.push(fetched / (elapsed / 1000));
    Object.assign(last, {
      queries: out.queries.length,
      pagesFetched: fetched,
      sourcesCited: new Set(out.citations.map((c) => c.sourceId)).size,
      citations: out.citations.length,
    });
  }
  await site.close();
  await database.close();
  return {
    breadth: 3,
    depth: 2,
    runs: DEEP_RUNS,
    ms: summary(ms),
    pagesPerSecond: summary(pagesPerSecond),
    lastRun: last,
  };
}

async function main() {
  const extract = extraction();
  const deep = await deepRuns();
  const result = {
    benchmark: 'search',
    machine: machine(),
    database: 'PGlite (in memory)',
    unit: 'ms unless named',
    extract6kbArticle: extract,
    deepRunOverFixtureSite: { ...deep, pagesPerSecondP50: round(deep.pagesPerSecond.p50) },
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/search.json', `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`error: bench: ${(err as Error).message}\n`);
  process.exit(1);
});
