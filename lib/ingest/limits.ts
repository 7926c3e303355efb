import { z } from 'zod';
import { readEnv } from '../config/env';

/** What one ingest may cost. Crosses into the parse worker, so it is plain data. */
export const IngestLimits = z.object({
  maxBytes: z.number().int().positive(),
  pdfMaxPages: z.number().int().positive(),
  csvMaxRows: z.number().int().positive(),
  csvMaxColumns: z.number().int().positive(),
  csvMaxFieldChars: z.number().int().positive(),
  /** A row still open after this many characters is refused (unclosed quotes, one giant field). */
  csvMaxRowChars: z.number().int().positive(),
  /** Rows whose text goes into the search index; the rest stay readable by number. */
  csvIndexedRows: z.number().int().nonnegative(),
  /** A CSV at least this large is read in byte ranges by several workers at once. */
  csvPartBytes: z.number().int().positive(),
  pngMaxPixels: z.number().int().positive(),
  /**
   * An image inside a PDF larger than this (width × height) is left out when a page is drawn: pdf.js
   * would decode it whole into memory outside the worker's heap limit, whatever its compressed size.
   */
  pdfMaxImagePixels: z.number().int().positive(),
  pngMaxSide: z.number().int().positive(),
  /** Wall-clock limit of the parse itself (module loading excluded). */
  timeoutMs: z.number().int().positive(),
  /** The parse worker's V8 heap limit. */
  memoryMb: z.number().int().min(32),
});
export type IngestLimits = z.infer<typeof IngestLimits>;

export const DEFAULT_LIMITS: Omit<IngestLimits, 'maxBytes'> = {
  pdfMaxPages: 500,
  csvMaxRows: 2_000_000,
  csvMaxColumns: 500,
  csvMaxFieldChars: 100_000,
  csvMaxRowChars: 1_000_000,
  csvIndexedRows: 1_000,
  csvPartBytes: 4 * 1024 * 1024,
  pngMaxPixels: 50_000_000,
  pngMaxSide: 20_000,
  pdfMaxImagePixels: 16_000_000,
  timeoutMs: 30_000,
  // V8 grows a heap by a factor it derives from the heap's limit: 1.4 at 512 MB, rising to 4 (its
  // default) from 2 GB. Below that the worker collects far more often and a PDF parse costs more
  // CPU (npm run bench:ingest shows it). Pages, pixels and rows are capped before this.
  memoryMb: 2048,
};

export function ingestLimits(overrides: Partial<IngestLimits> = {}): IngestLimits {
  return { maxBytes: readEnv().maxUploadBytes, ...DEFAULT_LIMITS, ...overrides };
}
