import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chunks, references, type SourceKind, searchRuns, webSources } from '../../db/schema';
import { notFound } from '../errors';
import { citePassage } from '../references/passage-place';
import { type Member, requireRole } from '../workspaces/access';
import type { SearchOutcome } from './store/outcome';
import { referenceUrl } from './store/pages';
import { loadRun } from './store/runs';

/** A recorded search run, for members of its workspace (anyone else: not found). */
export async function searchRunView(db: Db, who: Member, runId: string): Promise<SearchOutcome> {
  const [run] = await db
    .select({ workspaceId: searchRuns.workspaceId })
    .from(searchRuns)
    .where(eq(searchRuns.id, runId));
  if (!run) throw notFound('search run');
  await requireRole(db, who, run.workspaceId, 'viewer', 'search run');
  return loadRun(db, run.workspaceId, runId);
}

export type PassageView = {
  /** The stored chunk; `start`/`end` are its range in the source's text. */
  passage: {
    id: string;
    ordinal: number;
    heading: string | null;
    text: string;
    start: number;
    end: number;
  };
  source: {
    kind: SourceKind;
    id: string;
    url: string;
    finalUrl: string;
    title: string;
    fetchedAt: string | null;
    sha256: string | null;
  };
  /** Source text on either side of the passage, cut at word boundaries. */
  context: { before: string; after: string; moreBefore: boolean; moreAfter: boolean };
};

const CONTEXT_CHARS = 700;

/** A passage (chunk) with its source and the text around it, for members of its workspace. */
export async function passageView(db: Db, who: Member, chunkId: string): Promise<PassageView> {
  const [chunk] = await db.select().from(chunks).where(eq(chunks.id, chunkId));
  if (!chunk) throw notFound('passage');
  await requireRole(db, who, chunk.workspaceId, 'viewer', 'passage');
  const passage = {
    id: chunk.id,
    ordinal: chunk.ordinal,
    heading: chunk.heading,
    text: chunk.text,
    start: chunk.charStart,
    end: chunk.charEnd,
  };
  if (chunk.sourceKind === 'web') {
    const [page] = await db
      .select()
      .from(webSources)
      .where(and(eq(webSources.id, chunk.sourceId), eq(webSources.workspaceId, chunk.workspaceId)));
    if (!page) throw notFound('source');
    return {
      passage,
      source: {
        kind: 'web',
        id: page.id,
        url: page.url,
        finalUrl: page.finalUrl,
        title: page.title,
        fetchedAt: page.fetchedAt.toISOString(),
        sha256: page.sha256,
      },
      context: around(page.text, chunk.charStart, chunk.charEnd),
    };
  }
  // A reference's text is held by its chunks: the neighbouring ones are its context.
  const near = await db
    .select({ ordinal: chunks.ordinal, text: chunks.text })
    .from(chunks)
    .where(
      and(
        eq(chunks.sourceKind, chunk.sourceKind),
        eq(chunks.sourceId, chunk.sourceId),
        inArray(chunks.ordinal, [chunk.ordinal - 1, chunk.ordinal + 1]),
      ),
    );
  const joined = [
    near.find((c) => c.ordinal === chunk.ordinal - 1)?.text,
    chunk.text,
    near.find((c) => c.ordinal === chunk.ordinal + 1)?.text,
  ];
  const start = joined[0] === undefined ? 0 : joined[0].length + 2;
  const [ref] = await db
    .select()
    .from(references)
    .where(and(eq(references.id, chunk.sourceId), eq(references.workspaceId, chunk.workspaceId)));
  const cite = ref
    ? citePassage(ref, chunk)
    : { url: referenceUrl(chunk.sourceId), title: chunk.heading ?? 'Reference' };
  return {
    passage,
    source: {
      kind: chunk.sourceKind,
      id: chunk.sourceId,
      url: cite.url,
      finalUrl: cite.url,
      title: cite.title,
      fetchedAt: null,
      sha256: null,
    },
    context: around(
      joined.filter((t) => t !== undefined).join('\n\n'),
      start,
      start + chunk.text.length,
    ),
  };
}

/** Up to CONTEXT_CHARS of `text` before `start` and after `end`, without cutting a word. */
function around(text: string, start: number, end: number): PassageView['context'] {
  let from = Math.max(0, start - CONTEXT_CHARS);
  if (from > 0) from = nextSpace(text, from, start);
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  if (to < text.length) to = Math.max(end, text.lastIndexOf(' ', to));
  return {
    before: text.slice(from, start),
    after: text.slice(end, to),
    moreBefore: from > 0,
    moreAfter: to < text.length,
  };
}

const nextSpace = (text: string, from: number, limit: number) => {
  const i = text.slice(from, limit).search(/\s/);
  return i < 0 ? from : from + i + 1;
};
