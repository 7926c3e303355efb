export type ImagePrompt = {
  subject: string;
  style: string;
  palette: string[];
  exactText: string[];
  negative: string;
  /** The single-line prompt handed to the image pipeline. */
  prompt: string;
};

const COLOURS = [
  'red', 'orange', 'yellow', 'green', 'blue', 'purple', 'violet', 'pink', 'magenta', 'cyan', 'teal',
  'white', 'black', 'grey', 'gray', 'brown', 'gold', 'silver', 'navy', 'beige', 'cream', 'turquoise',
  'crimson', 'coral', 'olive', 'lime', 'indigo', 'pastel', 'neon', 'monochrome',
];
const STYLES = [
  'photorealistic', 'photograph', 'photo', 'illustration', 'watercolor', 'watercolour', 'flat', 'minimal',
  'minimalist', '3d', 'isometric', 'vintage', 'retro', 'line art', 'cinematic', 'editorial', 'bauhaus',
  'art deco', 'pop art', 'sketch', 'oil painting', 'vector', 'studio lighting', 'bold', 'playful', 'elegant',
];
const DEFAULT_STYLE = 'clean professional illustration';
const DEFAULT_NEGATIVE = ['blurry', 'low quality', 'distorted text', 'watermark'];
const COMMAND = /^(please\s+)?((can|could|would) you\s+)?(make|create|generate|render|design|draw|produce|give)( me| us)?\s+/i;
const QUOTED = /["“”„«»]([^"“”„«»]{1,120})["“”„«»]/g;
/** The quoted text with the words that introduce it ("with the text …", "saying …"). */
const QUOTED_PHRASE = /(?:\b(?:with|and|saying|that says|reading)\s+)?(?:(?:the|a)\s+)?(?:\b(?:text|words|headline|title|tagline|copy|caption)\s+)?["“”„«»][^"“”„«»]{1,120}["“”„«»]/gi;

function wordsIn(text: string, list: string[]): string[] {
  const lower = text.toLowerCase();
  return list.filter((w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(lower));
}

function negativesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:without|no)\s+([a-z][a-z -]{1,40}?)(?=[,.;!?]|\s+(?:and|but|with|on|in)\b|$)/gi)) {
    found.push(m[1].trim().toLowerCase());
  }
  return found;
}

/** Deterministic: the same request always composes the same prompt. */
export function composeImagePrompt(request: string): ImagePrompt {
  const exactText = [...request.matchAll(QUOTED)].map((m) => m[1].trim()).filter(Boolean);
  const palette = [...new Set(wordsIn(request, COLOURS).map((c) => (c === 'gray' ? 'grey' : c)))];
  const styleWords = wordsIn(request, STYLES);
  const style = styleWords.length ? styleWords.join(', ') : DEFAULT_STYLE;
  const negative = [...new Set([...negativesIn(request), ...DEFAULT_NEGATIVE])].join(', ');
  const subject = request
    .replace(QUOTED_PHRASE, '')
    .replace(/\b(?:without|no)\s+[a-z][a-z -]{1,40}?(?=[,.;!?]|$)/gi, '')
    .replace(COMMAND, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,.;!?]+$/, '')
    .trim()
    .slice(0, 160);
  const parts = [subject, style];
  if (palette.length) parts.push(`palette: ${palette.join(', ')}`);
  if (exactText.length) parts.push(`with the exact text ${exactText.map((t) => `"${t}"`).join(' and ')}`);
  return { subject, style, palette, exactText, negative, prompt: parts.filter(Boolean).join(', ') };
}
