// A search run's findings by facet (style, subject, typography, palette), each with the citation
// numbers behind it: written into search_web's result once, read by a language model as lines of
// "facet [n]: text" and parsed back by the offline composer, like read_reference's facts.
import type { SearchOutcome } from '../../search/store/outcome';
import { readsAsInstructions } from '../../search/untrusted';
import { COLOURS, wordsIn } from '../colours';

export const FACETS = ['style', 'subject', 'typography', 'palette'] as const;
export type Facet = (typeof FACETS)[number];
export type Finding = { facet: Facet; text: string; cite: number[] };

const MAX_FINDINGS = 12;
const MAX_TEXT = 300;
const PALETTE_WORDS = /\b(?:palettes?|colou?rs?|hues?|tones?|accents?)\b/i;
const LINE = /^(?:> )?(style|subject|typography|palette) ((?:\[\d{1,3}\])+): (.*)$/gm;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The stored sections' items, in order, each keeping only the citations that survived validation
 * (an item with none is not a finding, nor is one that speaks to the assistant: a page's injected
 * instructions never shape a prompt). A style or subject item that names colours and speaks of
 * colour is a palette finding.
 */
export function findingsOf(o: {
  sections: SearchOutcome['sections'];
  citations: Array<{ n: number }>;
}): Finding[] {
  const kept = new Set(o.citations.map((c) => c.n));
  const out: Finding[] = [];
  for (const section of o.sections) {
    for (const item of section.items) {
      const cite = [...new Set(item.cite.filter((n) => kept.has(n)))];
      const text = oneLine(item.text).slice(0, MAX_TEXT);
      if (!cite.length || readsAsInstructions(text)) continue;
      const palette =
        section.key !== 'typography' &&
        PALETTE_WORDS.test(text) &&
        wordsIn(text, COLOURS).length > 0;
      out.push({ facet: palette ? 'palette' : section.key, text, cite });
    }
  }
  // Ranked order, as the answer numbers its citations.
  return out.sort((a, b) => a.cite[0] - b.cite[0]).slice(0, MAX_FINDINGS);
}

export const findingLines = (findings: Finding[]) =>
  findings.map((f) => `${f.facet} ${f.cite.map((n) => `[${n}]`).join('')}: ${f.text}`).join('\n');

export function parseFindings(text: string): Finding[] {
  return [...text.matchAll(LINE)].map((m) => ({
    facet: m[1] as Facet,
    cite: [...m[2].matchAll(/\d+/g)].map((n) => Number(n[0])),
    text: m[3].trim(),
  }));
}
