// Where a stored passage of a reference sits, as a citation names it: the PDF page its offset falls
// on, the CSV row the cited text starts on, the PNG's text. Search answers cite references this way
// (`[brief.pdf p.6]`) instead of by id.
import type { ReferenceRow } from './access';
import { citeLabel, citeUrl, type Place } from './cite';
import { pdfSummary } from './excerpt';
import { referenceUrl } from './view';

export type StoredPassage = { heading: string | null; text: string; charStart: number };

/** The page holding offset `at` of a PDF's text (pages start at `pageOffsets`). */
function pageAt(r: ReferenceRow, at: number): Place | null {
  const s = pdfSummary(r);
  let page = 0;
  while (page < s.pageOffsets.length && s.pageOffsets[page] <= at) page++;
  return page ? { page } : null;
}

/** The rows a CSV passage's heading names (`copy.csv rows 51–100`, `row 7`), first and last. */
export function rowSpan(heading: string | null): [number, number] | null {
  const m = /(?:^|\s)rows? (\d+)(?:–(\d+))?$/.exec(heading ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

/**
 * The row a CSV passage's offset `at` is on. A passage holds whole rows and its heading names them;
 * when its lines are not one per row (a quoted field with a line break) the first row of the group
 * is named.
 */
function rowAt(p: StoredPassage, at: number): Place | null {
  const span = rowSpan(p.heading);
  if (!span) return null;
  const [first, last] = span;
  const lines = p.text.replace(/\r?\n$/, '').split('\n');
  if (lines.length !== last - first + 1) return { row: first };
  const before = p.text.slice(0, Math.max(0, at - p.charStart)).split('\n').length - 1;
  return { row: Math.min(last, first + before) };
}

/** The place of offset `at` (in the reference's text) within passage `p`, when it can be named. */
export function placeOf(r: ReferenceRow, p: StoredPassage, at = p.charStart): Place | null {
  if (r.kind === 'pdf') return pageAt(r, at);
  if (r.kind === 'csv') return rowAt(p, at);
  if (r.kind === 'png') return { part: 'text' };
  return null;
}

/** A citation's title and address for a reference passage; the file's name alone when unplaced. */
export function citePassage(
  r: ReferenceRow,
  p: StoredPassage,
  at?: number,
): { title: string; url: string } {
  const place = placeOf(r, p, at);
  if (!place) return { title: r.name, url: referenceUrl(r.id) };
  return { title: citeLabel(r.name, place).slice(1, -1), url: citeUrl(r.id, place) };
}
