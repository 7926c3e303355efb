// The built-in model's words and what each one means. The text encoder's embedding table holds
// one row of RAW features per vocabulary entry: the lexicon columns for the words listed here (zeros
// for other words), and for every token whether it ends a word, whether it is text at all (not a
// special token) and its tint, a direction on the hue circle that colours the default backdrop.

import { portableLn } from '../../rng';
import { END_OF_WORD } from '../../tokenizer/bpe';

/** Colours in sRGB 0..1. */
export const COLOURS: Record<string, [number, number, number]> = {
  red: [0.9, 0.05, 0.05],
  green: [0.1, 0.7, 0.2],
  blue: [0.05, 0.15, 0.9],
  yellow: [0.95, 0.85, 0.1],
  orange: [1, 0.55, 0.05],
  purple: [0.55, 0.15, 0.75],
  pink: [1, 0.5, 0.7],
  brown: [0.5, 0.3, 0.12],
  white: [1, 1, 1],
  black: [0, 0, 0],
  grey: [0.5, 0.5, 0.5],
  gray: [0.5, 0.5, 0.5],
  cyan: [0.05, 0.85, 0.9],
  magenta: [0.9, 0.1, 0.8],
  teal: [0.05, 0.5, 0.5],
};

/** Shape kinds, in the order of the one-hot features. */
export const SHAPE_KINDS = ['circle', 'square', 'triangle', 'ring', 'diamond', 'stripes'] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

export const SHAPE_WORDS: Record<string, ShapeKind> = {
  circle: 'circle',
  circles: 'circle',
  disc: 'circle',
  disk: 'circle',
  square: 'square',
  squares: 'square',
  triangle: 'triangle',
  triangles: 'triangle',
  ring: 'ring',
  rings: 'ring',
  diamond: 'diamond',
  diamonds: 'diamond',
  stripes: 'stripes',
  stripe: 'stripes',
  striped: 'stripes',
};

/** Placement words: offset of the shape's centre, in quarters of the image (x right, y down). */
export const PLACEMENTS: Record<string, [number, number]> = {
  left: [-1, 0],
  right: [1, 0],
  top: [0, -1],
  upper: [0, -1],
  bottom: [0, 1],
  lower: [0, 1],
  centre: [0, 0],
  center: [0, 0],
  middle: [0, 0],
};

export const SIZES: Record<string, number> = {
  tiny: 0.45,
  small: 0.65,
  big: 1.4,
  large: 1.4,
  huge: 1.8,
};

export const ORIENTATIONS: Record<string, number> = { horizontal: 1, vertical: 0 };

export const BACKGROUND_WORDS = ['background', 'backdrop'];

/** Columns of a token's raw feature row. */
export const RAW = {
  colour: 0, // 4 latent channels
  isColour: 4,
  isShape: 5,
  shape: 6, // one-hot, SHAPE_KINDS.length columns
  isBackground: 12,
  isPlacement: 13,
  dx: 14,
  dy: 15,
  isSize: 16,
  sizeLog: 17,
  isOrient: 18,
  horizontal: 19,
  // Columns of every token, not only lexicon words:
  endsWord: 20,
  content: 21,
  tint: 22, // 2: a unit vector on the hue circle
} as const;
/** The lexicon columns, which count only for a whole word ("ring" means nothing in "spring"). */
export const LEXICON_WIDTH = 20;
export const RAW_WIDTH = 24;

/** Columns of one object slot in the text encoder's output (last_hidden_state). */
export const SLOT = {
  colour: 0, // 4
  present: 4,
  shape: 5, // one-hot
  dx: 11,
  dy: 12,
  scale: 13,
  horizontal: 14,
} as const;
/** Columns of position 0 of last_hidden_state: the background. */
export const BACKGROUND = {
  colour: 0, // 4: the colour given to "background" / "backdrop", when one is
  present: 4,
  backdrop: 5, // 4: the backdrop of a prompt without one (zeros for the empty prompt)
  content: 9, // 1 unless the prompt is empty
} as const;
/** Hidden size D of last_hidden_state. Position 0 holds the background, 1..MAX_OBJECTS objects. */
export const HIDDEN = 15;
export const MAX_OBJECTS = 8;

/** sRGB 0..1 to the data mean in latent space: channels 0-2 carry (2c - 1) * COLOUR_GAIN, 3 is 0. */
export const COLOUR_GAIN = 0.6;
export const DEFAULT_OBJECT_COLOUR: [number, number, number] = [1, 1, 1];

/**
 * The backdrop, in latent units, of a prompt that names no background colour: a light grey, moved
 * toward the prompt's stray colours (colour words that belong to no shape, such as "palette: red,
 * blue") by STRAY_MIX, or else tinted by TINT along the hue its tokens add up to. Any backdrop of a
 * non-empty prompt, named or default, grows lighter toward the top: GRADIENT across the height.
 * The empty prompt (the unconditional half of guidance) keeps the flat neutral grey 0.
 */
export const BACKDROP = { light: 0.42, tint: 0.06, strayMix: 0.4, gradient: 0.2 } as const;
/** Chroma axes of the hue circle in latent RGB (both orthogonal to grey and to each other). */
export const HUE_AXES = [
  [1, -0.5, -0.5, 0],
  [0, 0.8660254, -0.8660254, 0],
] as const;
/** Eight directions on the hue circle, written out so the table's bytes need no trigonometry. */
const HUES: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [0.70710678, 0.70710678],
  [0, 1],
  [-0.70710678, 0.70710678],
  [-1, 0],
  [-0.70710678, -0.70710678],
  [0, -1],
  [0.70710678, -0.70710678],
];

/** FNV-1a over the UTF-16 code units: the same on every machine. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The columns every token has: word end, content and tint (special tokens: a word end only). */
export function tokenFeatures(token: string, special: boolean): Float32Array {
  const row = new Float32Array(RAW_WIDTH);
  row[RAW.endsWord] = special || token.endsWith(END_OF_WORD) ? 1 : 0;
  if (!special) {
    row[RAW.content] = 1;
    row.set(HUES[fnv1a(token) % HUES.length], RAW.tint);
  }
  return row;
}

export function colourLatent(rgb: readonly number[]): [number, number, number, number] {
  return [
    (2 * rgb[0] - 1) * COLOUR_GAIN,
    (2 * rgb[1] - 1) * COLOUR_GAIN,
    (2 * rgb[2] - 1) * COLOUR_GAIN,
    0,
  ];
}

/** All words the vocabulary spells as single tokens, in a fixed order. */
export function lexiconWords(): string[] {
  const words = [
    ...Object.keys(COLOURS),
    ...Object.keys(SHAPE_WORDS),
    ...Object.keys(PLACEMENTS),
    ...Object.keys(SIZES),
    ...Object.keys(ORIENTATIONS),
    ...BACKGROUND_WORDS,
    // Function words, so that ordinary prompts tokenise into whole words.
    ...[
      'a',
      'an',
      'the',
      'on',
      'in',
      'at',
      'of',
      'and',
      'with',
      'to',
      'photo',
      'image',
      'shape',
      'shapes',
    ],
  ];
  return [...new Set(words)];
}

/** The lexicon columns of one word's raw feature row (zeros for words without meaning). */
export function rawFeatures(word: string): Float32Array {
  const row = new Float32Array(LEXICON_WIDTH);
  const colour = COLOURS[word];
  if (colour) {
    row.set(colourLatent(colour), RAW.colour);
    row[RAW.isColour] = 1;
  }
  const shape = SHAPE_WORDS[word];
  if (shape) {
    row[RAW.isShape] = 1;
    row[RAW.shape + SHAPE_KINDS.indexOf(shape)] = 1;
  }
  if (BACKGROUND_WORDS.includes(word)) row[RAW.isBackground] = 1;
  const place = PLACEMENTS[word];
  if (place) {
    row[RAW.isPlacement] = 1;
    row[RAW.dx] = place[0];
    row[RAW.dy] = place[1];
  }
  if (word in SIZES) {
    row[RAW.isSize] = 1;
    row[RAW.sizeLog] = portableLn(SIZES[word]);
  }
  if (word in ORIENTATIONS) {
    row[RAW.isOrient] = 1;
    row[RAW.horizontal] = ORIENTATIONS[word];
  }
  return row;
}
