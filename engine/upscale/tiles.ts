// Where the tiles of a large image go, along one axis (a tile is one span across, one down). Each
// window is `tile` pixels (the whole length when shorter); the part of it kept (its core) has at
// least `overlap` pixels of real image around it wherever the image goes on, and the cores cover
// the image exactly once. The image edge is never padded: a window that meets the edge ends there,
// so the model sees the same borders as in a whole-image run.
import { invalid } from '../errors';

export interface Span {
  /** The window fed to the model, [start, end). */
  start: number;
  end: number;
  /** The part of the window's output that is kept, [keepStart, keepEnd), in image coordinates. */
  keepStart: number;
  keepEnd: number;
}

function checkTiling(tile: number, overlap: number): void {
  if (!Number.isInteger(tile) || tile < 1)
    throw invalid(`tile must be a positive integer, not ${tile}`);
  if (!Number.isInteger(overlap) || overlap < 0)
    throw invalid(`overlap must be a non-negative integer, not ${overlap}`);
  if (tile <= 2 * overlap)
    throw invalid(`tile (${tile}) must be larger than twice the overlap (${overlap})`);
}

/** Windows along one axis of `length` pixels. */
export function spans(length: number, tile: number, overlap: number): Span[] {
  checkTiling(tile, overlap);
  if (length <= tile) return [{ start: 0, end: length, keepStart: 0, keepEnd: length }];
  const step = tile - 2 * overlap;
  const out: Span[] = [];
  for (let a = 0; a < length; ) {
    let b = a === 0 ? tile - overlap : a + step;
    // The last window is pushed back to end at the image edge, so it keeps more than a step.
    if (b + overlap >= length) b = length;
    const start = Math.min(Math.max(0, a - overlap), length - tile);
    out.push({ start, end: start + tile, keepStart: a, keepEnd: b });
    a = b;
  }
  return out;
}
