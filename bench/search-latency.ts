// Ranking cost: p50 time of one retrieval over 10,000 stored passages, the ts_rank_cd ranking
// before BM25 and the BM25-over-units one, on PGlite in memory (BENCH_DATABASE_URL: a scratch
// PostgreSQL database instead). Passages are English-like text drawn from a Zipf vocabulary.
import { PGlite } from '@electric-sql/pglite';
import { type Database, openDatabase, wrapPglite } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { chunks, workspaces } from '../db/schema';
import { fullTextRetriever, type PassageRetriever, tsRankRetriever } from '../lib/search/rank';
import { machine } from '../lib/util/machine';
import { runBench, writeResult } from './results';
import { summary } from './stats';

const PASSAGES = Number(process.env.BENCH_PASSAGES ?? 10_000);
const QUERIES = 40;
const VOCAB = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}x`);

/** Deterministic: the same passages and queries on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const zipf = (r: () => number) =>
  VOCAB[Math.min(VOCAB.length - 1, Math.floor(r() ** 3 * VOCAB.length))];
const sentence = (r: () => number) =>
  `${Array.from({ length: 8 + Math.floor(r() * 14) }, () => zipf(r)).join(' ')}.`;

async function open(): Promise<Database> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return openDatabase({ stateDir: '', databaseUrl: url });
  const db = wrapPglite(await PGlite.create());
  await applyMigrations(db);
  return db;
}

async function main() {
  const database = await open();
  const db = database.db;
  const [ws] = await db.insert(workspaces).values({ name: 'latency' }).returning();
  const r = rng(7);
  const sources = Array.from({ length: 200 }, () => crypto.randomUUID());
  for (let from = 0; from < PASSAGES; from += 500) {
    const rows = Array.from({ length: Math.min(500, PASSAGES - from) }, (_, k) => {
      const text = Array.from({ length: 3 + Math.floor(r() * 5) }, () => sentence(r)).join(' ');
      const i = from + k;
      return {
        workspaceId: ws.id,
        sourceKind: 'web' as const,
        sourceId: sources[i % sources.length],
        ordinal: Math.floor(i / sources.length),
        heading: null,
        text,
        charStart: 0,
        charEnd: text.length,
      };
    });
    await db.insert(chunks).values(rows);
  }
  const queries = Array.from({ length: QUERIES }, () =>
    Array.from({ length: 3 + Math.floor(r() * 3) }, () => zipf(r)).join(' '),
  );
  const time = async (retrieve: PassageRetriever) => {
    for (const q of queries.slice(0, 5)) await retrieve(db, { workspaceId: ws.id, query: q });
    const ms: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      await retrieve(db, { workspaceId: ws.id, query: q, limit: 8 });
      ms.push(performance.now() - t0);
    }
    return summary(ms);
  };
  const before = await time(tsRankRetriever);
  const after = await time(fullTextRetriever);
  await database.close();
  writeResult('search-latency', {
    benchmark: 'search-latency',
    machine: machine(),
    database: process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'PGlite (in memory)',
    passages: PASSAGES,
    queries: QUERIES,
    unit: 'ms per retrieval (8 passages)',
    before: { ranking: 'ts_rank_cd, whole passages', ...before },
    after: { ranking: 'BM25 in SQL, then units', ...after },
  });
  process.exit(0);
}

runBench(main);
