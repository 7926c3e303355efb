// Where a fact read from a reference sits in its indexed passages: the page, the row group or the
// image description it came from, narrowed to the fact's own words when they are found there.
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { chunks } from '../../db/schema';
import type { ReferenceRow } from './access';
import type { Place } from './cite';
import { pdfSummary } from './excerpt';
import { rowSpan } from './passage-place';

export type ChunkRef = { id: string; ordinal: number; charStart: number; charEnd: number };
export type Located = { charStart: number; charEnd: number; chunks: ChunkRef[] };

type Passage = ChunkRef & { heading: string | null; text: string };

const passages = (db: DbOrTx, r: ReferenceRow, range?: [number, number]) =>
  db
    .select({
      id: chunks.id,
      ordinal: chunks.ordinal,
      charStart: chunks.charStart,
      charEnd: chunks.charEnd,
      heading: chunks.heading,
      text: chunks.text,
    })
    .from(chunks)
    .where(
      and(
        eq(chunks.sourceKind, 'reference'),
        eq(chunks.sourceId, r.id),
        ...(range ? [lt(chunks.charStart, range[1]), gt(chunks.charEnd, range[0])] : []),
      ),
    )
    .orderBy(asc(chunks.ordinal));

/** A CSV passage's heading names its rows after the file's name: `copy.csv rows 1–50`. */
function holdsRow(r: ReferenceRow, heading: string | null, row: number): boolean {
  const prefix = `${r.name} `;
  if (!heading?.startsWith(prefix)) return false;
  const span = rowSpan(heading.slice(prefix.length));
  return !!span && span[0] <= row && row <= span[1];
}

/** The passages a place is in: a PDF page's, a CSV row's group, a PNG's one description. */
async function scope(db: DbOrTx, r: ReferenceRow, at: Place): Promise<Passage[]> {
  if ('page' in at && r.kind === 'pdf') {
    const s = pdfSummary(r);
    if (at.page < 1 || at.page > s.pages) return [];
    const end = at.page < s.pages ? s.pageOffsets[at.page] : s.textChars;
    return passages(db, r, [s.pageOffsets[at.page - 1], end]);
  }
  if ('row' in at && r.kind === 'csv')
    return (await passages(db, r)).filter((p) => holdsRow(r, p.heading, at.row));
  if ('part' in at && r.kind === 'png') return passages(db, r);
  return [];
}

/**
 * The fact's range in the reference's source text and the passages that hold it: where `text` is
 * found in the place's passages, else the whole place. Null when no passage holds the place (a CSV
 * row past the indexed ones).
 */
export async function locateFact(
  db: DbOrTx,
  r: ReferenceRow,
  at: Place,
  text: string,
): Promise<Located | null> {
  const found = await scope(db, r, at);
  if (!found.length) return null;
  // The passages laid out at their offsets (a gap, such as the break between PDF pages, as NULs).
  const base = found[0].charStart;
  let joined = '';
  for (const p of found) joined = joined.padEnd(p.charStart - base, '\0') + p.text;
  const at0 = text ? joined.indexOf(text) : -1;
  const charStart = at0 >= 0 ? base + at0 : base;
  const charEnd = at0 >= 0 ? charStart + text.length : base + joined.length;
  return {
    charStart,
    charEnd,
    chunks: found
      .filter((p) => p.charStart < charEnd && p.charEnd > charStart)
      .map(({ id, ordinal, charStart, charEnd }) => ({ id, ordinal, charStart, charEnd })),
  };
}
