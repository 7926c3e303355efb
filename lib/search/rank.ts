import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { chunks } from '../../db/schema';
import { bm25Search } from './bm25';
import { anyTermQuery, rankWords } from './terms';
import type { Passage, SourceKind } from './types';
import { rankUnits } from './unit-rank';

export type RetrieveQuery = {
  workspaceId: string;
  query: string;
  /** Only passages of these sources (the pages a research step read); all of the workspace if absent. */
  sourceIds?: string[];
  kinds?: SourceKind[];
  limit?: number;
  /** Score multiplier for each further passage of a source already picked (source diversity). */
  decay?: number;
};

/**
 * The seam for other retrievers: an embedding retriever implements the same call, and a hybrid
 * one fuses several with `fuseRanks`.
 */
export type PassageRetriever = (db: DbOrTx, q: RetrieveQuery) => Promise<Passage[]>;

/**
 * BM25 over the workspace's passages (PostgreSQL counts the term statistics), then the units of
 * the best passages (sentences, list items, rows) ranked with phrase and proximity boosts, then
 * diversified: each returned passage is one unit, its range narrowed to it.
 */
export const fullTextRetriever: PassageRetriever = async (db, q) => {
  const words = [...new Set(rankWords(q.query))].slice(0, 32);
  const limit = q.limit ?? 8;
  if (!words.length || q.sourceIds?.length === 0) return [];
  const scope = { workspaceId: q.workspaceId, sourceIds: q.sourceIds, kinds: q.kinds };
  const { terms, chunks: best } = await bm25Search(
    db,
    scope,
    words,
    Math.max(limit * 4, CHUNKS_TO_SPLIT),
  );
  return diversify(rankUnits(q.query, terms, best), limit, q.decay ?? 0.5, pageOf);
};

/** How many of the best passages are split into units and ranked again. */
const CHUNKS_TO_SPLIT = 40;

/** The ranking before BM25: any key word matches, ranked by `ts_rank_cd` (no IDF), whole passages. */
export const tsRankRetriever: PassageRetriever = async (db, q) => {
  const terms = anyTermQuery(q.query);
  const limit = q.limit ?? 8;
  if (!terms || q.sourceIds?.length === 0) return [];
  const tsq = sql`websearch_to_tsquery('english', ${terms})`;
  const score = sql<number>`ts_rank_cd(${chunks.tsv}, ${tsq})`;
  const rows = await db
    .select({
      chunkId: chunks.id,
      sourceKind: chunks.sourceKind,
      sourceId: chunks.sourceId,
      ordinal: chunks.ordinal,
      heading: chunks.heading,
      text: chunks.text,
      start: chunks.charStart,
      end: chunks.charEnd,
      score,
    })
    .from(chunks)
    .where(
      and(
        eq(chunks.workspaceId, q.workspaceId),
        sql`${chunks.tsv} @@ ${tsq}`,
        q.sourceIds ? inArray(chunks.sourceId, q.sourceIds) : undefined,
        q.kinds ? inArray(chunks.sourceKind, q.kinds) : undefined,
      ),
    )
    .orderBy(desc(score), asc(chunks.sourceId), asc(chunks.ordinal))
    .limit(limit * 4);
  return diversify(
    rows.map((r) => ({ ...r, score: Number(r.score) })),
    limit,
    q.decay ?? 0.5,
  );
};

/**
 * The page a passage is on, for diversity: a web source is one page, while a reference is a whole
 * document whose passages are headed by their page or rows (`p.6`, `rows 1–44`), so a manual of
 * forty pages is not held to the share of one web page.
 */
export const pageOf = (p: Passage) =>
  p.sourceKind === 'reference' ? `${p.sourceId} ${p.heading ?? ''}` : p.sourceId;

/**
 * Greedy re-ranking: each pick from a page (`key`, the source by default) multiplies that page's
 * remaining scores by `decay`, so one long page cannot fill every slot. Stable for equal scores
 * (input order wins).
 */
export function diversify<T extends { sourceId: string; score?: number }>(
  items: T[],
  limit: number,
  decay: number,
  key: (item: T) => string = (item) => item.sourceId,
): T[] {
  const picked: T[] = [];
  const taken = new Map<string, number>();
  const pool = items.map((item, i) => ({ item, i }));
  while (picked.length < limit && pool.length) {
    let best = 0;
    let bestScore = -Infinity;
    pool.forEach(({ item }, k) => {
      const s = (item.score ?? 0) * decay ** (taken.get(key(item)) ?? 0);
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    });
    const [{ item }] = pool.splice(best, 1);
    picked.push(item);
    taken.set(key(item), (taken.get(key(item)) ?? 0) + 1);
  }
  return picked;
}

/** Reciprocal-rank fusion of several rankings of passages (e.g. full text and embeddings). */
export function fuseRanks(rankings: Passage[][], k = 60): Passage[] {
  const score = new Map<string, { p: Passage; s: number }>();
  for (const ranking of rankings) {
    ranking.forEach((p, rank) => {
      const cur = score.get(p.chunkId) ?? { p, s: 0 };
      cur.s += 1 / (k + rank + 1);
      score.set(p.chunkId, cur);
    });
  }
  return [...score.values()].sort((a, b) => b.s - a.s).map(({ p, s }) => ({ ...p, score: s }));
}
