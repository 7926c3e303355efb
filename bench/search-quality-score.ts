// Scores one answer against the fact its question names: answered (the answer states the fact and
// cites a passage that holds it), the fact's passage at citation [1], and the reciprocal rank of the
// first citation whose passage holds it.

export type Cited = { n: number; passage: string };
export type Score = {
  answered: boolean;
  atFirst: boolean;
  reciprocalRank: number;
  rank: number | null;
};

/** PDF text breaks lines mid-sentence and answers collapse whitespace: compare on single spaces. */
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

export function scoreAnswer(fact: RegExp, answer: string, citations: Cited[]): Score {
  const ordered = [...citations].sort((a, b) => a.n - b.n);
  const index = ordered.findIndex((c) => fact.test(flat(c.passage)));
  const holding = index >= 0 ? ordered[index] : null;
  const answered = holding !== null && answer.includes(`[${holding.n}]`) && fact.test(flat(answer));
  return {
    answered,
    atFirst: answered && holding?.n === ordered[0]?.n && index === 0,
    reciprocalRank: index >= 0 ? 1 / (index + 1) : 0,
    rank: index >= 0 ? index + 1 : null,
  };
}

export function summarize(scores: Score[]) {
  const n = scores.length || 1;
  const share = (k: (s: Score) => boolean) => Math.round((scores.filter(k).length / n) * 1000) / 10;
  return {
    questions: scores.length,
    answeredPct: share((s) => s.answered),
    atFirstPct: share((s) => s.atFirst),
    mrr: Math.round((scores.reduce((a, s) => a + s.reciprocalRank, 0) / n) * 1000) / 1000,
  };
}
