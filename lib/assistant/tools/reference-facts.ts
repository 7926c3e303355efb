// The line format read_reference hands a model ("kind [citation]: text"), written and read in one
// place: language models read it as prose, the offline composer parses it back.
import { citeLabel } from '../../references/cite';
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

export function factLines(r: ReadReferenceItem): string[] {
  const lines: string[] = [];
  const add = (kind: Fact['kind'], cite: string, text: string) =>
    lines.push(`${kind} ${cite}: ${oneLine(text)}`);
  if (r.headline) add('headline', r.headline.cite, r.headline.text);
  for (const q of r.requirements ?? []) add('requirement', q.cite, q.text);
  if (r.row?.copy) add('copy', r.row.cite, r.row.copy.text);
  if (r.row)
    add(
      'row',
      r.row.cite,
      Object.entries(r.row.values)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    );
  if (r.palette)
    add(
      'palette',
      r.palette.cite,
      r.palette.swatches.map((s) => `${s.name} ${s.hex} ${Math.round(s.share * 100)}%`).join(', '),
    );
  if (r.text) add('text', r.text.cite, r.text.text);
  if (r.recipe)
    add('recipe', citeLabel(r.name, { part: 'recipe' }), `${r.recipe.source}: ${r.recipe.prompt}`);
  if (r.error) add('error', `[${r.name.replace(/[[\]]/g, '')}]`, r.error);
  // A page's full text keeps its lines; it is never parsed back.
  if (r.page) lines.push(`page ${r.page.cite}:`, r.page.text);
  return lines;
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
