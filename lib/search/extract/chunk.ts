import { sentences } from '../terms';
import type { Block } from './blocks';

export type Chunk = {
  ordinal: number;
  heading: string | null;
  text: string;
  start: number;
  end: number;
};
export type Chunked = { text: string; chunks: Chunk[] };

export type ChunkOptions = { target?: number; max?: number };

/**
 * Lays the blocks out as one text (blocks separated by a blank line) and cuts it into passages:
 * a heading always starts a new passage, paragraphs gather under it up to `target` characters,
 * and a paragraph longer than `max` is cut at sentence ends. Each passage's `text` is exactly
 * `text.slice(start, end)`, so a citation's char range can be checked against the stored source.
 */
export function chunkBlocks(blocks: Block[], opts: ChunkOptions = {}): Chunked {
  const target = opts.target ?? 900;
  const max = opts.max ?? 1600;
  let text = '';
  const chunks: Chunk[] = [];
  const path: string[] = [];
  let open: { start: number; end: number } | null = null;

  const heading = () => (path.filter(Boolean).length ? path.filter(Boolean).join(' › ') : null);
  const close = () => {
    if (open)
      chunks.push({
        ordinal: chunks.length,
        heading: heading(),
        text: text.slice(open.start, open.end),
        start: open.start,
        end: open.end,
      });
    open = null;
  };

  for (const block of blocks) {
    const start = text.length + (text ? 2 : 0);
    text += (text ? '\n\n' : '') + block.text;
    const end = text.length;
    if (block.kind === 'heading') {
      close();
      path.length = block.level - 1;
      path[block.level - 1] = block.text;
      continue;
    }
    if (end - start > max) {
      close();
      for (const piece of pieces(text, start, end, target, max)) {
        open = piece;
        close();
      }
      continue;
    }
    if (open && end - open.start > target) close();
    open = open ? { start: open.start, end } : { start, end };
  }
  close();
  return { text, chunks };
}

/** Sentence-aligned pieces of text[start, end) of about `target` characters, none above `max`. */
function pieces(
  text: string,
  start: number,
  end: number,
  target: number,
  max: number,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let cur: { start: number; end: number } | null = null;
  for (const s of sentences(text.slice(start, end))) {
    const abs = { start: start + s.start, end: start + s.end };
    for (const part of hardSplit(text, abs, max)) {
      if (cur && part.end - cur.start > target) {
        out.push(cur);
        cur = null;
      }
      cur = cur ? { start: cur.start, end: part.end } : part;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** A single sentence longer than `max` is cut at the last space before the limit. */
function hardSplit(
  text: string,
  r: { start: number; end: number },
  max: number,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let from = r.start;
  while (r.end - from > max) {
    const space = text.lastIndexOf(' ', from + max);
    const cut = space > from ? space : from + max;
    out.push({ start: from, end: cut });
    from = text[cut] === ' ' ? cut + 1 : cut;
  }
  out.push({ start: from, end: r.end });
  return out;
}
