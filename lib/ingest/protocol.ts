import type { ReferenceKind } from '../../db/schema/references';
import type { ErrorCode } from '../errors';
import type { CsvRange } from './csv';
import type { IngestLimits } from './limits';
import type { PartOf } from './pdf';
import type { TextEncodingName } from './sniff';
import type { ParseResult, Passage, PassageSink } from './types';

/** `part`: a PDF read in parts, this worker's share of its pages; `range`: a CSV read in parts, this worker's bytes. */
export type ParseJob = {
  kind: ReferenceKind;
  path: string;
  encoding?: TextEncodingName;
  limits: IngestLimits;
  part?: PartOf;
  range?: CsvRange;
};
/** One PDF page drawn as a PNG `width` pixels wide, for the viewer (never on the ingest path). */
export type PageImageJob = {
  kind: 'pdf-page';
  path: string;
  page: number;
  width: number;
  limits: IngestLimits;
};
/** A small preview: a PNG scaled to fit `size`, or a PDF's first page drawn `size` wide. */
export type ThumbnailJob = {
  kind: 'thumbnail';
  of: 'png' | 'pdf';
  path: string;
  size: number;
  limits: IngestLimits;
};
export type WorkerJob = ParseJob | PageImageJob | ThumbnailJob;
export type ToWorker = { id: number; job: WorkerJob };
export type FromWorker =
  | { id: number; type: 'started' }
  | { id: number; type: 'passages'; passages: Passage[]; last: boolean }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'failed'; error: { code: ErrorCode; message: string } };

/** What the worker pool offers: parsing a file (its passages go to `onPassages` as they are read), and drawing a PDF page. */
export type Readers = {
  parse: (job: ParseJob, onPassages: PassageSink) => Promise<ParseResult>;
  pageImage: (job: PageImageJob) => Promise<Uint8Array>;
  thumbnail: (job: ThumbnailJob) => Promise<Uint8Array>;
};

const KEY = Symbol.for('atelier.ingestReaders');
type Holder = { [KEY]?: Readers };

/**
 * The process's readers, registered by lib/ingest/runner.ts when an entry point (server, CLI, tests)
 * imports it. Route bundles reach them through here, so they never start a worker from a moved file.
 */
export function registerReaders(readers: Readers): void {
  (globalThis as Holder)[KEY] = readers;
}

export function readers(): Readers {
  const r = (globalThis as Holder)[KEY];
  if (!r)
    throw new Error(
      'no file readers are registered: the process entry point must import lib/ingest/runner',
    );
  return r;
}
