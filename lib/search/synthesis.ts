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

export function sectionOf(text: string): SectionKey {
  const terms = keyTerms(text);
  const count = (k: keyof typeof LEXICON) => [...terms].filter((t) => LEXICON[k].has(t)).length;
  const typo = count('typography');
  const style = count('style');
  if (typo === 0 && style === 0) return 'subject';
  return typo >= style ? 'typography' : 'style';
}

/**
 * Offline synthesizer: sorts learnings into style references, subject facts and typography
 * conventions and lists each with its citation. Citations are numbered in order of first use,
 * one number per distinct passage range.
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
    for (const l of learnings) {
      const section = sections.find((s) => s.key === sectionOf(l.text))!;
      if (section.items.length >= PER_SECTION) continue;
      section.items.push({ text: l.text, cite: l.passages.map(cite) });
    }
    const filled = sections.filter((s) => s.items.length);
    if (!filled.length) {
      return {
        answer: `No passage in the ${sourceCount} source${sourceCount === 1 ? '' : 's'} searched matched "${oneLine(query)}".`,
        sections,
        citations,
      };
    }
    const lines = [
      `Findings for "${oneLine(query)}" from ${sourceCount} source${sourceCount === 1 ? '' : 's'}:`,
    ];
    for (const s of filled) {
      lines.push('', `**${s.title}**`);
      for (const item of s.items)
        lines.push(`- ${item.text} ${item.cite.map((n) => `[${n}]`).join('')}`);
    }
    return { answer: lines.join('\n'), sections, citations };
  },
};

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 200);
