import { contentWords, keyTerms, stem, termKey } from './terms';

export type PlanInput = {
  /** The question the run answers. */
  root: string;
  /** The query this step refines: the root on the first level, a sub-query below it. */
  query: string;
  breadth: number;
  /** What this branch has learned so far (empty on the first level). */
  learnings: string[];
  /** Queries the run already asked or planned; a planner should not repeat them. */
  asked: string[];
};

export type SubQuery = { query: string; goal: string };

/** Plans the next sub-queries. The offline default is deterministic; a language-model planner implements the same call. */
export interface ResearchPlanner {
  readonly name: string;
  plan(input: PlanInput): Promise<SubQuery[]>;
}

/** What a brief needs from research: how it should look, what is true about the subject, how type is set. */
const FACETS: Array<{ words: string; goal: string }> = [
  { words: '', goal: 'overview of the subject' },
  { words: 'visual style', goal: 'style references: look, composition, palette' },
  { words: 'typography', goal: 'typography conventions: typefaces, lettering, layout of text' },
  { words: 'history facts', goal: 'subject facts: origins, dates, names' },
  { words: 'colour palette', goal: 'colours and palette' },
  { words: 'composition layout', goal: 'composition and layout' },
];

/**
 * Offline planner: the first level covers the facets above; deeper levels follow the words the
 * branch's learnings use most that the root query does not (ties broken alphabetically).
 */
export const deterministicPlanner: ResearchPlanner = {
  name: 'deterministic',
  async plan({ root, query, breadth, learnings, asked }) {
    const base = root.trim().replace(/\s+/g, ' ');
    const candidates: SubQuery[] = learnings.length
      ? salientWords(learnings, keyTerms(`${root} ${query}`)).map((w) => ({
          query: `${base} ${w}`,
          goal: `follow up on "${w}"`,
        }))
      : FACETS.map((f) => ({ query: f.words ? `${base} ${f.words}` : base, goal: f.goal }));
    return pickNew(candidates, asked, breadth);
  },
};

/** Quick search: the question itself, once. */
export const singleQueryPlanner: ResearchPlanner = {
  name: 'single',
  async plan({ query, asked }) {
    return pickNew([{ query, goal: 'answer the question' }], asked, 1);
  },
};

export function pickNew(candidates: SubQuery[], asked: string[], breadth: number): SubQuery[] {
  const seen = new Set(asked.map(termKey));
  const out: SubQuery[] = [];
  for (const c of candidates) {
    const key = termKey(c.query);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(c);
    if (out.length >= breadth) break;
  }
  return out;
}

/**
 * Words worth a follow-up: used by more learnings first, then names (capitalised inside a
 * sentence: Helvetica, Müller-Brockmann), then longer words; ties alphabetical.
 */
function salientWords(learnings: string[], exclude: Set<string>): string[] {
  const stats = new Map<
    string,
    { learnings: number; name: boolean; surface: Map<string, number> }
  >();
  for (const learning of learnings) {
    const names = new Set(
      (learning.match(/(?<=\S\s+)\p{Lu}[\p{L}-]+/gu) ?? []).map((w) => stem(w.toLowerCase())),
    );
    const seen = new Set<string>();
    for (const w of contentWords(learning)) {
      if (w.length < 4 || /^\d+$/.test(w)) continue;
      const s = stem(w);
      if (exclude.has(s)) continue;
      const c = stats.get(s) ?? { learnings: 0, name: false, surface: new Map() };
      if (!seen.has(s)) c.learnings++;
      seen.add(s);
      c.name ||= names.has(s);
      c.surface.set(w, (c.surface.get(w) ?? 0) + 1);
      stats.set(s, c);
    }
  }
  const score = (c: { learnings: number; name: boolean }, s: string) =>
    c.learnings * 10 + (c.name ? 5 : 0) + Math.min(s.length, 12) / 12;
  return [...stats.entries()]
    .sort((a, b) => score(b[1], b[0]) - score(a[1], a[0]) || a[0].localeCompare(b[0]))
    .map(
      ([, c]) =>
        [...c.surface.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0],
    );
}
