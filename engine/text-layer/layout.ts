// Where the lines go and how big they are. The headline is fitted to a fraction of the image's
// width and broken at spaces only when one line would set it below the minimum size; the breaks
// balance the lines' widths. Sub-lines share one smaller size. The block is centred horizontally and
// placed in the top or bottom third or the middle, inside a safe margin.
import { invalid } from '../errors';
import type { FontRole } from './fonts';
import { type InkBox, MEASURE_SIZE, type Measure } from './measure';

export type Placement = 'top' | 'centre' | 'bottom';
export const PLACEMENTS = ['top', 'centre', 'bottom'] as const;

/** x, y, width, height in whole pixels. */
export type Box = [number, number, number, number];

export interface LaidLine {
  text: string;
  role: FontRole;
  size: number;
  /** The pen's start and the baseline, as written into the SVG. */
  x: number;
  baseline: number;
  /** The line's ink, rounded outwards to whole pixels. */
  box: Box;
}

export interface TextLayout {
  lines: LaidLine[];
  /** The union of the lines' ink boxes. */
  box: Box;
  margin: number;
  headlineSize: number;
  sublineSize: number | null;
}

export interface LayoutOptions {
  placement?: Placement;
  /** Larger text for a re-render after an OCR check failed. */
  boost?: boolean;
}

/** Fractions of the image's shorter side unless named otherwise. */
const RULES = {
  normal: { widthFraction: 0.84, maxHeadline: 0.16, minHeadline: 0.05, margin: 0.06 },
  boost: { widthFraction: 0.92, maxHeadline: 0.2, minHeadline: 0.065, margin: 0.04 },
  minSubline: 0.026,
  /** Sub-lines at most this fraction of the headline's size. */
  sublineRatio: 0.45,
  maxHeadlineLines: 3,
  maxSublineLines: 2,
  /** Below this many pixels a headline is not legible at all. */
  floorPx: 8,
  minSublinePx: 9,
};

/** Baseline to baseline, from the line above to a line of this role and size. */
function baselineGap(upper: LaidLine | undefined, role: FontRole, size: number): number {
  if (!upper) return 0;
  if (upper.role === 'headline' && role === 'headline') return 1.1 * size;
  if (upper.role === 'headline') return 0.5 * upper.size + 1.05 * size;
  return 1.3 * size;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Splits words into k lines whose widest is as narrow as possible (ties: the first found). */
function balance(words: string[], k: number, width: (i: number, j: number) => number) {
  const n = words.length;
  // best[c][i]: the narrowest widest line for words[i..] in c lines, and where its first line ends.
  const best: Array<Array<{ widest: number; end: number }>> = [];
  best[1] = [];
  for (let i = 0; i < n; i++) best[1][i] = { widest: width(i, n), end: n };
  for (let c = 2; c <= k; c++) {
    best[c] = [];
    for (let i = 0; i <= n - c; i++) {
      let pick = { widest: Number.POSITIVE_INFINITY, end: i + 1 };
      for (let end = i + 1; end <= n - c + 1; end++) {
        const widest = Math.max(width(i, end), best[c - 1][end].widest);
        if (widest < pick.widest) pick = { widest, end };
      }
      best[c][i] = pick;
    }
  }
  const lines: string[] = [];
  for (let c = k, i = 0; c >= 1; c--) {
    const { end } = best[c][i];
    lines.push(words.slice(i, end).join(' '));
    i = end;
  }
  return { lines };
}

interface Fitted {
  lines: string[];
  size: number;
}

/**
 * Breaks are searched with each range of words' width estimated from its words' widths and the
 * line's mean gap between words (one measurement per word); the lines chosen are then measured.
 */
function fit(
  text: string,
  role: FontRole,
  limits: { maxWidth: number; minSize: number; maxSize: number; maxLines: number },
  measure: Measure,
): Fitted {
  const words = text.split(' ');
  const prefix = [0];
  for (const word of words) prefix.push(prefix[prefix.length - 1] + measure(word, role).width);
  const gap =
    words.length > 1
      ? Math.max(0, (measure(text, role).width - prefix[words.length]) / (words.length - 1))
      : 0;
  const estimate = (i: number, j: number) => prefix[j] - prefix[i] + (j - i - 1) * gap;
  let chosen: Fitted | undefined;
  for (let k = 1; k <= Math.min(limits.maxLines, words.length); k++) {
    const { lines } = balance(words, k, estimate);
    const widest = Math.max(...lines.map((line) => measure(line, role).width));
    const size = Math.min(limits.maxSize, (limits.maxWidth * MEASURE_SIZE) / widest);
    if (!chosen || size > chosen.size) chosen = { lines, size };
    if (size >= limits.minSize) break;
  }
  return chosen as Fitted;
}

function place(
  texts: Array<{ text: string; role: FontRole; size: number; ink: InkBox }>,
  frame: { width: number; height: number },
  centreY: number,
  margin: number,
): LaidLine[] {
  const lines: LaidLine[] = [];
  let baseline = 0;
  for (const t of texts) {
    baseline += baselineGap(lines.at(-1), t.role, t.size);
    const k = t.size / MEASURE_SIZE;
    const x = round2(frame.width / 2 - (t.ink.x + t.ink.width / 2) * k);
    lines.push({ text: t.text, role: t.role, size: t.size, x, baseline, box: [0, 0, 0, 0] });
  }
  const top = Math.min(
    ...texts.map((t, i) => lines[i].baseline + (t.ink.y * t.size) / MEASURE_SIZE),
  );
  const bottom = Math.max(
    ...texts.map((t, i) => lines[i].baseline + ((t.ink.y + t.ink.height) * t.size) / MEASURE_SIZE),
  );
  const height = bottom - top;
  const wanted = centreY - height / 2;
  // The boxes are rounded outwards, by up to a pixel at each end.
  const start = Math.max(margin + 1, Math.min(frame.height - margin - 1 - height, wanted));
  return lines.map((line, i) => {
    const { ink, size } = texts[i];
    const baseline = round2(line.baseline - top + start);
    const k = size / MEASURE_SIZE;
    const x0 = Math.floor(line.x + ink.x * k);
    const y0 = Math.floor(baseline + ink.y * k);
    const box: Box = [
      x0,
      y0,
      Math.ceil(line.x + (ink.x + ink.width) * k) - x0,
      Math.ceil(baseline + (ink.y + ink.height) * k) - y0,
    ];
    return { ...line, baseline, box };
  });
}

export function unionBox(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b[0]));
  const y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2]));
  const y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}

export function layoutText(
  lines: string[],
  frame: { width: number; height: number },
  options: LayoutOptions,
  measure: Measure,
): TextLayout {
  const side = Math.min(frame.width, frame.height);
  const rules = options.boost ? RULES.boost : RULES.normal;
  const margin = Math.round(rules.margin * side);
  const maxWidth = Math.min(rules.widthFraction * frame.width, frame.width - 2 * margin);
  const head = fit(
    lines[0],
    'headline',
    {
      maxWidth,
      minSize: rules.minHeadline * side,
      maxSize: rules.maxHeadline * side,
      maxLines: RULES.maxHeadlineLines,
    },
    measure,
  );
  const subs = lines.slice(1).map((text) =>
    fit(
      text,
      'subline',
      {
        maxWidth,
        minSize: Math.max(RULES.minSublinePx, RULES.minSubline * side),
        maxSize: RULES.sublineRatio * head.size,
        maxLines: RULES.maxSublineLines,
      },
      measure,
    ),
  );
  let headSize = head.size;
  let subSize = subs.length ? Math.min(...subs.map((s) => s.size)) : null;
  const texts = () =>
    [
      ...head.lines.map((text) => ({ text, role: 'headline' as const, size: round2(headSize) })),
      ...subs.flatMap((s) =>
        s.lines.map((text) => ({ text, role: 'subline' as const, size: round2(subSize ?? 0) })),
      ),
    ].map((t) => ({ ...t, ink: measure(t.text, t.role) }));

  const centreY = {
    top: frame.height / 6,
    centre: frame.height / 2,
    bottom: (frame.height * 5) / 6,
  }[options.placement ?? 'top'];
  let laid = place(texts(), frame, centreY, margin);
  const room = frame.height - 2 * margin - 2;
  const height = unionBox(laid.map((l) => l.box))[3];
  if (height > room) {
    const shrink = room / (height + 2);
    headSize *= shrink;
    if (subSize !== null) subSize *= shrink;
    laid = place(texts(), frame, centreY, margin);
  }
  if (headSize < RULES.floorPx || (subSize !== null && subSize < RULES.minSublinePx))
    throw invalid(`the text is too long to set legibly on a ${frame.width}×${frame.height} image`);
  return {
    lines: laid,
    box: unionBox(laid.map((l) => l.box)),
    margin,
    headlineSize: round2(headSize),
    sublineSize: subSize === null ? null : round2(subSize),
  };
}
