// What the offline composer takes from search_web: phrases of the findings that are about the
// request's topic, by the part of the prompt they shape, each with the citations it came from.
import { keyTerms } from '../../search/terms';
import { type Finding, parseFindings } from '../tools/search-findings';
import { phrasesOf, thingsOf } from './finding-phrases';
import type { Cited } from './grounding';

export type Research = {
  subject: Cited[];
  style: Cited[];
  palette: Cited[];
  typography: Cited[];
};

const PER_PART: Record<keyof Research, number> = {
  subject: 3,
  style: 3,
  palette: 4,
  typography: 3,
};

/** Words that say which facet a topic asks about, not what it is about. */
const FACET_WORDS = keyTerms(
  `typography typographic type typeface typefaces font fonts lettering style styles visual visuals palette
  palettes colour colours color colors look looks design trend trends current latest convention conventions
  idea ideas example examples inspiration reference references`,
);

/** "spring banner typography" → {spring, banner}: what the findings must be about. */
export const topicTerms = (topic: string) =>
  new Set([...keyTerms(topic)].filter((t) => !FACET_WORDS.has(t)));

/** The topic's words in order without the facet words: "spring banner typography" → "spring banner". */
export const topicSubject = (topic: string) => {
  const keep = topicTerms(topic);
  return topic
    .split(/\s+/)
    .filter((w) => [...keyTerms(w)].some((t) => keep.has(t)))
    .join(' ');
};

/** `output`: search_web's result as the model received it; `topic`: what the request asked to look up. */
export function researchFrom(output: unknown, topic: string): Research | null {
  if (typeof output !== 'string') return null;
  const findings = parseFindings(output);
  const terms = topicTerms(topic);
  const about = (f: Finding) => [...keyTerms(f.text)].some((t) => terms.has(t));
  // Findings about the topic when there are any; a search for a bare facet ("typography") takes all.
  const onTopic = findings.filter(about);
  const r: Research = { subject: [], style: [], palette: [], typography: [] };
  const add = (part: keyof Research, text: string, cite: string) => {
    if (r[part].length < PER_PART[part] && !r[part].some((c) => c.text === text))
      r[part].push({ text, cite });
  };
  for (const f of onTopic.length ? onTopic : findings) {
    const cite = f.cite.map((n) => `[${n}]`).join('');
    if (f.facet === 'subject') for (const t of thingsOf(f.text)) add('subject', t, cite);
    else for (const p of phrasesOf(f.text, f.facet)) add(f.facet, p, cite);
  }
  return Object.values(r).some((v) => v.length) ? r : null;
}
