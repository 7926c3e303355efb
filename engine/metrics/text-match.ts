// Approximate matching of an expected text inside recognised text.

/**
 * The form texts are compared in: Unicode NFKC (so ligatures and full-width forms read as the
 * letters they show), lower case, every run of whitespace one space, no space at either end.
 */
export const normaliseText = (text: string) =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export interface SubstringMatch {
  /** Levenshtein distance (insertions, deletions, substitutions, each 1) to text[start, end). */
  distance: number;
  /** Code-point offsets into the text. */
  start: number;
  end: number;
}

/**
 * The substring of `text` with the smallest Levenshtein distance to `pattern` (Sellers' semi-global
 * alignment: the match may start and end anywhere in the text at no cost). The whole text is one
 * of the candidates, and the empty substring another, so the distance is at most the pattern's
 * length. Both arguments are arrays of code points; O(pattern × text) time.
 */
export function bestSubstringMatch(pattern: string[], text: string[]): SubstringMatch {
  const m = text.length;
  let cost = new Int32Array(m + 1);
  // Where the alignment ending at each text position started.
  let from = Int32Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= pattern.length; i++) {
    const nextCost = new Int32Array(m + 1);
    const nextFrom = new Int32Array(m + 1);
    nextCost[0] = i;
    for (let j = 1; j <= m; j++) {
      const diagonal = cost[j - 1] + (pattern[i - 1] === text[j - 1] ? 0 : 1);
      const skipPattern = cost[j] + 1;
      const skipText = nextCost[j - 1] + 1;
      if (diagonal <= skipPattern && diagonal <= skipText)
        [nextCost[j], nextFrom[j]] = [diagonal, from[j - 1]];
      else if (skipPattern <= skipText) [nextCost[j], nextFrom[j]] = [skipPattern, from[j]];
      else [nextCost[j], nextFrom[j]] = [skipText, nextFrom[j - 1]];
    }
    [cost, from] = [nextCost, nextFrom];
  }
  let end = 0;
  for (let j = 1; j <= m; j++) if (cost[j] < cost[end]) end = j;
  return { distance: cost[end], start: from[end], end };
}
