import type { Passage } from './types';

const TARGET = 1200;

/**
 * Where a passage may end, best first: a blank line, a sentence's end, a line end, a space. PDF text
 * wraps lines mid-sentence, so a line end alone would leave half a statement in each passage.
 */
const CUTS = [/\n\s*\n/g, /[.!?]["'”’)\]]*\s/g, /\n/g, / /g];

/**
 * Splits `text` (which starts at `base` in the source text) into contiguous passages of about 1,200
 * characters, cut in their second half at the best place `CUTS` finds, so the passages put together
 * are the text exactly.
 */
export function splitPassages(text: string, base: number, heading: string): Passage[] {
  const out: Passage[] = [];
  const end = text.length;
  let from = 0;
  while (from < end) {
    let to = Math.min(end, from + TARGET);
    if (to < end) to = from + TARGET / 2 + cutIn(text.slice(from + TARGET / 2, to));
    out.push({ heading, text: text.slice(from, to), charStart: base + from, charEnd: base + to });
    from = to;
  }
  return out;
}

/** The offset after the last cut of the best kind in `window`, or the window's end if none. */
function cutIn(window: string): number {
  for (const re of CUTS) {
    const last = [...window.matchAll(re)].pop();
    if (last) return last.index + last[0].length;
  }
  return window.length;
}
