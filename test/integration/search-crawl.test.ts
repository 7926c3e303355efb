import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { workspaces } from '@/db/schema';
import { fetcherFor, readSearchConfig } from '@/lib/search/config';
import { crawlProvider } from '@/lib/search/providers/crawl';
import { fullTextRetriever } from '@/lib/search/rank';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let site: FixtureSite;

beforeAll(async () => {
  database = await freshDatabase();
  // Every page answers 300 ms late, one at a time: the crawl takes seconds.
  site = await startFixtureSite({ pageDelayMs: 300 });
});
afterAll(async () => {
  await site.close();
  await database.close();
});

describe('the crawl provider', () => {
  it('answers a query from what is stored when the crawl runs long, and goes on crawling for later ones', async () => {
    const config = readSearchConfig({ ATELIER_FETCH_ALLOW: '127.0.0.1' });
    const [ws] = await database.db.insert(workspaces).values({ name: 'crawl' }).returning();
    const store = {
      db: database.db,
      workspaceId: ws.id,
      fetcher: fetcherFor(config.fetch),
      freshMs: 0,
    };
    const provider = crawlProvider({
      seeds: [site.url('/sitemap.xml')],
      store,
      retrieve: fullTextRetriever,
      maxPages: 5,
      concurrency: 1,
      waitMs: 400,
    });
    const call = () => ({ limit: 5, signal: AbortSignal.timeout(10_000) });
    const pages = () => site.requests.filter((r) => !/\.(txt|xml)$/.test(r.path)).length;
    await provider.search('Swiss grid posters', call());
    const whenAnswered = pages();
    const bauhaus = async () =>
      (await provider.search('Bauhaus typography lowercase', call())).map((r) => r.url);
    await expect
      .poll(bauhaus, { timeout: 15_000, interval: 200 })
      .toContain(site.url('/articles/bauhaus-typography'));
    await new Promise((r) => setTimeout(r, 2_000));
    // The first query did not wait for the whole crawl: more pages were fetched after it answered.
    expect(whenAnswered).toBeLessThan(pages());
  });
});
