import type { Passage } from './types';

const TARGET = 1200;

/**
 * Splits `source[start, end)` into contiguous passages of about 1,200 characters, cut after a blank
 * line, a line end or a space where one is near, so the passages put together are the text exactly.
 */
export function splitRange(source: string, start: number, end: number, heading: string): Passage[] {
  const out: Passage[] = [];
  let from = start;
  while (from < end) {
    let to = Math.min(end, from + TARGET);
    if (to < end) {
      const window = source.slice(from + TARGET / 2, to);
      const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i >= 0);
      if (cut !== undefined) to = from + TARGET / 2 + cut + 1;
    }
    out.push({ heading, text: source.slice(from, to), charStart: from, charEnd: to });
    from = to;
  }
  return out;
}
