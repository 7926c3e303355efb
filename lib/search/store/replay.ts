import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import {
  type SourceKind,
  searchQueries,
  searchRunSources,
  searchRuns,
  webSources,
} from '../../../db/schema';
import { AppError, notFound } from '../../errors';
import { composeAnswer, type FinalAnswer } from '../answer';
import { deepResearch } from '../deep';
import { extractiveLearner } from '../learn';
import type { ResearchPlanner } from '../planner';
import { fullTextRetriever } from '../rank';
import { extractiveSynthesizer } from '../synthesis';
import { termKey } from '../terms';
import { SearchResult } from '../types';
import type { SearchOutcome } from './outcome';
import { loadStoredPage } from './pages';
import { loadRun } from './runs';

const Params = z.object({
  breadth: z.number(),
  depth: z.number(),
  pagesPerQuery: z.number(),
  passagesPerQuery: z.number(),
  learningsPerQuery: z.number(),
  learner: z.string(),
  synthesizer: z.string(),
});

export type Replay = {
  recorded: SearchOutcome;
  replayed: FinalAnswer;
  same: boolean;
  differences: string[];
};

/**
 * Runs a recorded search again from the database alone: the recorded plan, the recorded provider
 * answers and the exact page versions the run read, through the same ranking, learning and
 * synthesis. With the offline learner and synthesizer the answer and citations must come out equal.
 */
export async function replaySearchRun(db: Db, workspaceId: string, runId: string): Promise<Replay> {
  const [run] = await db
    .select()
    .from(searchRuns)
    .where(and(eq(searchRuns.id, runId), eq(searchRuns.workspaceId, workspaceId)));
  if (!run) throw notFound('search run');
  if (run.status !== 'complete')
    throw new AppError(
      'conflict',
      `search run ${runId} did not complete, so it cannot be replayed`,
    );
  const params = Params.parse(run.params);
  if (
    params.learner !== extractiveLearner.name ||
    params.synthesizer !== extractiveSynthesizer.name
  ) {
    throw new AppError(
      'conflict',
      `search run ${runId} used a language model (${params.learner}/${params.synthesizer}); only offline runs replay`,
    );
  }
  const queries = await db
    .select()
    .from(searchQueries)
    .where(eq(searchQueries.runId, runId))
    .orderBy(asc(searchQueries.ordinal));
  const sources = await db.select().from(searchRunSources).where(eq(searchRunSources.runId, runId));
  const byText = new Map(queries.map((q) => [termKey(q.query), q]));
  const sourceByUrl = new Map<string, { kind: SourceKind; sourceId: string }>();
  const webIds = sources.filter((s) => s.sourceKind === 'web').map((s) => s.sourceId);
  // A page may have been reached under its final URL too (a fresh copy found by redirect target).
  const finals = webIds.length
    ? await db
        .select({ id: webSources.id, finalUrl: webSources.finalUrl })
        .from(webSources)
        .where(inArray(webSources.id, webIds))
    : [];
  for (const f of finals) sourceByUrl.set(f.finalUrl, { kind: 'web', sourceId: f.id });
  for (const s of sources) sourceByUrl.set(s.url, { kind: s.sourceKind, sourceId: s.sourceId });

  const planner: ResearchPlanner = {
    name: 'recorded',
    async plan({ query, learnings }) {
      const parent = learnings.length ? byText.get(termKey(query)) : undefined;
      const parentId = parent?.id ?? null;
      return queries
        .filter((q) => q.parentId === parentId && (parent || q.depth === 1))
        .map((q) => ({ query: q.query, goal: 'recorded' }));
    },
  };
  const outcome = await deepResearch(
    { query: run.query, ...params, concurrency: 1 },
    {
      planner,
      learner: extractiveLearner,
      async search(q) {
        const rec = byText.get(termKey(q));
        if (!rec) throw new Error(`query "${q}" was not asked in the recorded run`);
        if (rec.status === 'failed') throw new Error(rec.error ?? 'failed in the recorded run');
        return {
          results: z.array(SearchResult).parse(rec.results),
          errors: rec.error ? [rec.error] : [],
        };
      },
      async read(r) {
        const stored = r.stored ?? sourceByUrl.get(r.url);
        if (!stored) throw new Error(`${r.url} was not read in the recorded run`);
        return loadStoredPage(db, workspaceId, stored.kind, stored.sourceId);
      },
      rank: (q, sourceIds) =>
        fullTextRetriever(db, { workspaceId, query: q, sourceIds, limit: params.passagesPerQuery }),
    },
  );
  const replayed = await composeAnswer(db, extractiveSynthesizer, {
    query: run.query,
    learnings: outcome.learnings,
    sourceCount: outcome.pages.length,
  });
  const recorded = await loadRun(db, workspaceId, runId);
  const differences = compare(recorded, replayed);
  return { recorded, replayed, same: differences.length === 0, differences };
}

function compare(recorded: SearchOutcome, replayed: FinalAnswer): string[] {
  const out: string[] = [];
  if (recorded.answer !== replayed.answer) out.push('the answer differs');
  const key = (c: { n: number; chunkId: string; start: number; end: number }) =>
    `${c.n}:${c.chunkId}:${c.start}:${c.end}`;
  const a = recorded.citations.map(key).join(',');
  const b = replayed.citations
    .filter((c) => c.status !== 'dropped')
    .map((c) =>
      key({ n: c.n, chunkId: c.passage.chunkId, start: c.passage.start, end: c.passage.end }),
    )
    .join(',');
  if (a !== b) out.push('the citations differ');
  return out;
}
