import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { workspaces } from '@/db/schema';
import { fetcherFor, readSearchConfig } from '@/lib/search/config';
import { buildProviders } from '@/lib/search/providers';
import { fullTextRetriever } from '@/lib/search/rank';
import { readUrl, runSearch, type SearchDeps } from '@/lib/search/service';
import type { SearchOutcome } from '@/lib/search/store/outcome';
import { OPERATOR } from '@/lib/workspaces/operator';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let site: FixtureSite;
let deps: SearchDeps;

beforeAll(async () => {
  database = await freshDatabase();
  // Pages answer a little late, as a real site does, so the crawl is still storing them while
  // the first search's other providers ask the database.
  site = await startFixtureSite({ pageDelayMs: 60 });
  const config = readSearchConfig({ ATELIER_FETCH_ALLOW: '127.0.0.1' });
  deps = { config, fetcher: fetcherFor(config.fetch) };
});

afterAll(async () => {
  await site?.close();
  await database?.close();
});

const shape = (o: SearchOutcome) => ({
  answer: o.answer,
  citations: o.citations.map((c) => [c.n, c.chunkId, c.start, c.end, c.status]),
  sources: o.sources.map((s) => s.sourceId),
});

describe('repeatable search runs', () => {
  it('gives the same answer, citations and sources the second time over the same stored pages', async () => {
    const [ws] = await database.db.insert(workspaces).values({ name: 'repeat' }).returning();
    // A page the workspace already holds that the crawl never reaches (no link points to it).
    await readUrl(database.db, OPERATOR, ws.id, site.url('/notes.txt'), deps);
    const ask = () =>
      runSearch(
        database.db,
        OPERATOR,
        ws.id,
        {
          query: 'Swiss poster grid flush left',
          providers: ['local', 'crawl'],
          seeds: [site.url('/sitemap.xml')],
        },
        deps,
      );
    const first = await ask();
    const second = await ask();
    expect(first.sources.length).toBeGreaterThan(1);
    expect(shape(second)).toEqual(shape(first));
  });

  it('lets the local provider search only once the crawl has stored what it crawled', async () => {
    const [ws] = await database.db.insert(workspaces).values({ name: 'order' }).returning();
    const config = deps.config!;
    const store = {
      db: database.db,
      workspaceId: ws.id,
      fetcher: deps.fetcher!,
      freshMs: 3_600_000,
    };
    const providers = buildProviders(['local', 'crawl'], config, {
      store,
      retrieve: fullTextRetriever,
      seeds: [site.url('/sitemap.xml')],
    });
    const call = { limit: 5, signal: AbortSignal.timeout(20_000) };
    const [local, crawl] = await Promise.all(
      providers.map((p) => p.search('Swiss poster typography grid', call)),
    );
    expect(crawl.length).toBeGreaterThan(1);
    expect(local.map((r) => r.url)).toEqual(crawl.map((r) => r.url));
  });
});
