import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { chunks, type PassageRef } from '../../db/schema';
import { type CitationStatus, validateCitations } from './citations';
import type { Learning } from './learn';
import type { Section, Synthesizer } from './synthesis';

export type CheckedCitation = {
  n: number;
  passage: PassageRef;
  /** The cited text: the stored chunk's text over the citation's range. */
  text: string;
  claim: string;
  status: CitationStatus;
  coverage: number;
};

export type FinalAnswer = { answer: string; sections: Section[]; citations: CheckedCitation[] };

/**
 * Synthesises the answer, resolves every citation to its stored passage (a citation whose chunk
 * is missing, belongs to another source or lies outside the chunk has no passage) and validates
 * each against the claim it supports.
 */
export async function composeAnswer(
  db: DbOrTx,
  synthesizer: Synthesizer,
  input: { query: string; learnings: Learning[]; sourceCount: number },
): Promise<FinalAnswer> {
  const draft = await synthesizer.synthesize(input);
  const texts = await passageTexts(
    db,
    draft.citations.map((c) => c.passage),
  );
  const byN = new Map<number, string>();
  draft.citations.forEach((c, i) => {
    const t = texts[i];
    if (t !== null) byN.set(c.n, t);
  });
  const { answer, checks } = validateCitations(draft.answer, byN);
  const checkOf = new Map(checks.map((c) => [c.n, c]));
  const citations = draft.citations.flatMap((c): CheckedCitation[] => {
    const check = checkOf.get(c.n);
    // A citation the answer never uses is not a citation.
    if (!check) return [];
    return [
      {
        n: c.n,
        passage: c.passage,
        text: byN.get(c.n) ?? '',
        claim: check.claim,
        status: check.status,
        coverage: check.coverage,
      },
    ];
  });
  return { answer, sections: draft.sections, citations };
}

/** For each reference, the stored text it covers, or null when it does not point into a stored chunk. */
export async function passageTexts(db: DbOrTx, refs: PassageRef[]): Promise<Array<string | null>> {
  const ids = [...new Set(refs.map((r) => r.chunkId))];
  const rows = ids.length ? await db.select().from(chunks).where(inArray(chunks.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return refs.map((r) => {
    const c = byId.get(r.chunkId);
    if (!c || c.sourceId !== r.sourceId || c.sourceKind !== r.sourceKind) return null;
    if (r.start < c.charStart || r.end > c.charEnd || r.start >= r.end) return null;
    return c.text.slice(r.start - c.charStart, r.end - c.charStart);
  });
}
