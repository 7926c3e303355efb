// Reading a stored reference at a place: a PDF page (from its passages), a CSV row (by the byte index
// over the stored file), a PNG's palette. What citations point at.
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { chunks } from '../../db/schema';
import { AppError } from '../errors';
import { streamRows } from '../ingest/csv-stream';
import { decodeFile } from '../ingest/csv-text';
import { CsvSummary, PdfSummary, PngSummary } from '../ingest/types';
import { existingBlob } from '../storage/blobs';
import type { ReferenceRow } from './access';
import { blobPathOf } from './store';

export const wrongKind = (r: ReferenceRow, what: string) =>
  new AppError('bad_request', `${r.name} is a ${r.kind.toUpperCase()}; it has no ${what}`);

export const pdfSummary = (r: ReferenceRow) => PdfSummary.parse(r.summary);
export const csvSummary = (r: ReferenceRow) => CsvSummary.parse(r.summary);
export const pngSummary = (r: ReferenceRow) => PngSummary.parse(r.summary);

/** The PDF's summary, once `page` is known to be one of its pages. */
export function checkPage(r: ReferenceRow, page: number): PdfSummary {
  if (r.kind !== 'pdf') throw wrongKind(r, 'pages');
  const s = pdfSummary(r);
  if (!Number.isInteger(page) || page < 1 || page > s.pages)
    throw new AppError('bad_request', `${r.name} has pages 1–${s.pages}; there is no page ${page}`);
  return s;
}

export async function readPage(
  db: DbOrTx,
  r: ReferenceRow,
  page: number,
): Promise<{ page: number; text: string }> {
  const s = checkPage(r, page);
  const start = s.pageOffsets[page - 1];
  const end = page < s.pages ? s.pageOffsets[page] : s.textChars;
  const rows = await db
    .select({ text: chunks.text })
    .from(chunks)
    .where(
      and(
        eq(chunks.sourceKind, 'reference'),
        eq(chunks.sourceId, r.id),
        gte(chunks.charStart, start),
        lte(chunks.charEnd, end),
      ),
    )
    .orderBy(asc(chunks.ordinal));
  return { page, text: rows.map((c) => c.text).join('') };
}

export type CsvRow = { row: number; cells: string[]; values: Record<string, string> };

/** Data row `n` (from 1): a seek to the indexed row before it, then at most `every` rows parsed. */
export async function readRow(r: ReferenceRow, n: number): Promise<CsvRow> {
  const [row] = await readRows(r, n, 1);
  if (!row) throw new Error(`row ${n} of reference ${r.id} is not at its indexed offset`);
  return row;
}

/** Up to `count` data rows from row `from` (from 1), for the viewer's table. */
export async function readRows(r: ReferenceRow, from: number, count: number): Promise<CsvRow[]> {
  if (r.kind !== 'csv') throw wrongKind(r, 'rows');
  const s = csvSummary(r);
  if (!Number.isInteger(from) || from < 1 || from > s.rows)
    throw new AppError(
      'bad_request',
      `${r.name} has rows 1–${s.rows.toLocaleString('en')}; there is no row ${from}`,
    );
  const index = r.rowIndex ?? { every: Number.MAX_SAFE_INTEGER, offsets: [s.dataStart] };
  const k = Math.floor((from - 1) / index.every);
  const skip = from - 1 - k * index.every;
  const path = await existingBlob(blobPathOf(r), 'reference file');
  const names = s.columns.map((c) => c.name);
  const rows: CsvRow[] = [];
  let seen = 0;
  await streamRows(decodeFile(path, s.encoding, index.offsets[k]), s.delimiter, ({ data }) => {
    if (seen++ < skip) return true;
    rows.push({
      row: from + rows.length,
      cells: data,
      values: Object.fromEntries(names.map((name, i) => [name, data[i] ?? ''])),
    });
    return rows.length < count;
  });
  return rows;
}
