// PDF: text per page with pdf.js (through pdf-parse), metadata, and what the brief says, for one part of the pages.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFParse as PdfParser } from 'pdf-parse';
import { firstLine } from '../../engine/errors';
import { AppError } from '../errors';
import type { IngestLimits } from './limits';
import { splitPassages } from './passages';
import { type PageText, scanBrief } from './pdf-brief';
import type { PassageSink, PdfPart } from './types';

type PdfParseModule = { PDFParse: typeof PdfParser };
let loaded: PdfParseModule | undefined;
// Through require(), not import: under tsx the ESM loader hooks would transform pdf.js's megabytes of
// JavaScript again in every new worker.
export const pdfParse = () =>
  (loaded ??= createRequire(import.meta.url)('pdf-parse') as PdfParseModule);

const text = (v: unknown, max = 500) =>
  typeof v === 'string' && v.trim()
    ? v
        .replace(/[\p{Cc}]/gu, ' ')
        .trim()
        .slice(0, max)
    : null;
const iso = (d: Date | null | undefined) =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : null;

/** pdf.js names its failures; each becomes a sentence for the person who uploaded the file. */
export function explain(err: unknown): AppError {
  const e = err as Error;
  if (e?.name === 'PasswordException') {
    return new AppError(
      'bad_request',
      'the PDF is password-protected (encrypted); remove the password and upload it again',
    );
  }
  if (e?.name === 'InvalidPDFException' || e?.name === 'FormatError') {
    return new AppError(
      'bad_request',
      `the PDF is damaged and cannot be read (${(e.message || 'invalid structure').replace(/\.$/, '')})`,
    );
  }
  return new AppError('bad_request', `the PDF could not be read (${firstLine(e, 160)})`);
}

function checkComplete(data: Uint8Array): void {
  // The format puts %%EOF in the last 1,024 bytes; without it the file was cut short.
  const tail = Buffer.from(data.buffer, data.byteOffset, data.byteLength).subarray(-1024);
  if (!tail.includes('%%EOF'))
    throw new AppError(
      'bad_request',
      'the PDF is truncated (it does not end with %%EOF); was the upload cut off?',
    );
}

/**
 * pdf.js over the file's bytes with scripting, eval, XFA and system fonts off, and images over
 * `maxImagePixels` left undecoded; `complete` first checks the file was not cut short.
 */
export async function openPdf(
  path: string,
  { complete = false, maxImagePixels }: { complete?: boolean; maxImagePixels: number },
): Promise<PdfParser> {
  const data = new Uint8Array(await fs.readFile(path));
  if (complete) checkComplete(data);
  const { PDFParse } = pdfParse();
  return new PDFParse({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    maxImageSize: maxImagePixels,
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  });
}

/** Which of `count` parts of a document a worker reads: consecutive pages, the first parts one longer. */
export type PartOf = { index: number; count: number };

export function pagesOfPart(
  total: number,
  { index, count }: PartOf,
): { first: number; last: number } {
  const size = Math.floor(total / count);
  const extra = total % count;
  const first = index * size + Math.min(index, extra) + 1;
  return { first, last: first + size + (index < extra ? 1 : 0) - 1 };
}

/**
 * One part of a PDF, page by page (pdf-parse's own text layout for each), so each page's passages go
 * to `emit` while the next is read. Within the part, pages are joined by a blank line, and offsets
 * count from the part's first page (see pdf-parts.ts for the whole).
 */
export async function parsePdfPart(
  path: string,
  limits: IngestLimits,
  emit: PassageSink,
  part: PartOf,
): Promise<PdfPart> {
  const parser = await openPdf(path, {
    complete: true,
    maxImagePixels: limits.pdfMaxImagePixels,
  });
  try {
    const info = await parser.getInfo().catch((err) => Promise.reject(explain(err)));
    if (info.total === 0) throw new AppError('bad_request', 'the PDF has no pages');
    if (info.total > limits.pdfMaxPages) {
      throw new AppError(
        'bad_request',
        `the PDF has ${info.total.toLocaleString('en')} pages; at most ${limits.pdfMaxPages.toLocaleString('en')} are accepted`,
      );
    }
    const { first, last } = pagesOfPart(info.total, part);
    const pages: PageText[] = [];
    const pageOffsets: number[] = [];
    let length = 0;
    for (let n = first; n <= last; n++) {
      const one = await parser
        .getText({ partial: [n] })
        .catch((err) => Promise.reject(explain(err)));
      // NULs dropped here, before offsets are taken: the database cannot store them.
      const text = (one.pages[0]?.text ?? '')
        .replaceAll('\u0000', '')
        .replace(/\r\n?/g, '\n')
        .trim();
      if (n > first) length += 2;
      pageOffsets.push(length);
      emit(splitPassages(text, length, `p.${n}`), n === last);
      length += text.length;
      pages.push({ page: n, text });
    }
    const meta = (info.info ?? {}) as Record<string, unknown>;
    const dates = info.getDateNode();
    return {
      kind: 'pdf-part',
      title: text(meta.Title),
      author: text(meta.Author),
      subject: text(meta.Subject),
      creator: text(meta.Creator),
      producer: text(meta.Producer),
      created: iso(dates.CreationDate),
      modified: iso(dates.ModDate),
      encrypted: Boolean(meta.EncryptFilterName),
      pages: info.total,
      pageOffsets,
      emptyPages: pages.filter((p) => !p.text).map((p) => p.page),
      textChars: length,
      brief: scanBrief(pages),
    };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
