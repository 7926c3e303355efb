// The line format read_reference hands a model ("kind [citation]: text"), written and read in one
// place: language models read it as prose, the offline composer parses it back.
import { citeLabel, type Place } from '../../references/cite';
import type { ReadReferenceItem } from './read-reference';

export type Fact = {
  kind:
    | 'headline'
    | 'requirement'
    | 'page'
    | 'copy'
    | 'row'
    | 'palette'
    | 'recipe'
    | 'text'
    | 'error';
  cite: string;
  text: string;
};

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const LINE =
  /^(?:> )?(headline|requirement|copy|row|palette|recipe|text|error) (\[[^\]\n]*\]): (.*)$/gm;

/** A fact of one reference with the place it names, in the order the model reads them. */
export type PlacedFact = Fact & { at?: Place };

export function factsOf(r: ReadReferenceItem): PlacedFact[] {
  const facts: PlacedFact[] = [];
  const add = (kind: Fact['kind'], cite: string, text: string, at?: Place) =>
    facts.push({ kind, cite, text, ...(at ? { at } : {}) });
  if (r.headline) add('headline', r.headline.cite, r.headline.text, r.headline.at);
  for (const q of r.requirements ?? []) add('requirement', q.cite, q.text, q.at);
  if (r.row?.copy) add('copy', r.row.cite, r.row.copy.text, { row: r.row.n });
  if (r.row)
    add(
      'row',
      r.row.cite,
      Object.entries(r.row.values)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      { row: r.row.n },
    );
  if (r.palette)
    add(
      'palette',
      r.palette.cite,
      r.palette.swatches.map((s) => `${s.name} ${s.hex} ${Math.round(s.share * 100)}%`).join(', '),
      { part: 'palette' },
    );
  if (r.text) add('text', r.text.cite, r.text.text, r.text.at);
  if (r.recipe) {
    const at = { part: 'recipe' } as const;
    add('recipe', citeLabel(r.name, at), `${r.recipe.source}: ${r.recipe.prompt}`, at);
  }
  if (r.error) add('error', `[${r.name.replace(/[[\]]/g, '')}]`, r.error);
  if (r.page) add('page', r.page.cite, r.page.text, r.page.at);
  return facts;
}

export function factLines(r: ReadReferenceItem): string[] {
  // A page's full text keeps its lines; it is never parsed back.
  return factsOf(r).flatMap((f) =>
    f.kind === 'page' ? [`page ${f.cite}:`, f.text] : [`${f.kind} ${f.cite}: ${oneLine(f.text)}`],
  );
}

export function parseFacts(text: string): Fact[] {
  return [...text.matchAll(LINE)].map((m) => ({
    kind: m[1] as Fact['kind'],
    cite: m[2],
    text: m[3].trim(),
  }));
}

/** `forest green #2e7d32 50%, cream #faf0d7 30%` → `["forest green #2e7d32", "cream #faf0d7"]`. */
export const paletteColours = (text: string) =>
  [...text.matchAll(/([a-z][a-z ]*?) (#[0-9a-f]{6})\b/g)].map((m) => `${m[1]} ${m[2]}`);
