import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import {
  chunks,
  references,
  searchCitations,
  searchLearnings,
  searchQueries,
  searchRunSources,
  searchRuns,
  webSources,
} from '../../../db/schema';
import { appendAudit } from '../../audit/chain';
import { errorDigest } from '../../audit/digest';
import { sha256Hex } from '../../auth/tokens';
import { notFound } from '../../errors';
import { citePassage } from '../../references/passage-place';
import type { FinalAnswer } from '../answer';
import type { DeepOutcome } from '../deep';
import { SearchResult } from '../types';
import type { SearchOutcome } from './outcome';
import { referenceUrl } from './pages';
import { storedSections } from './sections';

export type RunStart = {
  workspaceId: string;
  actor: string;
  conversationId?: string | null;
  messageId?: string | null;
  query: string;
  mode: 'quick' | 'deep';
  params: Record<string, unknown>;
};

export async function startRun(db: Db, r: RunStart): Promise<string> {
  const [row] = await db
    .insert(searchRuns)
    .values({
      workspaceId: r.workspaceId,
      actor: r.actor,
      conversationId: r.conversationId ?? null,
      messageId: r.messageId ?? null,
      query: r.query,
      mode: r.mode,
      params: r.params,
      status: 'running',
    })
    .returning({ id: searchRuns.id });
  return row.id;
}

/** Writes everything the run produced and its audit event in one transaction. */
export async function finishRun(
  db: Db,
  runId: string,
  r: {
    actor: string;
    workspaceId: string;
    query: string;
    outcome: DeepOutcome;
    final: FinalAnswer;
    stats: Record<string, unknown>;
    conversationId?: string | null;
  },
) {
  const { outcome, final } = r;
  await db.transaction(async (tx) => {
    if (outcome.queries.length) {
      await tx.insert(searchQueries).values(
        outcome.queries.map((q, i) => ({
          id: q.id,
          runId,
          parentId: q.parentId,
          ordinal: i,
          depth: q.depth,
          query: q.query,
          status: q.status,
          error: q.error,
          results: q.results,
          startedAt: q.startedAt,
          finishedAt: q.finishedAt,
        })),
      );
    }
    if (outcome.pages.length) {
      await tx.insert(searchRunSources).values(
        outcome.pages.map(({ page, queryId }, i) => ({
          runId,
          sourceKind: page.sourceKind,
          sourceId: page.sourceId,
          queryId,
          ordinal: i,
          url: page.url,
        })),
      );
    }
    if (outcome.learnings.length) {
      await tx.insert(searchLearnings).values(
        outcome.learnings.map((l, i) => ({
          runId,
          queryId: l.queryId,
          ordinal: i,
          text: l.text,
          passages: l.passages,
        })),
      );
    }
    if (final.citations.length) {
      await tx.insert(searchCitations).values(
        final.citations.map((c) => ({
          runId,
          n: c.n,
          chunkId: c.passage.chunkId,
          sourceKind: c.passage.sourceKind,
          sourceId: c.passage.sourceId,
          charStart: c.passage.start,
          charEnd: c.passage.end,
          claim: c.claim,
          status: c.status,
          coverage: c.coverage,
        })),
      );
    }
    await tx
      .update(searchRuns)
      .set({
        status: 'complete',
        answer: final.answer,
        synthesis: { sections: final.sections },
        stats: r.stats,
        finishedAt: new Date(),
      })
      .where(eq(searchRuns.id, runId));
    await appendAudit(tx, {
      actor: r.actor,
      action: 'search.run',
      subject: `search_run:${runId}`,
      workspaceId: r.workspaceId,
      conversationId: r.conversationId ?? null,
      payload: {
        querySha256: sha256Hex(r.query),
        answerSha256: sha256Hex(final.answer),
        queries: outcome.queries.length,
        failedQueries: outcome.queries.filter((q) => q.status === 'failed').length,
        sources: outcome.pages.map(({ page }) => ({
          id: page.sourceId,
          kind: page.sourceKind,
          sha256: page.sha256 || null,
        })),
        citations: final.citations.map((c) => ({
          n: c.n,
          chunkId: c.passage.chunkId,
          status: c.status,
        })),
      },
    });
  });
}

export async function failRun(
  db: Db,
  runId: string,
  r: { actor: string; workspaceId: string; conversationId?: string | null; error: string },
) {
  await db.transaction(async (tx) => {
    await tx
      .update(searchRuns)
      .set({ status: 'error', error: r.error, finishedAt: new Date() })
      .where(eq(searchRuns.id, runId));
    await appendAudit(tx, {
      actor: r.actor,
      action: 'search.failed',
      subject: `search_run:${runId}`,
      workspaceId: r.workspaceId,
      conversationId: r.conversationId ?? null,
      payload: errorDigest(r.error),
    });
  });
}

/** A recorded run exactly as stored: no network, no recomputation. */
export async function loadRun(
  db: DbOrTx,
  workspaceId: string,
  runId: string,
): Promise<SearchOutcome> {
  const [run] = await db
    .select()
    .from(searchRuns)
    .where(and(eq(searchRuns.id, runId), eq(searchRuns.workspaceId, workspaceId)));
  if (!run) throw notFound('search run');
  const [queries, sources, learnings, citations] = await Promise.all([
    db
      .select()
      .from(searchQueries)
      .where(eq(searchQueries.runId, runId))
      .orderBy(asc(searchQueries.ordinal)),
    db
      .select()
      .from(searchRunSources)
      .where(eq(searchRunSources.runId, runId))
      .orderBy(asc(searchRunSources.ordinal)),
    db
      .select()
      .from(searchLearnings)
      .where(eq(searchLearnings.runId, runId))
      .orderBy(asc(searchLearnings.ordinal)),
    db
      .select()
      .from(searchCitations)
      .where(eq(searchCitations.runId, runId))
      .orderBy(asc(searchCitations.n)),
  ]);
  const webIds = sources.filter((s) => s.sourceKind === 'web').map((s) => s.sourceId);
  const citedWeb = citations.filter((c) => c.sourceKind === 'web').map((c) => c.sourceId);
  const ids = [...new Set([...webIds, ...citedWeb])];
  const pages = ids.length
    ? await db.select().from(webSources).where(inArray(webSources.id, ids))
    : [];
  const pageOf = new Map(pages.map((p) => [p.id, p]));
  const chunkIds = citations.map((c) => c.chunkId);
  const chunkRows = chunkIds.length
    ? await db.select().from(chunks).where(inArray(chunks.id, chunkIds))
    : [];
  const chunkOf = new Map(chunkRows.map((c) => [c.id, c]));
  const refIds = [
    ...new Set(
      [...sources, ...citations].filter((s) => s.sourceKind !== 'web').map((s) => s.sourceId),
    ),
  ];
  const refRows = refIds.length
    ? await db
        .select()
        .from(references)
        .where(and(inArray(references.id, refIds), eq(references.workspaceId, workspaceId)))
    : [];
  const refOf = new Map(refRows.map((r) => [r.id, r]));
  const snippets = providerSnippets(queries.map((q) => q.results));
  /** A citation names the web page, or the reference's page or row (`brief.pdf p.6`). */
  const cited = (c: (typeof citations)[number], ch: (typeof chunkRows)[number] | undefined) => {
    const page = pageOf.get(c.sourceId);
    if (c.sourceKind === 'web')
      return { url: page?.finalUrl ?? '', title: page?.title ?? ch?.heading ?? 'Reference' };
    const ref = refOf.get(c.sourceId);
    if (ref && ch) return citePassage(ref, ch, c.charStart);
    return { url: referenceUrl(c.sourceId), title: ref?.name ?? ch?.heading ?? 'Reference' };
  };
  return {
    runId,
    query: run.query,
    mode: run.mode,
    status: run.status,
    answer: run.answer ?? '',
    citations: citations
      .filter((c) => c.status !== 'dropped')
      .map((c) => {
        const ch = chunkOf.get(c.chunkId);
        return {
          n: c.n,
          ...cited(c, ch),
          passage: ch ? ch.text.slice(c.charStart - ch.charStart, c.charEnd - ch.charStart) : '',
          sourceKind: c.sourceKind,
          sourceId: c.sourceId,
          chunkId: c.chunkId,
          start: c.charStart,
          end: c.charEnd,
          status: c.status,
        };
      }),
    sources: sources.map((s) => {
      const p = pageOf.get(s.sourceId);
      const ref = refOf.get(s.sourceId);
      return {
        url: p?.url ?? s.url,
        finalUrl: p?.finalUrl ?? s.url,
        title: p?.title ?? ref?.name ?? 'Reference',
        fetchedAt: p?.fetchedAt.toISOString() ?? null,
        sha256: p?.sha256 ?? null,
        snippet: snippets.get(s.url) ?? (p ? snippets.get(p.finalUrl) : undefined) ?? '',
        sourceKind: s.sourceKind,
        sourceId: s.sourceId,
      };
    }),
    learnings: learnings.map((l) => ({ text: l.text, passages: l.passages })),
    sections: storedSections(run.synthesis),
    queries: queries.map((q) => ({
      id: q.id,
      parentId: q.parentId,
      depth: q.depth,
      query: q.query,
      status: q.status,
      error: q.error,
      results: q.results.length,
    })),
    stats: run.stats ?? {},
  };
}

/** The first snippet a provider showed for each URL, from the recorded results. */
function providerSnippets(lists: unknown[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const list of lists) {
    for (const raw of list) {
      const hit = SearchResult.safeParse(raw);
      if (hit.success && hit.data.snippet && !out.has(hit.data.url))
        out.set(hit.data.url, hit.data.snippet);
    }
  }
  return out;
}
