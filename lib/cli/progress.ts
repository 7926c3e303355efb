// A byte progress bar on stderr for large inputs: redrawn in place on a terminal (at most every
// 100 ms), a plain line per quarter otherwise (logs, CI), nothing for small files.
import { formatMb } from '../storage/blobs';

export const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;
const WIDTH = 24;
const REDRAW_MS = 100;

type Sink = { write: (s: string) => unknown; isTTY?: boolean };

export function progressLine(label: string, done: number, total: number): string {
  const share = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${formatMb(done)} of ${formatMb(total)}`;
}

/** Call `advance(bytes)` as data arrives and `finish()` at the end. */
export function byteProgress(
  label: string,
  total: number,
  out: Sink = process.stderr,
  now: () => number = Date.now,
) {
  let done = 0;
  let drawn = -Infinity;
  let quarter = 0;
  const show = total >= PROGRESS_MIN_BYTES;
  return {
    advance(bytes: number) {
      done += bytes;
      if (!show) return;
      if (out.isTTY) {
        if (now() - drawn < REDRAW_MS) return;
        drawn = now();
        out.write(`\r${progressLine(label, done, total)}`);
      } else {
        const q = Math.floor((Math.min(done, total) / total) * 4);
        if (q > quarter && q < 4) {
          quarter = q;
          out.write(`${progressLine(label, done, total)}\n`);
        }
      }
    },
    finish() {
      if (show) out.write(`${out.isTTY ? '\r' : ''}${progressLine(label, done, total)}\n`);
    },
  };
}
