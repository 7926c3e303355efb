import type { PassageRef } from '../../db/schema';
import type { Learning } from './learn';
import { keyTerms } from './terms';

export type SectionKey = 'style' | 'subject' | 'typography';
export type Section = {
  key: SectionKey;
  title: string;
  items: Array<{ text: string; cite: number[] }>;
};
export type DraftCitation = { n: number; passage: PassageRef };
export type Synthesis = { answer: string; sections: Section[]; citations: DraftCitation[] };

/** Writes the answer from the run's learnings; every `[n]` it writes must come with a DraftCitation. */
export interface Synthesizer {
  readonly name: string;
  synthesize(input: {
    query: string;
    learnings: Learning[];
    sourceCount: number;
  }): Promise<Synthesis>;
}

const TITLES: Record<SectionKey, string> = {
  style: 'Style references',
  subject: 'Subject facts',
  typography: 'Typography conventions',
};

const LEXICON: Record<Exclude<SectionKey, 'subject'>, Set<string>> = {
  typography: new Set(
    `typeface typefaces font fonts type typography typographic typographer lettering letterform letterforms serif serifs
    sans sans-serif grotesk grotesque helvetica univers futura akzidenz kerning tracking leading italic italics uppercase
    lowercase capitals caps headline headlines glyph glyphs ligature baseline monospace calligraphy weight weights`
      .split(/\s+/)
      .flatMap((w) => [...keyTerms(w)]),
  ),
  style: new Set(
    `style styles palette colour colours color colors composition grid grids layout texture mood aesthetic minimal
    minimalist photograph photography illustration illustrations lighting contrast geometric asymmetric asymmetry pattern
    shapes visual imagery gradient pastel vibrant muted monochrome whitespace`
      .split(/\s+/)
      .flatMap((w) => [...keyTerms(w)]),
  ),
};

const PER_SECTION = 6;

/** Words of a creative brief: a question with them is answered under the facet headings. */
const DESIGN = new Set(
  `design designs poster posters banner banners brief logo logos brand branding visual visuals artwork illustration
  campaign graphic graphics moodboard advert advertising packaging signage cover mockup`
    .split(/\s+/)
    .flatMap((w) => [...keyTerms(w)]),
);

/** A question about how something should look: style, typography or a design artefact. */
export function asksForDesign(query: string): boolean {
  return sectionOf(query) !== 'subject' || [...keyTerms(query)].some((t) => DESIGN.has(t));
}

export function sectionOf(text: string): SectionKey {
  const terms = keyTerms(text);
  const count = (k: keyof typeof LEXICON) => [...terms].filter((t) => LEXICON[k].has(t)).length;
  const typo = count('typography');
  const style = count('style');
  if (typo === 0 && style === 0) return 'subject';
  return typo >= style ? 'typography' : 'style';
}

/**
 * Offline synthesizer: leads with the best-ranked learning, then lists the rest, under the facet
 * headings (style references, subject facts, typography conventions) when the question is a design
 * one and under one plain heading otherwise. The sections keep every learning by facet. Citations
 * are numbered in order of first use, one number per distinct passage range, so the lead is [1].
 */
export const extractiveSynthesizer: Synthesizer = {
  name: 'extractive',
  async synthesize({ query, learnings, sourceCount }) {
    const sections: Section[] = (['style', 'subject', 'typography'] as const).map((key) => ({
      key,
      title: TITLES[key],
      items: [],
    }));
    const numbers = new Map<string, number>();
    const citations: DraftCitation[] = [];
    const cite = (p: PassageRef) => {
      const key = `${p.chunkId}:${p.start}:${p.end}`;
      let n = numbers.get(key);
      if (n === undefined) {
        n = citations.length + 1;
        numbers.set(key, n);
        citations.push({ n, passage: p });
      }
      return n;
    };
    const lead = learnings[0]
      ? { text: learnings[0].text, cite: learnings[0].passages.map(cite) }
      : null;
    for (const [i, l] of learnings.entries()) {
      const section = sections.find((s) => s.key === sectionOf(l.text))!;
      if (section.items.length >= PER_SECTION) continue;
      section.items.push(i === 0 && lead ? lead : { text: l.text, cite: l.passages.map(cite) });
    }
    const filled = sections.filter((s) => s.items.length);
    if (!lead) {
      return {
        answer: `No passage in the ${sourceCount} source${sourceCount === 1 ? '' : 's'} searched matched "${oneLine(query)}".`,
        sections,
        citations,
      };
    }
    const marks = (item: { cite: number[] }) => item.cite.map((n) => `[${n}]`).join('');
    const lines = [
      `Findings for "${oneLine(query)}" from ${sourceCount} source${sourceCount === 1 ? '' : 's'}:`,
      '',
      `${lead.text} ${marks(lead)}`,
    ];
    const groups = asksForDesign(query)
      ? filled.map((s) => ({ title: s.title, items: s.items.filter((i) => i !== lead) }))
      : [
          {
            title: 'Also in the sources',
            // Numbers follow the ranking, so this is the rest in ranked order.
            items: filled
              .flatMap((s) => s.items)
              .filter((i) => i !== lead)
              .sort((a, b) => a.cite[0] - b.cite[0]),
          },
        ];
    for (const g of groups.filter((g) => g.items.length)) {
      lines.push('', `**${g.title}**`);
      for (const item of g.items) lines.push(`- ${item.text} ${marks(item)}`);
    }
    return { answer: lines.join('\n'), sections, citations };
  },
};

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 200);
