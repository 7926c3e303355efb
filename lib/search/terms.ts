// Word-level helpers shared by the planner, the extractive learner, ranking and the citation
// validator, so all of them agree on what a "key term" of a sentence is.

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have having
  he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
  nor not now of off on once only or other our ours ourselves out over own same she should so some such than
  that the their theirs them themselves then there these they this those through to too under until up very
  was we were what when where which while who whom why will with would you your yours yourself yourselves
  one two many much may might must shall us via per like use used using get got make made also etc e.g i.e
  new across along among around away back became become every first given however often rather since still
  later today upon within without whose whether well way ways yet towards toward even ever less least
  part parts kind often thing things something several various another mean means`.split(/\s+/),
);

/** Lower-cased letter/digit runs, apostrophes folded in (Unicode-aware). */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []
  ).map((w) => w.replace(/['’]s$/, ''));
}

/**
 * A light suffix-stripper: enough that "posters"/"poster" and "typefaces"/"typeface" meet, and,
 * with a final "e" dropped, "disable"/"disabled"/"disabling" and "cache"/"cached".
 */
export function stem(word: string): string {
  if (word.length <= 4 || /^\d/.test(word)) return word;
  const base = suffixless(word);
  return base.length > 4 && base.endsWith('e') ? base.slice(0, -1) : base;
}

function suffixless(word: string): string {
  if (word.endsWith('ies') && word.length > 5) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && /(ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

/**
 * PostgreSQL's English stop words (`english.stop`): the function words full-text search leaves
 * out. Ranking drops only these, so a question's "cargo new" or "how are they used" keeps its
 * words; inverse document frequency weighs the common ones.
 */
const RANK_STOPWORDS = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
  hers herself it its itself they them their theirs themselves what which who whom this that these those
  am is are was were be been being have has had having do does did doing a an the and but if or because
  as until while of at by for with about against between into through during before after above below to
  from up down in out on off over under again further then once here there when where why how all any
  both each few more most other some such no nor not only own same so than too very s t can will just
  don should now`.split(/\s+/),
);

/** The words ranking matches, in order, duplicates kept: all but PostgreSQL's stop words. */
export function rankWords(text: string): string[] {
  return words(text).filter((w) => !RANK_STOPWORDS.has(w) && (w.length > 1 || /^\d+$/.test(w)));
}

/** Content words of a text, in order, duplicates kept. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) && (w.length > 2 || /^\d+$/.test(w)));
}

/** The distinct stemmed key terms of a text. */
export function keyTerms(text: string): Set<string> {
  return new Set(contentWords(text).map(stem));
}

/** Share of `claim`'s key terms found in `passage` (1 when the claim has none). */
export function termCoverage(
  claim: string,
  passage: string,
): { coverage: number; missing: string[] } {
  const need = keyTerms(claim);
  if (need.size === 0) return { coverage: 1, missing: [] };
  const have = keyTerms(passage);
  const missing = [...need].filter((t) => !have.has(t));
  return { coverage: (need.size - missing.length) / need.size, missing };
}

/** A PostgreSQL `websearch_to_tsquery` input that matches any key word (never a syntax error). */
export function anyTermQuery(text: string): string {
  return [...new Set(contentWords(text))].slice(0, 32).join(' or ');
}

/** Sentences with their offsets in `text` (end exclusive, surrounding space not included). */
export function sentences(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const start = from + (raw.length - raw.trimStart().length);
    const end = to - (raw.length - raw.trimEnd().length);
    if (end > start) out.push({ start, end });
  };
  // A sentence ends at . ! ? (and closing quotes) followed by space or the end, or at a line break;
  // so "evil.example" and "1.5" stay inside their sentence.
  let from = 0;
  for (const m of text.matchAll(/[.!?]+["'”’)\]]*(?=\s|$)|\n/g)) {
    push(from, m[0] === '\n' ? m.index : m.index + m[0].length);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return mergeAbbreviations(text, out);
}

// "e.g." and "St." split sentences too eagerly; rejoin a piece that ends on a short abbreviation.
function mergeAbbreviations(text: string, parts: Array<{ start: number; end: number }>) {
  const out: Array<{ start: number; end: number }> = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (
      prev &&
      /(?:\b[A-Za-z]{1,3}\.|\d\.)$/.test(text.slice(prev.start, prev.end)) &&
      /^[a-z0-9]/.test(text.slice(p.start))
    ) {
      prev.end = p.end;
    } else out.push({ ...p });
  }
  return out;
}

/** Text reduced to its stemmed content words: equal keys mean the same query or the same learning. */
export const termKey = (text: string) => contentWords(text).map(stem).join(' ');
