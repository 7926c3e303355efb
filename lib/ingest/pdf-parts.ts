// A PDF read by several workers at once, each a run of consecutive pages, and their results put
// together in page order: on a machine with a core to spare, text extraction (the bulk of an
// ingest) takes about half the time.
import fs from 'node:fs/promises';
import { AppError } from '../errors';
import { combineBrief } from './pdf-brief';
import type { ParseJob } from './protocol';
import type { ParseResult, PassageSink, PdfPart, PdfSummary } from './types';

/** Smaller PDFs are read by one worker: a second would cost more than it saves. */
const SPLIT_FROM_BYTES = 64 * 1024;

export type ReadPart = (job: ParseJob, sink: PassageSink) => Promise<PdfPart>;

/** How many parts a PDF is read in, with `workers` able to run at once. */
export async function partsFor(path: string, workers: number): Promise<number> {
  const { size } = await fs.stat(path);
  return size >= SPLIT_FROM_BYTES ? workers : 1;
}

export async function readPdfInParts(
  job: ParseJob,
  onPassages: PassageSink,
  readPart: ReadPart,
  count: number,
): Promise<ParseResult> {
  const runs = Array.from({ length: count }, (_, index) =>
    readPart({ ...job, part: { index, count } }, (batch, last) => onPassages(batch, last, index)),
  );
  // Every part settles before a failure is reported, so none is still sending passages after it.
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return combinePdfParts(settled.map((s) => (s as PromiseFulfilledResult<PdfPart>).value));
}

/** The parts (in page order) as one summary; `partBases` says where each part's text starts in the whole. */
export function combinePdfParts(parts: PdfPart[]): ParseResult {
  const [head] = parts;
  if (parts.some((p) => p.pages !== head.pages))
    throw new AppError(
      'bad_request',
      'the PDF could not be read consistently (its parts disagree on the page count)',
    );
  const pageOffsets: number[] = [];
  const emptyPages: number[] = [];
  const partBases: number[] = [];
  let length = 0;
  for (const p of parts) {
    // Pages are joined by a blank line, across parts as within them.
    if (pageOffsets.length && p.pageOffsets.length) length += 2;
    partBases.push(length);
    pageOffsets.push(...p.pageOffsets.map((o) => o + length));
    emptyPages.push(...p.emptyPages);
    length += p.textChars;
  }
  if (pageOffsets.length !== head.pages)
    throw new AppError(
      'bad_request',
      `the PDF could not be read consistently (${pageOffsets.length} of its ${head.pages} pages were read)`,
    );
  const { headline, requirements } = combineBrief(
    parts.map((p) => p.brief),
    head.title,
  );
  const summary: PdfSummary = {
    kind: 'pdf',
    pages: head.pages,
    title: head.title,
    author: head.author,
    subject: head.subject,
    creator: head.creator,
    producer: head.producer,
    created: head.created,
    modified: head.modified,
    encrypted: head.encrypted,
    headline,
    requirements,
    pageOffsets,
    emptyPages,
    textChars: length,
  };
  return { summary, notes: emptyPageNotes(emptyPages, head.pages), rowIndex: null, partBases };
}

function emptyPageNotes(emptyPages: number[], pages: number): string[] {
  if (emptyPages.length === pages)
    return ['no page has extractable text (a scanned PDF?); text recognition is not available'];
  if (!emptyPages.length) return [];
  const one = emptyPages.length === 1;
  return [
    `page${one ? '' : 's'} ${emptyPages.slice(0, 10).join(', ')}${emptyPages.length > 10 ? '…' : ''} ha${one ? 's' : 've'} no extractable text`,
  ];
}
