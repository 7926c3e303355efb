// BM25 over the stored passages of a workspace, computed by PostgreSQL (embedded PGlite and a
// server alike) from the `tsv` vectors the chunks already carry, in one statement: the passages
// holding any query word are read once through the GIN index, and both the document frequencies
// (over the whole workspace) and the scores come from them, so nothing extra is written when a page
// or reference is stored (ARCHITECTURE.md, "Search", says why and what it costs).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import type { SourceKind } from './types';

export const BM25 = { k1: 1.2, b: 0.75 } as const;

export type TermStat = { word: string; lexeme: string; df: number; idf: number };
export type Scope = { workspaceId: string; sourceIds?: string[]; kinds?: SourceKind[] };

export type ScoredChunk = {
  chunkId: string;
  sourceKind: SourceKind;
  sourceId: string;
  ordinal: number;
  heading: string | null;
  /** The page's title (a web source's `<title>`); null for a reference, whose heading names it. */
  title: string | null;
  /** The passage goes on with the section of the one before it (the same heading): it does not open it. */
  continues: boolean;
  text: string;
  start: number;
  end: number;
  score: number;
};

/**
 * How many passages, per passage wanted, are scored exactly. The rest are ranked as if each word
 * they hold occurred once: a term's exact BM25 weight is at most (1 + k1·dl/avgdl) times that, so
 * a passage far down this rough order cannot reach the top; scoring every candidate exactly means
 * unpacking every vector's positions, which was most of the cost when query words are common.
 */
const ROUGH_POOL = 5;

const Stat = z.object({
  word: z.string(),
  lexeme: z.string(),
  df: z.coerce.number(),
  idf: z.coerce.number(),
});
const Row = z.object({
  chunkId: z.string(),
  sourceKind: z.enum(['web', 'reference']),
  sourceId: z.string(),
  ordinal: z.coerce.number(),
  heading: z.string().nullable(),
  title: z.string().nullable(),
  continues: z.boolean(),
  text: z.string(),
  start: z.coerce.number(),
  end: z.coerce.number(),
  score: z.coerce.number(),
  stats: z.array(Stat),
});

/**
 * The `limit` passages of the scope with the highest BM25 score for the query's words, and each
 * word's lexeme (PostgreSQL's English stemmer; stop words are left out), document frequency over
 * the whole workspace and IDF. Frequencies count the whole workspace, so a term rare in it stays
 * rare when a step ranks only the pages it read. Term frequencies are the position counts in each
 * vector; the length is its count of distinct lexemes, normalised by the mean over the scope's
 * passages that hold any of the words.
 */
export async function bm25Search(
  db: DbOrTx,
  scope: Scope,
  words: string[],
  limit: number,
): Promise<{ terms: TermStat[]; chunks: ScoredChunk[] }> {
  if (!words.length || scope.sourceIds?.length === 0) return { terms: [], chunks: [] };
  const { k1, b } = BM25;
  const inScope = sql`true
    ${scope.sourceIds ? sql`and source_id = any(${sql.param(scope.sourceIds)}::uuid[])` : sql``}
    ${scope.kinds ? sql`and source_kind = any(${sql.param(scope.kinds)}::text[])` : sql``}`;
  const result = await db.execute(sql`
    with w as (
      select w.word, w.i, l.lexeme from unnest(${sql.param(words)}::text[]) with ordinality as w(word, i)
      cross join lateral (select lexeme from unnest(to_tsvector('english', w.word)) limit 1) as l),
    q as (
      select distinct on (lexeme) word, lexeme, i,
        ('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery as tq
      from w order by lexeme, i),
    hits as materialized (
      select id, tsv, source_id, source_kind from chunks
      where workspace_id = ${scope.workspaceId}
        and tsv @@ (select string_agg(tq::text, ' | ')::tsquery from q)),
    total as materialized (select count(*)::float8 as n from chunks where workspace_id = ${scope.workspaceId}),
    stat as (
      select q.word, q.lexeme, q.i, q.tq, (select count(*) from hits where hits.tsv @@ q.tq)::float8 as df
      from q),
    -- Okapi BM25's inverse document frequency, kept positive for terms in most passages.
    weight as materialized (
      select stat.*, ln(1 + (total.n - stat.df + 0.5) / (stat.df + 0.5)) as idf
      from stat cross join total),
    cand as materialized (select id, tsv, length(tsv)::float8 as dl from hits where ${inScope}),
    mean as materialized (select coalesce(avg(dl), 1) as avgdl from cand),
    rough as (
      select cand.id, cand.tsv, cand.dl,
        sum(weight.idf) * ${k1 + 1} / (1 + ${k1} * (${1 - b} + ${b} * cand.dl / mean.avgdl)) as s
      from cand cross join mean join weight on cand.tsv @@ weight.tq
      group by cand.id, cand.tsv, cand.dl, mean.avgdl
      order by s desc, cand.id
      limit ${limit * ROUGH_POOL}),
    scored as (
      select rough.id, sum(weight.idf * (t.tf * ${k1 + 1}) /
        (t.tf + ${k1} * (${1 - b} + ${b} * rough.dl / mean.avgdl))) as score
      from rough cross join mean
      cross join lateral unnest(rough.tsv) as u
      join weight on weight.lexeme = u.lexeme
      cross join lateral (select coalesce(array_length(u.positions, 1), 1)::float8 as tf) as t
      group by rough.id
      order by score desc, rough.id
      limit ${limit})
    select c.id as "chunkId", c.source_kind as "sourceKind", c.source_id as "sourceId", c.ordinal,
      c.heading, w.title, exists(select from chunks p where p.source_kind = c.source_kind
        and p.source_id = c.source_id and p.ordinal = c.ordinal - 1
        and p.heading is not distinct from c.heading) as continues, c.text, c.char_start as "start", c.char_end as "end", scored.score,
      (select json_agg(json_build_object('word', word, 'lexeme', lexeme, 'df', df, 'idf', idf)
        order by i) from weight) as stats
    from scored join chunks c on c.id = scored.id
    left join web_sources w on c.source_kind = 'web' and w.id = c.source_id
    order by scored.score desc, c.source_id, c.ordinal`);
  const rows = z.array(Row).parse((result as { rows: unknown[] }).rows);
  return { terms: rows[0]?.stats ?? [], chunks: rows.map(({ stats: _, ...c }) => c) };
}
