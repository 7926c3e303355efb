// Short prompt phrases taken word for word from a search finding: a facet's head word (a typeface
// class, a weight, a layout term, a colour) with the modifiers before it, e.g. "rounded geometric
// sans-serif" or "blush pink". A diffusion prompt wants such phrases, not the finding's sentence.
import { COLOURS } from '../colours';

/** Head words of a phrase, by facet; multi-word heads first so they win over their parts. */
const HEADS = {
  typography: [
    'letter-spacing',
    'letterspacing',
    'small caps',
    'slab serif',
    'sans-serif',
    'sans serif',
    'serif',
    'grotesque',
    'grotesk',
    'script',
    'lettering',
    'typefaces?',
    'fonts?',
    'uppercase',
    'lowercase',
    'capitals',
    'italics?',
    'weight',
    'tracking',
    'kerning',
    'leading',
    'flush left',
    'monospace',
    'helvetica',
    'futura',
    'univers',
  ],
  style: [
    'white space',
    'whitespace',
    'grids?',
    'layouts?',
    'compositions?',
    'photography',
    'photographs?',
    'illustrations?',
    'shapes',
    'contrast',
    'textures?',
    'gradients?',
    'lighting',
    'margins?',
  ],
  palette: COLOURS.filter((c) => c !== 'pastel' && c !== 'neon'),
} as const;
export type PhraseFacet = keyof typeof HEADS;

/** Words that end a phrase on the left: articles, prepositions, common verbs and quantities. */
const STOP = new Set(
  `a an the and or but nor of in on at to for with by from into onto over under as than then so is are was
  were be been being set sets setting use uses used using keep keeps pair pairs combine combines relies rely
  carry carried give gives make makes made reads read work works feature features one two single each every
  its their this that these those which who it they such like most more very often always never also all any
  some only well`.split(/\s+/),
);
const MODIFIERS = 2;
/** A palette finding lists several colours; another finding gives one or two phrases. */
const PER_FINDING = { typography: 2, style: 2, palette: 4 } as const;

const heads = (facet: PhraseFacet) =>
  new RegExp(`(?<![\\p{L}-])(?:${HEADS[facet].join('|')})(?![\\p{L}-])`, 'giu');

/**
 * The phrases of `text` for `facet`, in order of appearance, a few at most, lower-cased: each head
 * with up to two modifiers before it, taken while they are words (not stop words) in the same clause.
 */
export function phrasesOf(text: string, facet: PhraseFacet): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(heads(facet))) {
    const before = text.slice(0, m.index);
    // Only words directly before, in the same clause: punctuation ends the phrase.
    const tail = /((?:[\p{L}][\p{L}'’-]*\s+)*)$/u.exec(before)?.[1] ?? '';
    const mods: string[] = [];
    for (const w of tail.trim().split(/\s+/).filter(Boolean).reverse()) {
      if (mods.length === MODIFIERS || STOP.has(w.toLowerCase())) break;
      mods.unshift(w);
    }
    // CLIP reads lower case anyway.
    const phrase = [...mods, m[0]].join(' ').toLowerCase();
    if (found.some((f) => f.includes(phrase))) continue;
    // "sans-serif", then "sans-serif grotesque": the longer phrase takes the shorter one's place.
    const shorter = found.findIndex((f) => phrase.includes(f));
    if (shorter >= 0) found[shorter] = phrase;
    else if (found.length < PER_FINDING[facet]) found.push(phrase);
  }
  return found;
}

/** "cherry blossoms, tulips and fresh green shoots" after "such as", "like", "features": what a subject finding shows. */
export function thingsOf(text: string): string[] {
  const list = /\b(?:such as|like|including|features?|featuring|shows?)\s+([^.;:]+)/i.exec(
    text,
  )?.[1];
  if (!list) return [];
  return list
    .split(/,\s*|\s+(?:and|or)\s+/)
    .map((s) => s.trim().split(/\s+/).slice(0, 3).join(' '))
    .filter((s) => /^[\p{L}][\p{L}'’ -]*$/u.test(s))
    .slice(0, 3);
}
