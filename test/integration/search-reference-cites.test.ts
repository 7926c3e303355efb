import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { workspaces } from '@/db/schema';
import { closeParsers } from '@/lib/ingest/runner';
import { ingestReference } from '@/lib/references/ingest';
import { fetcherFor, readSearchConfig } from '@/lib/search/config';
import { runSearch, type SearchDeps } from '@/lib/search/service';
import { OPERATOR } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import { makePdf } from '../helpers/pdf';
import { BRIEF_PAGES, COPY_CSV } from '../helpers/reference-files';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('search-reference-cites');
let database: Database;
let ws: string;
let deps: SearchDeps;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: ws }] = await database.db.insert(workspaces).values({ name: 'cites' }).returning();
  const files: [string, Buffer][] = [
    ['brief.pdf', makePdf(BRIEF_PAGES)],
    ['copy.csv', Buffer.from(COPY_CSV)],
  ];
  for (const [name, bytes] of files) {
    const { reference } = await ingestReference(database.db, OPERATOR, {
      target: { workspaceId: ws, conversationId: null },
      name,
      source: [bytes],
    });
    ids[name] = reference.id;
  }
  const config = readSearchConfig({ ...process.env, ATELIER_SEARCH_PROVIDERS: 'local' });
  deps = { config, fetcher: fetcherFor(config.fetch) };
}, 120_000);
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const search = (query: string) =>
  runSearch(database.db, OPERATOR, ws, { query, providers: ['local'] }, deps);

describe('search answers cite references by page and row', () => {
  // The requirement is a list item without a full stop: a brief's items are quoted as they stand.
  it('names the PDF page a cited passage is on, and links to it', async () => {
    const out = await search('logo top left corner');
    const cite = out.citations.find((c) => c.passage.includes('top left corner'));
    expect(cite).toMatchObject({
      title: 'brief.pdf p.2',
      url: `/api/references/${ids['brief.pdf']}?page=2`,
      sourceKind: 'reference',
    });
    expect(out.sources.find((s) => s.sourceId === ids['brief.pdf'])?.title).toBe('brief.pdf');
    expect(JSON.stringify(out)).not.toMatch(/"title":"[^"]*reference:/);
  });

  it('names the CSV row the cited text starts on', async () => {
    const out = await search('Crisp greens delivered daily');
    const cite = out.citations.find((c) => c.passage.includes('Crisp greens'));
    // Row 14 of the sheet (its header is not a row).
    expect(cite).toMatchObject({
      title: 'copy.csv row 14',
      url: `/api/references/${ids['copy.csv']}?row=14`,
    });
  });
});
