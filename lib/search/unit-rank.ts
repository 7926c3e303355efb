// Ranks the units (sentences, list items, rows) of the best passages: BM25 with the workspace's
// inverse document frequencies, plus the query's words in order (phrase) and close together
// (proximity), what the passage sits under (its page's title and its headings), a section titled
// with the question's subject, a definition of what a "what is" question asks about and, a little,
// the passage's own score. The thing a "which X" question asks for (its focus) counts twice.
import { BM25, type ScoredChunk, type TermStat } from './bm25';
import { asksWhatItDoes, definedBy, definedSubject, headedBySubject } from './definition';
import { keyTerms, rankWords, stem } from './terms';
import type { Passage } from './types';
import { isRowsHeading, quotable, units } from './units';

const WEIGHT = {
  heading: 0.3,
  phrase: 0.5,
  proximity: 0.5,
  passage: 0.15,
  section: 0.5,
  lead: 1,
  /**
   * A unit written as the definition of what a "what is X" question asks about is its answer
   * however often other units mention X: it counts twice X's weight.
   */
  definition: 2,
  /** The focus of a "which X …" question (`Which command must …`): what the answer must name. */
  focus: 2,
} as const;

type Candidate = Passage & { score: number };

/** The query's stemmed words with their IDF (0 for words no passage holds). */
export function queryTerms(query: string, terms: TermStat[]): Array<{ key: string; idf: number }> {
  const byWord = new Map(terms.map((t) => [t.word, t.idf]));
  const focus = focusOf(query);
  const out: Array<{ key: string; idf: number }> = [];
  for (const w of rankWords(query)) {
    const key = stem(w);
    if (!out.some((t) => t.key === key))
      out.push({ key, idf: (byWord.get(w) ?? 0) * (focus.has(key) ? WEIGHT.focus : 1) });
  }
  return out;
}

const AUX = String.raw`(?:does|do|did|is|are|was|were|must|should|can|could|will|would|has|have|may|might|shall)`;
const FOCUS = [
  new RegExp(String.raw`^\s*(?:which|what)\s+(?!${AUX}\b)((?:\S+\s+){0,2}?\S+)\s+${AUX}\s`, 'i'),
  /^\s*which\s+((?:\S+\s+){0,2}?\S+)\s+[a-z]+s\s/i,
];

/** A query that is a short noun phrase, not a question or a request (`current banner typography`). */
const NOUN_PHRASE = /^\s*(?:\p{L}[\p{L}\p{N}'’-]*\s+){1,4}\p{L}[\p{L}\p{N}'’-]*\s*$/u;
const NOT_A_NOUN = new RegExp(
  String.raw`^\s*(?:how|what|which|who|whom|whose|why|when|where|${AUX}|make|create|draw|render|find|show|list|give|get|use|set)\b`,
  'i',
);

/**
 * The head of a query that is a short noun phrase: its last word, the thing it is about (`current
 * banner typography` → typography). None for a question or a request.
 */
export function headOf(query: string): string | null {
  if (!NOUN_PHRASE.test(query) || NOT_A_NOUN.test(query)) return null;
  const words = rankWords(query);
  return words.length >= 2 ? stem(words[words.length - 1]) : null;
}

/** The kind of thing a "which X …?" question asks for (`Which command must…` → command). */
export function focusOf(query: string): Set<string> {
  for (const re of FOCUS) {
    const m = re.exec(query);
    if (m) return keyTerms(m[1]);
  }
  return new Set();
}

export function rankUnits(query: string, terms: TermStat[], chunks: ScoredChunk[]): Candidate[] {
  const q = queryTerms(query, terms);
  const idfOf = new Map(q.map((t) => [t.key, t.idf]));
  const idfSum = (keys: Iterable<string>) => [...keys].reduce((a, k) => a + (idfOf.get(k) ?? 0), 0);
  const defined = definedSubject(query);
  const does = asksWhatItDoes(query);
  const subject = defined ?? new Set(idfOf.keys());
  const top = Math.max(1e-9, ...chunks.map((c) => c.score));
  const heads = runningHeads(chunks);
  const pieces = chunks.flatMap((c) => {
    const rows = c.sourceKind === 'reference' && isRowsHeading(c.heading);
    const context = contextOf(c);
    const headingKeys = new Set(rankWords(context.join(' ')).map(stem));
    const head = heads.has(c.chunkId) ? firstLine(c.text).length : 0;
    const body = head ? ' '.repeat(head) + c.text.slice(head) : c.text;
    return units(body, { rows }).flatMap((u, i) => {
      const text = c.text.slice(u.start, u.end);
      const keys = rankWords(text).map(stem);
      if (!quotable(text, u.kind, { reference: c.sourceKind === 'reference' })) return [];
      // What follows a running head in lower case is the end of the last page's sentence.
      if (head && i === 0 && /^\p{Ll}/u.test(text)) return [];
      if (!keys.some((k) => idfOf.has(k))) return [];
      return [{ c, u, text, keys, headingKeys, context }];
    });
  });
  // A noun phrase's head must be there: a unit on banners that says nothing of typography does not
  // answer "current banner typography" (unless nothing the passages hold names it).
  const head = headOf(query);
  const names = (p: (typeof pieces)[number]) =>
    head !== null && (p.keys.includes(head) || p.headingKeys.has(head));
  const kept = head !== null && pieces.some(names) ? pieces.filter(names) : pieces;
  const avgLen = kept.reduce((a, p) => a + p.keys.length, 0) / Math.max(1, kept.length) || 1;
  return kept
    .map(({ c, u, text, keys, headingKeys, context }): Candidate => {
      const tf = new Map<string, number>();
      for (const k of keys) if (idfOf.has(k)) tf.set(k, (tf.get(k) ?? 0) + 1);
      let score = 0;
      for (const [k, f] of tf) {
        const norm = BM25.k1 * (1 - BM25.b + (BM25.b * keys.length) / avgLen);
        score += (idfOf.get(k) ?? 0) * ((f * (BM25.k1 + 1)) / (f + norm));
      }
      for (const t of q)
        if (!tf.has(t.key) && headingKeys.has(t.key)) score += WEIGHT.heading * t.idf;
      const titled = headedBySubject(context, subject, idfSum);
      const section = WEIGHT.section * idfSum(titled.terms);
      if (!defined) score += section;
      score +=
        phraseBoost(q, keys) + proximityBoost(idfOf, keys) + (WEIGHT.passage * c.score) / top;
      // Coordination: a unit that answers more of the question (by IDF) beats one that repeats a
      // part of it; without it BM25's length normalisation favours a short sentence holding two
      // of the words over the list item holding all of them.
      const covered = idfSum([...idfOf.keys()].filter((k) => tf.has(k) || headingKeys.has(k)));
      score *= covered / Math.max(1e-9, idfSum(idfOf.keys()));
      // For a definition question, the subject's definition, its section and that section's first
      // statement (where a page says what its subject is) make a unit the answer whatever else the
      // question says ("a Cargo workspace", "in a workspace"): none is scaled by what it leaves out.
      if (defined) {
        const lead = titled.own && opens(c, u) ? WEIGHT.lead * idfSum(titled.terms) : 0;
        score += section + lead + WEIGHT.definition * idfSum(definedBy(text, defined, does));
      }
      return {
        chunkId: c.chunkId,
        sourceKind: c.sourceKind,
        sourceId: c.sourceId,
        ordinal: c.ordinal,
        heading: c.heading,
        text,
        start: c.start + u.start,
        end: c.start + u.end,
        score,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.sourceId.localeCompare(b.sourceId) ||
        a.ordinal - b.ordinal ||
        a.start - b.start,
    )
    .filter(firstOfEachText())
    .filter(apart());
}

/** A unit that overlaps a better one of its passage (a statement and the one leaning on it) repeats it. */
function apart() {
  const kept = new Map<string, Array<{ start: number; end: number }>>();
  return (u: Candidate) => {
    const ranges = kept.get(u.chunkId) ?? [];
    if (ranges.some((r) => u.start < r.end && r.start < u.end)) return false;
    kept.set(u.chunkId, [...ranges, u]);
    return true;
  };
}

const firstLine = (text: string) => {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
};

/**
 * The passages that open a document's page with its running head: a first line that opens
 * another page of the same document too (`Shared MIME-info Database` atop every page of a manual).
 * It is the document's name, not the page's statement, and read as part of the first sentence it
 * would rank every page first for a question that names the document.
 */
function runningHeads(chunks: ScoredChunk[]): Set<string> {
  const pages = new Map<string, Set<string>>();
  const key = (c: ScoredChunk) => `${c.sourceId}\n${firstLine(c.text).trim()}`;
  const opening = chunks.filter((c) => c.sourceKind === 'reference' && !c.continues);
  for (const c of opening) {
    const k = key(c);
    pages.set(k, (pages.get(k) ?? new Set()).add(c.heading ?? ''));
  }
  return new Set(opening.filter((c) => (pages.get(key(c))?.size ?? 0) > 1).map((c) => c.chunkId));
}

/** The unit is its section's first statement: first in the passage that opens the section. */
const opens = (c: ScoredChunk, u: { start: number }) => !c.continues && u.start === 0;

/**
 * What a unit sits under, outermost first: the parts of its page's title (`Features - The Cargo
 * Book`: the page's name and the site's) and its heading path (`Page › Section › Subsection`). A
 * page's name is often only in its title (an extractor drops the `h1` that repeats it), and it
 * says what every passage of the page is about.
 */
export function contextOf(c: Pick<ScoredChunk, 'title' | 'heading'>): string[] {
  const title = (c.title ?? '')
    .split(/\s+[-|–—·:]\s+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const path = c.heading?.split(' › ') ?? [];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return [...title.filter((t) => !path.some((h) => same(h, t))), ...path];
}

/**
 * Sites repeat themselves (every command page of a manual carries the same option text): a unit
 * whose words a better one already said adds nothing and would take a source's place.
 */
function firstOfEachText() {
  const seen = new Set<string>();
  return (u: Candidate) => {
    const key = u.text.replace(/\s+/g, ' ').trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** Each pair of consecutive query words found next to each other, in the query's order. */
function phraseBoost(q: Array<{ key: string; idf: number }>, keys: string[]): number {
  let boost = 0;
  for (let i = 0; i + 1 < q.length; i++) {
    const [a, b] = [q[i], q[i + 1]];
    for (let j = 0; j + 1 < keys.length; j++) {
      if (keys[j] === a.key && keys[j + 1] === b.key) {
        boost += WEIGHT.phrase * (a.idf + b.idf);
        break;
      }
    }
  }
  return boost;
}

/** The shortest run of words holding every distinct query word the unit has: tighter is better. */
function proximityBoost(idfOf: Map<string, number>, keys: string[]): number {
  const want = new Set(keys.filter((k) => idfOf.has(k)));
  if (want.size < 2) return 0;
  let best = Infinity;
  const count = new Map<string, number>();
  let have = 0;
  let left = 0;
  for (let right = 0; right < keys.length; right++) {
    const k = keys[right];
    if (want.has(k)) {
      count.set(k, (count.get(k) ?? 0) + 1);
      if (count.get(k) === 1) have++;
    }
    while (have === want.size) {
      best = Math.min(best, right - left + 1);
      const l = keys[left++];
      if (want.has(l)) {
        count.set(l, (count.get(l) ?? 0) - 1);
        if (count.get(l) === 0) have--;
      }
    }
  }
  const sum = [...want].reduce((a, k) => a + (idfOf.get(k) ?? 0), 0);
  return (WEIGHT.proximity * sum * (want.size - 1)) / Math.max(1, best - 1);
}
