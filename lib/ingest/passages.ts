import type { Passage } from './types';

const TARGET = 1200;

/**
 * Splits `text` (which starts at `base` in the source text) into contiguous passages of about 1,200
 * characters, cut after a blank line, a line end or a space where one is near, so the passages put
 * together are the text exactly.
 */
export function splitPassages(text: string, base: number, heading: string): Passage[] {
  const out: Passage[] = [];
  const end = text.length;
  let from = 0;
  while (from < end) {
    let to = Math.min(end, from + TARGET);
    if (to < end) {
      const window = text.slice(from + TARGET / 2, to);
      const cut = [
        window.lastIndexOf('\n\n'),
        window.lastIndexOf('\n'),
        window.lastIndexOf(' '),
      ].find((i) => i >= 0);
      if (cut !== undefined) to = from + TARGET / 2 + cut + 1;
    }
    out.push({ heading, text: text.slice(from, to), charStart: base + from, charEnd: base + to });
    from = to;
  }
  return out;
}
