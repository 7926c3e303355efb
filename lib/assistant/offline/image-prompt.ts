import type { PromptPart } from '../../jobs/provenance';
import { keyTerms } from '../../search/terms';
import { COLOURS, wordsIn } from '../colours';
import { type Cited, type Grounding, PLACE_PHRASE } from './grounding';
import { researchClause } from './intent';
import { type Research, topicSubject, topicTerms } from './research';

export type ImagePrompt = {
  subject: string;
  style: string;
  palette: string[];
  exactText: string[];
  negative: string;
  /** The single-line prompt handed to the image pipeline. */
  prompt: string;
  /** Typography phrases from search findings. */
  typography?: string[];
  /** What search findings say such an asset shows ("cherry blossoms"). */
  showing?: string[];
  /** What references and findings gave the prompt, part by part, with their citations. */
  sources?: PromptSource[];
};

const MAX_PROMPT = 2000;

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

function negativesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(
    /\b(?:without|no)\s+([a-z][a-z -]{1,40}?)(?=[,.;!?]|\s+(?:and|but|with|on|in)\b|$)/gi,
  )) {
    found.push(m[1].trim().toLowerCase());
  }
  return found;
}

/** `[n]` markers and reference labels, by the prompt part and phrase they gave. */
export type PromptSource = { part: PromptPart; text: string; cite: string };

/** "make the banner" after "look up spring banner typography": the banner is the spring banner. */
function subjectOf(request: string, grounding: Grounding | null | undefined): string {
  const clause = researchClause(request);
  const asked = clause?.rest || request;
  const subject = (grounding ? asked.replace(PLACE_PHRASE, '') : asked)
    .replace(QUOTED_PHRASE, '')
    .replace(/\b(?:without|no)\s+[a-z][a-z -]{1,40}?(?=[,.;!?]|$)/gi, '')
    .replace(COMMAND, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,.;!?]+$/, '')
    .trim()
    .slice(0, 160);
  const bare = subject.replace(/^(?:the|a|an|our|my|this)\s+/i, '');
  if (
    clause &&
    !/\s/.test(bare) &&
    [...keyTerms(bare)].some((t) => topicTerms(clause.topic).has(t))
  )
    return topicSubject(clause.topic) || subject;
  return subject;
}

/**
 * Deterministic: the same request (and references and findings) always compose the same prompt.
 * References add the brief's headline and the row's copy as exact text and the moodboard's colours
 * to the palette; search findings add what to show, style phrases, typography, and colours when
 * neither the request nor a reference names any. Each
 * addition is listed in `sources` with its citation.
 */
export function composeImagePrompt(
  request: string,
  grounding?: Grounding | null,
  research?: Research | null,
): ImagePrompt {
  const sources: PromptSource[] = [];
  const cite = (part: PromptPart, c: Cited) => (sources.push({ part, ...c }), c.text);
  const fromRefs = [grounding?.headline, grounding?.copy]
    .filter((c) => c !== undefined)
    .map((c) => cite('text', c));
  const exactText = [
    ...new Set([
      ...[...request.matchAll(QUOTED)].map((m) => m[1].trim()).filter(Boolean),
      ...fromRefs,
    ]),
  ];
  const requested = [...new Set(wordsIn(request, COLOURS).map((c) => (c === 'gray' ? 'grey' : c)))];
  const palette = [
    ...requested,
    ...(grounding?.palette?.colours.map((text) =>
      cite('palette', { text, cite: grounding.palette!.cite }),
    ) ?? []),
    // The brand's colours (asked for, or a moodboard's) are the palette: found colours only fill in.
    ...(requested.length || grounding?.palette
      ? []
      : (research?.palette.map((c) => cite('palette', c)) ?? [])),
  ];
  const styleWords = [
    ...wordsIn(request, STYLES),
    ...(research?.style.map((c) => cite('style', c)) ?? []),
  ];
  const style = styleWords.length ? styleWords.join(', ') : DEFAULT_STYLE;
  const typography = research?.typography.map((c) => cite('typography', c)) ?? [];
  const showing = research?.subject.map((c) => cite('subject', c)) ?? [];
  const negative = [...new Set([...negativesIn(request), ...DEFAULT_NEGATIVE])].join(', ');
  const subject = subjectOf(request, grounding);
  const parts = [subject, showing.length ? `featuring ${showing.join(', ')}` : '', style];
  if (palette.length) parts.push(`palette: ${palette.join(', ')}`);
  if (typography.length) parts.push(`typography: ${typography.join(', ')}`);
  if (exactText.length)
    parts.push(`with the exact text ${exactText.map((t) => `"${t}"`).join(' and ')}`);
  const prompt = parts.filter(Boolean).join(', ').slice(0, MAX_PROMPT);
  return {
    subject,
    style,
    palette,
    exactText,
    negative,
    prompt,
    ...(typography.length ? { typography } : {}),
    ...(showing.length ? { showing } : {}),
    ...(grounding || research ? { sources } : {}),
  };
}
