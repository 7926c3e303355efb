// BM25 over the stored passages of a workspace, computed by PostgreSQL (embedded PGlite and a
// server alike) from the `tsv` vectors the chunks already carry: document frequencies are counted
// through the GIN index at query time, so nothing extra is written when a page or reference is
// stored (ARCHITECTURE.md, "Search", says why).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { SourceKind } from './types';

export const BM25 = { k1: 1.2, b: 0.75 } as const;

export type TermStat = { word: string; lexeme: string; df: number; idf: number };
export type Scope = { workspaceId: string; sourceIds?: string[]; kinds?: SourceKind[] };

type Rows<T> = { rows: T[] };
const rowsOf = <T>(r: unknown): T[] => (r as Rows<T>).rows;

/**
 * For each query word, its lexeme (PostgreSQL's English stemmer), how many of the workspace's
 * passages hold it and its inverse document frequency; words the stemmer drops (stop words) are
 * left out. Frequencies count the whole workspace, so a term rare in it stays rare when a step ranks
 * only the pages it read.
 */
export async function termStats(
  db: DbOrTx,
  workspaceId: string,
  words: string[],
): Promise<{ n: number; terms: TermStat[] }> {
  if (!words.length) return { n: 0, terms: [] };
  const [counted, total] = await Promise.all([
    db.execute(sql`
      select w.word, l.lexeme,
        (select count(*) from chunks c
          where c.workspace_id = ${workspaceId} and c.tsv @@ plainto_tsquery('english', w.word))::int as df
      from unnest(${sql.param(words)}::text[]) as w(word)
      cross join lateral (select lexeme from unnest(to_tsvector('english', w.word)) limit 1) as l`),
    db.execute(sql`select count(*)::int as n from chunks where workspace_id = ${workspaceId}`),
  ]);
  const n = Number(rowsOf<{ n: number }>(total)[0]?.n ?? 0);
  const seen = new Set<string>();
  const terms: TermStat[] = [];
  for (const r of rowsOf<{ word: string; lexeme: string; df: number }>(counted)) {
    if (seen.has(r.lexeme)) continue;
    seen.add(r.lexeme);
    const df = Number(r.df);
    terms.push({ word: r.word, lexeme: r.lexeme, df, idf: idf(n, df) });
  }
  return { n, terms };
}

/** Okapi BM25's inverse document frequency, kept positive for terms in most passages. */
export const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

export type ScoredChunk = {
  chunkId: string;
  sourceKind: SourceKind;
  sourceId: string;
  ordinal: number;
  heading: string | null;
  text: string;
  start: number;
  end: number;
  score: number;
};

/**
 * The `limit` passages of the scope with the highest BM25 score for the terms. Term frequencies are
 * the position counts in each vector; the length is its count of distinct lexemes, normalised by
 * the mean over the passages that hold any of the terms.
 */
export async function bm25Chunks(
  db: DbOrTx,
  scope: Scope,
  terms: TermStat[],
  limit: number,
): Promise<ScoredChunk[]> {
  if (!terms.length || scope.sourceIds?.length === 0) return [];
  const lexemes = terms.map((t) => t.lexeme);
  const idfs = terms.map((t) => t.idf);
  // Quoted, so tsquery takes each lexeme as it is (already stemmed) rather than parsing it again.
  const any = terms
    .map((t) => `'${t.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`)
    .join(' | ');
  const rows = await db.execute(sql`
    with cand as (
      select id, tsv, length(tsv)::float8 as dl from chunks
      where workspace_id = ${scope.workspaceId} and tsv @@ ${any}::tsquery
        ${scope.sourceIds ? sql`and source_id = any(${sql.param(scope.sourceIds)}::uuid[])` : sql``}
        ${scope.kinds ? sql`and source_kind = any(${sql.param(scope.kinds)}::text[])` : sql``}
    ),
    mean as (select coalesce(avg(dl), 1) as avgdl from cand),
    q as (select * from unnest(${sql.param(lexemes)}::text[], ${sql.param(idfs)}::float8[]) as q(lexeme, idf)),
    scored as (
      select cand.id, sum(q.idf * (t.tf * ${BM25.k1 + 1}) /
        (t.tf + ${BM25.k1} * (${1 - BM25.b} + ${BM25.b} * cand.dl / mean.avgdl))) as score
      from cand cross join mean
      cross join lateral unnest(cand.tsv) as u
      join q on q.lexeme = u.lexeme
      cross join lateral (select coalesce(array_length(u.positions, 1), 1)::float8 as tf) as t
      group by cand.id
      order by score desc, cand.id
      limit ${limit}
    )
    select c.id as "chunkId", c.source_kind as "sourceKind", c.source_id as "sourceId", c.ordinal,
      c.heading, c.text, c.char_start as "start", c.char_end as "end", scored.score
    from scored join chunks c on c.id = scored.id
    order by scored.score desc, c.source_id, c.ordinal`);
  return rowsOf<ScoredChunk>(rows).map((r) => ({ ...r, score: Number(r.score) }));
}
