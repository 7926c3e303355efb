// Search quality on documents nobody here wrote: the Cargo Book served on 127.0.0.1 and crawled
// through its sitemap by the `crawl` provider, plus two PDF manuals and a CSV from this machine
// ingested as workspace references. Every question is asked as a quick search of one workspace
// holding all of them; an answer counts when a citation's passage holds the question's fact.
// Not run by CI: the Cargo Book comes with a Rust toolchain's documentation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { workspaces } from '../db/schema';
import { closeParsers } from '../lib/ingest/runner';
import { ingestReference } from '../lib/references/ingest';
import { fetcherFor, readSearchConfig } from '../lib/search/config';
import { crawl } from '../lib/search/providers/crawl';
import { runSearch } from '../lib/search/service';
import { machine } from '../lib/util/machine';
import { OPERATOR } from '../lib/workspaces/operator';
import { runBench, writeResult } from './results';
import { QUESTIONS } from './search-quality-questions';
import { type Score, scoreAnswer, summarize } from './search-quality-score';
import { findCargoBook, serveBook } from './search-quality-site';
import { VARIANTS } from './search-quality-variants';
import { round, summary } from './stats';

const REFERENCES = [
  '/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf',
  '/usr/share/doc/libtasn1-doc/libtasn1.pdf',
  '/usr/share/distro-info/ubuntu.csv',
];

function refuse(message: string): never {
  process.stderr.write(`search-quality: ${message}\n`);
  process.exit(1);
}

async function main() {
  const book = findCargoBook();
  if (!book)
    refuse(
      'the Cargo Book is not on this machine (no ~/.rustup/toolchains/*/share/doc/rust/html/cargo); install a Rust toolchain with its docs to run this benchmark',
    );
  const missing = REFERENCES.filter((f) => !fs.existsSync(f));
  if (missing.length)
    refuse(
      `${missing.join(', ')} not found (Debian's shared-mime-info, libtasn1-doc and distro-info-data)`,
    );
  process.env.ATELIER_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-search-quality-'));
  const database = wrapPglite(await PGlite.create());
  await applyMigrations(database);
  const db = database.db;
  const site = await serveBook(book);
  const config = readSearchConfig({
    ATELIER_FETCH_ALLOW: '127.0.0.1',
    ATELIER_CRAWL_MAX_PAGES: '200',
  });
  const fetcher = fetcherFor(config.fetch);
  const [ws] = await db.insert(workspaces).values({ name: 'search quality' }).returning();
  const seeds = [`${site.origin}/sitemap.xml`];

  const t0 = performance.now();
  const store = { db, workspaceId: ws.id, fetcher, freshMs: 24 * 3600_000 };
  const crawled = await crawl({
    seeds,
    store,
    retrieve: async () => [],
    maxPages: 200,
    maxDepth: 0,
  });
  const crawlMs = performance.now() - t0;
  for (const file of REFERENCES) {
    await ingestReference(db, OPERATOR, {
      target: { workspaceId: ws.id, conversationId: null },
      name: path.basename(file),
      source: [fs.readFileSync(file)],
    });
  }

  const runs: Record<string, unknown> = {};
  const table: Record<string, ReturnType<typeof summarize>> = {};
  for (const [name, deps] of Object.entries(VARIANTS)) {
    const scores: Score[] = [];
    const ms: number[] = [];
    const perQuestion = [];
    for (const item of QUESTIONS) {
      const started = performance.now();
      const out = await runSearch(
        db,
        OPERATOR,
        ws.id,
        { query: item.q, seeds },
        { config, fetcher, ...deps },
      );
      ms.push(performance.now() - started);
      const score = scoreAnswer(item.fact, out.answer, out.citations);
      scores.push(score);
      const first = out.citations[0];
      perQuestion.push({
        corpus: item.corpus,
        q: item.q,
        ...score,
        first: first ? `${first.title}: ${first.passage.replace(/\s+/g, ' ').slice(0, 160)}` : null,
      });
    }
    const byCorpus = Object.fromEntries(
      [...new Set(QUESTIONS.map((q) => q.corpus))].map((c) => [
        c,
        summarize(scores.filter((_, i) => QUESTIONS[i].corpus === c)),
      ]),
    );
    table[name] = summarize(scores);
    runs[name] = { ...table[name], byCorpus, searchMs: summary(ms), questions: perQuestion };
  }
  await site.close();
  await closeParsers();
  await database.close();
  fs.rmSync(process.env.ATELIER_DATA_DIR, { recursive: true, force: true });
  writeResult('search-quality', {
    benchmark: 'search-quality',
    machine: machine(),
    database: 'PGlite (in memory)',
    corpus: {
      cargoBook: book,
      pagesServed: site.pages.length,
      pagesStored: crawled.length,
      crawlMs: round(crawlMs),
      references: REFERENCES,
    },
    goal: 'answered ≥ 90 %, at [1] ≥ 80 %',
    sideBySide: table,
    runs,
  });
  process.exit(0);
}

runBench(main);
