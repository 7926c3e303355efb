// What the offline composer takes from read_reference: the brief's headline, the asked-for row's copy
// and the moodboard's palette, each with the citation label it is shown with. A sheet's copy is set
// as exact text only when the request asks for a row or for copy: read_reference answers with the
// first row when none is named, and "the headline from the brief" must not gain a stray line.
import { paletteColours, parseFacts } from '../tools/reference-facts';

export type Cited = { text: string; cite: string };
export type Grounding = {
  headline?: Cited;
  copy?: Cited;
  palette?: { colours: string[]; cite: string };
  requirements: Cited[];
};

const MAX_EXACT = 200;
const PALETTE_COLOURS = 4;
const MAX_REQUIREMENTS = 5;
const ROW = /\brow\s*(?:#|no\.?|number)?\s*(\d{1,7})\b/i;
const ASKS_FOR_COPY = /\b(?:copy|tagline|slogan|sku)\b/i;
const PAGE = /\b(?:page|p\.)\s*(\d{1,5})\b/i;
/** "using row 14 of the copy", "from page 2": where to read, not what to draw. */
export const PLACE_PHRASE =
  /(?:,?\s*\b(?:using|from|with|per|on|in|for)\s+)?(?:the\s+)?(?:copy\s+(?:from|in|on|of)\s+)?\b(?:row|page)\s*(?:#|no\.?|number)?\s*\d+(?:\s+of\s+(?:the|my|our)?\s*[\w.-]+)?/gi;

/** The read_reference input a request asks for: `row 14`, `page 2`. */
export function referenceRequest(request: string): { row?: number; page?: number } {
  const row = ROW.exec(request)?.[1];
  const page = PAGE.exec(request)?.[1];
  return { ...(row ? { row: Number(row) } : {}), ...(page ? { page: Number(page) } : {}) };
}

/** `output`: read_reference's result as the model received it (its quoted text). */
export function groundingFrom(output: unknown, request: string): Grounding | null {
  if (typeof output !== 'string') return null;
  const wantsCopy = ROW.test(request) || ASKS_FOR_COPY.test(request);
  const g: Grounding = { requirements: [] };
  for (const f of parseFacts(output)) {
    const cited = { text: f.text.slice(0, MAX_EXACT), cite: f.cite };
    if (f.kind === 'headline') g.headline ??= cited;
    if (f.kind === 'copy' && f.text && wantsCopy) g.copy ??= cited;
    if (f.kind === 'requirement' && g.requirements.length < MAX_REQUIREMENTS)
      g.requirements.push(cited);
    if (f.kind === 'palette' && !g.palette)
      g.palette = { colours: paletteColours(f.text).slice(0, PALETTE_COLOURS), cite: f.cite };
  }
  return g.headline || g.copy || g.palette ? g : null;
}
