import { z } from 'zod';

// What the parse worker sends back. It crosses a thread boundary from code that read hostile bytes,
// so the main thread validates it before anything reaches the database.

const int = z.number().int();
const short = (max = 500) => z.string().max(max);

/** A passage for the search index: `text` is exactly the reference's source text [charStart, charEnd). */
export const Passage = z.object({
  heading: short(80),
  text: z.string(),
  charStart: int.nonnegative(),
  charEnd: int.nonnegative(),
});
export type Passage = z.infer<typeof Passage>;
/**
 * Where a parser sends passages as it reads them (in order), so they are indexed while it goes on;
 * `last` says no more will come (a CSV's indexed rows can end long before its parse does). A file
 * read in parts (a PDF) names the part; each part's passages are numbered, and their offsets counted,
 * from its own start (`ParseResult.partBases` places them).
 */
export type PassageSink = (batch: Passage[], last?: boolean, part?: number) => void;

const Located = z.object({ text: short(2000), page: int.positive() });

export const PdfSummary = z.object({
  kind: z.literal('pdf'),
  pages: int.nonnegative(),
  title: short().nullable(),
  author: short().nullable(),
  subject: short().nullable(),
  creator: short().nullable(),
  producer: short().nullable(),
  created: z.string().nullable(),
  modified: z.string().nullable(),
  encrypted: z.boolean(),
  headline: Located.nullable(),
  requirements: z.array(Located).max(20),
  /** Char offset of each page in the source text (pages joined by a blank line). */
  pageOffsets: z.array(int.nonnegative()),
  emptyPages: z.array(int.positive()),
  textChars: int.nonnegative(),
});
export type PdfSummary = z.infer<typeof PdfSummary>;

const Candidates = z.array(Located).max(24);

/** What one part of a brief holds for its headline and requirements (see lib/ingest/pdf-brief.ts). */
export const BriefPart = z.object({
  /** The first "Headline: …" line. */
  headline: Located.nullable(),
  /** The first line that could stand as a headline (3 to 100 characters). */
  firstLine: Located.nullable(),
  /** Bullets under each requirements heading, in order (a run may continue into the next part). */
  bullets: Candidates,
  /** The bullets the part opens with, before its first other non-blank line: a run from the part before goes on through them. */
  leading: Candidates,
  /** Nothing but bullets and blank lines: a run from the part before goes on through the whole part. */
  onlyBullets: z.boolean(),
  /** The part ends inside a run of bullets under a requirements heading. */
  openAtEnd: z.boolean(),
  /** Lines that say "must" and the like. */
  musts: Candidates,
});
export type BriefPart = z.infer<typeof BriefPart>;

/** Consecutive pages of a PDF read by one worker; `pageOffsets` and `textChars` count from the part's own text. */
export const PdfPart = PdfSummary.pick({
  title: true,
  author: true,
  subject: true,
  creator: true,
  producer: true,
  created: true,
  modified: true,
  encrypted: true,
}).extend({
  kind: z.literal('pdf-part'),
  /** Pages in the whole document. */
  pages: int.nonnegative(),
  pageOffsets: z.array(int.nonnegative()),
  emptyPages: z.array(int.positive()),
  textChars: int.nonnegative(),
  brief: BriefPart,
});
export type PdfPart = z.infer<typeof PdfPart>;

export const COLUMN_TYPES = ['empty', 'integer', 'number', 'boolean', 'date', 'text'] as const;
export const ColumnStats = z.object({
  name: short(200),
  type: z.enum(COLUMN_TYPES),
  count: int.nonnegative(),
  empty: int.nonnegative(),
  distinct: int.nonnegative(),
  /** True when there were more distinct values than were counted. */
  distinctCapped: z.boolean(),
  min: z.union([z.number(), short(200)]).nullable(),
  max: z.union([z.number(), short(200)]).nullable(),
  minLength: int.nonnegative().nullable(),
  maxLength: int.nonnegative().nullable(),
});
export type ColumnStats = z.infer<typeof ColumnStats>;

/** A column's counts in one part of a CSV read in parts (lib/ingest/csv-columns.ts merges them). */
export const ColumnState = z
  .object({
    name: short(200),
    cap: int.min(1).max(1000),
    type: z.enum(COLUMN_TYPES),
    count: int.nonnegative(),
    empty: int.nonnegative(),
    seen: z.array(short(200)).max(1000),
    capped: z.boolean(),
    minNum: z.number().nullable(),
    maxNum: z.number().nullable(),
    minStr: short(200).nullable(),
    maxStr: short(200).nullable(),
    minLength: int.nonnegative().nullable(),
    maxLength: int.nonnegative().nullable(),
  })
  .refine((c) => c.seen.length <= c.cap, 'more distinct values than the cap');
export type ColumnState = z.infer<typeof ColumnState>;

/** Byte offsets in the file, increasing. */
const RowStarts = z
  .instanceof(Float64Array)
  .refine(
    (a) => a.every((v, i) => Number.isSafeInteger(v) && v >= 0 && (i === 0 || v > a[i - 1])),
    'row offsets must be increasing byte offsets',
  );

/**
 * A byte range of a CSV read by one worker (lib/ingest/csv-parts.ts). Only the first part knows the
 * header and sends passages (complete row groups only); the others count their rows from 1.
 */
export const CsvPart = z.object({
  kind: z.literal('csv-part'),
  delimiter: short(4),
  linebreak: short(2),
  /** The range ends with a line break that closed its last row (outside quotes): the next range starts a row. */
  endsAtRow: z.boolean(),
  /** First part: the first row was read as a header, and where data row 1 starts (null: no row at all). */
  header: z.boolean(),
  dataStart: int.nonnegative().nullable(),
  rows: int.nonnegative(),
  columns: z.array(ColumnState),
  /** Where rows start: the first part's rows 1, 1 + ROW_INDEX_EVERY, …; a later part's every row. */
  rowStarts: RowStarts,
});
export type CsvPart = z.infer<typeof CsvPart>;

export const CsvSummary = z.object({
  kind: z.literal('csv'),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
  delimiter: short(4),
  header: z.boolean(),
  columns: z.array(ColumnStats),
  /** Data rows (the header excluded), numbered from 1. */
  rows: int.nonnegative(),
  indexedRows: int.nonnegative(),
  /** Byte offset of data row 1 in the stored file. */
  dataStart: int.nonnegative(),
});
export type CsvSummary = z.infer<typeof CsvSummary>;

export const Swatch = z.object({
  hex: z.string().regex(/^#[0-9a-f]{6}$/),
  share: z.number().min(0).max(1),
  name: short(40),
});
export type Swatch = z.infer<typeof Swatch>;

/** A generation recipe read from a PNG's text chunks, in the shape of `generate`'s parameters. */
export const Recipe = z.object({
  source: z.enum(['atelier', 'a1111', 'comfyui']),
  prompt: short(4000),
  negative: short(4000).optional(),
  steps: int.min(1).max(1000).optional(),
  guidance: z.number().min(0).max(100).optional(),
  seed: int.min(0).optional(),
  width: int.min(1).max(65536).optional(),
  height: int.min(1).max(65536).optional(),
  scheduler: short(60).optional(),
  model: short(200).optional(),
});
export type Recipe = z.infer<typeof Recipe>;

/** A line of text read in an image: its words, the recogniser's confidence, and its box [x, y, w, h] in pixels. */
export const OcrLine = z.object({
  text: short(500),
  confidence: z.number().min(0).max(1),
  box: z.array(int.nonnegative()).length(4),
});
export type OcrLine = z.infer<typeof OcrLine>;

export const PngSummary = z.object({
  kind: z.literal('png'),
  width: int.positive(),
  height: int.positive(),
  bitDepth: int,
  colorType: short(40),
  interlaced: z.boolean(),
  palette: z.array(Swatch).max(12),
  /** tEXt/iTXt/zTXt keywords and their text (each cut to 2,000 characters). */
  text: z.record(short(79), short(2000)),
  recipe: Recipe.nullable(),
  /** Text read in the image (OCR); empty when there is none, and for images stored before OCR. */
  ocr: z.array(OcrLine).max(200).default([]),
});
export type PngSummary = z.infer<typeof PngSummary>;

export const Summary = z.discriminatedUnion('kind', [PdfSummary, CsvSummary, PngSummary]);
export type Summary = z.infer<typeof Summary>;

export const ParseResult = z.object({
  summary: Summary,
  notes: z.array(short(300)).max(20),
  rowIndex: z.object({ every: int.positive(), offsets: z.array(int.nonnegative()) }).nullable(),
  /** For a file read in parts: where each part's text starts in the whole (absent: one part). */
  partBases: z.array(int.nonnegative()).optional(),
});
export type ParseResult = z.infer<typeof ParseResult>;
