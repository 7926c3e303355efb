import type { PassageRef } from '../../db/schema';
import { keyTerms, termKey } from './terms';
import type { Passage } from './types';
import { BULLET, isRowsHeading, quotable, type UnitKind, units } from './units';

export type Learning = { text: string; passages: PassageRef[] };

/** Turns the passages a step found into learnings, each tied to the passage ranges it came from. */
export interface Learner {
  readonly name: string;
  /** `known`: what earlier levels of the run learned; a learner should add to it, not repeat it. */
  learn(input: {
    query: string;
    passages: Passage[];
    max: number;
    known: string[];
  }): Promise<Learning[]>;
}

/**
 * Offline learner: from each passage (best ranked first) the unit (sentence, list item or row) that
 * shares the most key terms with the query, quoted as found; the learning's range is that unit in
 * the source text. A passage the retriever already narrowed to one unit gives that unit.
 */
export const extractiveLearner: Learner = {
  name: 'extractive',
  async learn({ query, passages, max, known }) {
    const want = keyTerms(query);
    const out: Learning[] = [];
    const seen = new Set(known.map(termKey));
    for (const p of passages) {
      const best = bestSentence(p, want, seen);
      if (!best) continue;
      const key = termKey(best.text);
      seen.add(key);
      out.push({
        text: best.text,
        passages: [
          {
            chunkId: p.chunkId,
            sourceKind: p.sourceKind,
            sourceId: p.sourceId,
            start: p.start + best.start,
            end: p.start + best.end,
          },
        ],
      });
      if (out.length >= max) break;
    }
    return out;
  },
};

function bestSentence(
  p: Passage,
  want: Set<string>,
  seen: Set<string>,
): { text: string; start: number; end: number } | null {
  let best: { text: string; start: number; end: number; score: number; kind: UnitKind } | null =
    null;
  const reference = p.sourceKind === 'reference';
  const rows = reference && isRowsHeading(p.heading);
  for (const s of units(p.text, { rows })) {
    const raw = p.text.slice(s.start, s.end);
    if (!quotable(raw, s.kind, { reference })) continue;
    const terms = keyTerms(raw);
    const hits = [...want].filter((t) => terms.has(t)).length;
    if (!hits || seen.has(termKey(raw))) continue;
    // Prefer more query terms, then denser sentences, then the earlier one.
    const score = hits + Math.min(terms.size, 20) / 100;
    // A unit that holds the one before (a statement with the sentence leaning on it) wins a tie.
    const holds = best !== null && s.start <= best.start && s.end > best.end;
    if (!best || score > best.score || (score === best.score && holds))
      best = { text: cleanSentence(raw), start: s.start, end: s.end, score, kind: s.kind };
  }
  // Cleaning may leave too little (a sentence of citation markers).
  return best && quotable(best.text, best.kind, { reference }) ? best : null;
}

/** `&#91;`, `&#x5d;`, `&lbrack;`…: markdown would turn them back into the characters they name. */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

/**
 * A learning is quoted verbatim except for whitespace, bracketed numbers, any other square bracket
 * and character references: the answer is markdown, and a page must not write a citation marker
 * ([n], nested, escaped or encoded) or a link into it.
 */
export const cleanSentence = (s: string) =>
  s
    .replace(/\[\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*\]/g, '')
    .replace(/[[\]]/g, '')
    .replace(CHARACTER_REFERENCE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(BULLET, '')
    .trim();
