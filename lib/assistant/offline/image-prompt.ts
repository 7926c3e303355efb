import { type Grounding, PLACE_PHRASE } from './grounding';

export type ImagePrompt = {
  subject: string;
  style: string;
  palette: string[];
  exactText: string[];
  negative: string;
  /** The single-line prompt handed to the image pipeline. */
  prompt: string;
  /** Palette entries and exact texts taken from references, with their citation labels. */
  cites?: Record<string, string>;
};

const MAX_PROMPT = 2000;

const COLOURS = [
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'violet',
  'pink',
  'magenta',
  'cyan',
  'teal',
  'white',
  'black',
  'grey',
  'gray',
  'brown',
  'gold',
  'silver',
  'navy',
  'beige',
  'cream',
  'turquoise',
  'crimson',
  'coral',
  'olive',
  'lime',
  'indigo',
  'pastel',
  'neon',
  'monochrome',
];
const STYLES = [
  'photorealistic',
  'photograph',
  'photo',
  'illustration',
  'watercolor',
  'watercolour',
  'flat',
  'minimal',
  'minimalist',
  '3d',
  'isometric',
  'vintage',
  'retro',
  'line art',
  'cinematic',
  'editorial',
  'bauhaus',
  'art deco',
  'pop art',
  'sketch',
  'oil painting',
  'vector',
  'studio lighting',
  'bold',
  'playful',
  'elegant',
];
const DEFAULT_STYLE = 'clean professional illustration';
const DEFAULT_NEGATIVE = ['blurry', 'low quality', 'distorted text', 'watermark'];
const COMMAND =
  /^(please\s+)?((can|could|would) you\s+)?(make|create|generate|render|design|draw|produce|give)( me| us)?\s+/i;
const QUOTED = /["“”„«»]([^"“”„«»]{1,120})["“”„«»]/g;
/** The quoted text with the words that introduce it ("with the text …", "saying …"). */
const QUOTED_PHRASE =
  /(?:\b(?:with|and|saying|that says|reading)\s+)?(?:(?:the|a)\s+)?(?:\b(?:text|words|headline|title|tagline|copy|caption)\s+)?["“”„«»][^"“”„«»]{1,120}["“”„«»]/gi;

function wordsIn(text: string, list: string[]): string[] {
  const lower = text.toLowerCase();
  return list.filter((w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(lower));
}

function negativesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(
    /\b(?:without|no)\s+([a-z][a-z -]{1,40}?)(?=[,.;!?]|\s+(?:and|but|with|on|in)\b|$)/gi,
  )) {
    found.push(m[1].trim().toLowerCase());
  }
  return found;
}

/**
 * Deterministic: the same request (and references) always compose the same prompt. References add
 * the brief's headline and the row's copy as exact text and the moodboard's colours to the palette.
 */
export function composeImagePrompt(request: string, grounding?: Grounding | null): ImagePrompt {
  const cites: Record<string, string> = {};
  const cite = (text: string, label: string) => ((cites[text] ??= label), text);
  const fromRefs = [grounding?.headline, grounding?.copy]
    .filter((c) => c !== undefined)
    .map((c) => cite(c.text, c.cite));
  const exactText = [
    ...new Set([
      ...[...request.matchAll(QUOTED)].map((m) => m[1].trim()).filter(Boolean),
      ...fromRefs,
    ]),
  ];
  const requested = [...new Set(wordsIn(request, COLOURS).map((c) => (c === 'gray' ? 'grey' : c)))];
  const palette = [
    ...requested,
    ...(grounding?.palette?.colours.map((c) => cite(c, grounding.palette!.cite)) ?? []),
  ];
  const styleWords = wordsIn(request, STYLES);
  const style = styleWords.length ? styleWords.join(', ') : DEFAULT_STYLE;
  const negative = [...new Set([...negativesIn(request), ...DEFAULT_NEGATIVE])].join(', ');
  const subject = (grounding ? request.replace(PLACE_PHRASE, '') : request)
    .replace(QUOTED_PHRASE, '')
    .replace(/\b(?:without|no)\s+[a-z][a-z -]{1,40}?(?=[,.;!?]|$)/gi, '')
    .replace(COMMAND, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,.;!?]+$/, '')
    .trim()
    .slice(0, 160);
  const parts = [subject, style];
  if (palette.length) parts.push(`palette: ${palette.join(', ')}`);
  if (exactText.length)
    parts.push(`with the exact text ${exactText.map((t) => `"${t}"`).join(' and ')}`);
  const prompt = parts.filter(Boolean).join(', ').slice(0, MAX_PROMPT);
  return { subject, style, palette, exactText, negative, prompt, ...(grounding ? { cites } : {}) };
}
