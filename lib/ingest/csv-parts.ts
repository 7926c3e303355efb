// A large CSV read by several workers at once, each a byte range that starts after a line break, and
// their counts put together as one pass over the file would have made them. A cut that fell inside a
// quoted field, parts that disagree (delimiter, line breaks, column count), a first part too short to
// hold the indexed rows, or any refusal: the file is read again by one worker, which words a refusal
// with the right row number. Worker time limits and memory stops are final.
import fs from 'node:fs/promises';
import { logInternal } from '../errors';
import { type CsvRange, csvResult, ROW_INDEX_EVERY } from './csv';
import { ColumnAccumulator } from './csv-columns';
import type { IngestLimits } from './limits';
import type { ParseJob } from './protocol';
import { ReaderStopped } from './reader-stopped';
import type { TextEncodingName } from './sniff';
import { type CsvPart, ParseResult, type Passage, type PassageSink } from './types';

/** How far past an even cut a line break is looked for. */
const SEEK_BYTES = 1 << 20;
/** The file's first bytes, where the length of a row is estimated. */
const HEAD_BYTES = 64 * 1024;

/** Line breaks are the byte 0x0A only in these (a UTF-16 file is read by one worker). */
const SPLITTABLE: TextEncodingName[] = ['utf-8', 'windows-1252'];

export type ReadCsvPart = (
  job: ParseJob & { range: CsvRange },
  sink: PassageSink,
) => Promise<CsvPart>;
export type ReadWhole = (job: ParseJob, sink: PassageSink) => Promise<ParseResult>;

/**
 * How far the first part must reach to hold the indexed rows (their passages come from it), from the
 * lines in the file's first bytes, with a margin: long rows move the first cut later.
 */
function indexedRowsEnd(head: Buffer, indexedRows: number): number {
  let lines = 0;
  let end = 0;
  for (let i = head.indexOf(10); i >= 0; i = head.indexOf(10, i + 1)) {
    lines++;
    end = i + 1;
  }
  return lines ? Math.ceil((end / lines) * (indexedRows + 1) * 1.25) : Infinity;
}

/** The byte ranges `job`'s file is read in by `workers` at once: none (one pass) for a small file. */
export async function csvRanges(job: ParseJob, workers: number): Promise<CsvRange[]> {
  if (workers < 2 || !SPLITTABLE.includes(job.encoding ?? 'utf-8')) return [];
  const fh = await fs.open(job.path, 'r');
  try {
    const { size } = await fh.stat();
    if (size < job.limits.csvPartBytes) return [];
    const buf = Buffer.alloc(SEEK_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    // The first part ends at an even share or after the indexed rows, whichever is later; the rest is shared evenly.
    const first = Math.max(
      size / workers,
      indexedRowsEnd(buf.subarray(0, bytesRead), job.limits.csvIndexedRows),
    );
    if (first > size * 0.9) return [];
    const cuts = [0];
    for (let k = 1; k < workers; k++) {
      const from = Math.max(
        Math.floor(first + ((size - first) * (k - 1)) / (workers - 1)),
        cuts[cuts.length - 1],
      );
      const { bytesRead } = await fh.read(buf, 0, SEEK_BYTES, from);
      const nl = buf.subarray(0, bytesRead).indexOf(10);
      if (nl >= 0 && from + nl + 1 < size) cuts.push(from + nl + 1);
    }
    if (cuts.length < 2) return [];
    return cuts.map((start, index) => ({
      index,
      count: cuts.length,
      start,
      end: cuts[index + 1] ?? size,
    }));
  } finally {
    await fh.close();
  }
}

/** How CSVs read in parts ended, in this process (the benchmark and tests check which path was taken). */
export const csvPartCounts = { combined: 0, readAgain: 0 };

export async function readCsvInParts(
  job: ParseJob,
  onPassages: PassageSink,
  readPart: ReadCsvPart,
  readWhole: ReadWhole,
  ranges: CsvRange[],
): Promise<ParseResult> {
  if (ranges.length < 2) return readWhole(job, onPassages);
  const sent: Passage[] = [];
  const first: PassageSink = (batch, last) => {
    sent.push(...batch);
    onPassages(batch, last);
  };
  // Every part settles before anything else happens, so none is still sending passages.
  const settled = await Promise.allSettled(
    ranges.map((range) => readPart({ ...job, range }, range.index === 0 ? first : () => undefined)),
  );
  const stopped = settled.find((s) => s.status === 'rejected' && s.reason instanceof ReaderStopped);
  if (stopped) throw (stopped as PromiseRejectedResult).reason;
  const parts = settled.map((s) => (s.status === 'fulfilled' ? s.value : null));
  const combined = parts.every((p) => p !== null)
    ? combineCsvParts(parts as CsvPart[], ranges, job.encoding ?? 'utf-8', job.limits)
    : null;
  if (combined) {
    csvPartCounts.combined++;
    return combined;
  }
  // A refusal is the file's (one pass words it); anything else is a fault of ours, worth a log line.
  for (const s of settled) if (s.status === 'rejected') logInternal(s.reason, 'reading a CSV part');
  csvPartCounts.readAgain++;
  return readAgain(job, onPassages, readWhole, sent);
}

/** One pass over the whole file; the passages the first part already sent are not sent twice. */
async function readAgain(
  job: ParseJob,
  onPassages: PassageSink,
  readWhole: ReadWhole,
  sent: Passage[],
): Promise<ParseResult> {
  let i = 0;
  let differs = false;
  const result = await readWhole(job, (batch, last) => {
    const rest: Passage[] = [];
    for (const p of batch) {
      const s = i < sent.length ? sent[i++] : null;
      if (!s) rest.push(p);
      else if (s.charStart !== p.charStart || s.charEnd !== p.charEnd || s.heading !== p.heading)
        differs = true;
    }
    if (rest.length || last) onPassages(rest, last);
  });
  // Only a reader that does not read the same bytes the same way twice gets here.
  if (differs || i < sent.length)
    throw new Error('the CSV read differently in one pass than in parts');
  return result;
}

/** The parts (read from `ranges`) as one pass would have counted them, or null when they cannot be put together exactly. */
export function combineCsvParts(
  parts: CsvPart[],
  ranges: CsvRange[],
  encoding: TextEncodingName,
  limits: IngestLimits,
): ParseResult | null {
  const [head] = parts;
  const inRange = (p: CsvPart, i: number) =>
    p.rowStarts.length === 0 ||
    (p.rowStarts[0] >= ranges[i].start && p.rowStarts[p.rowStarts.length - 1] < ranges[i].end);
  const fits = (p: CsvPart, i: number) =>
    inRange(p, i) &&
    p.delimiter === head.delimiter &&
    p.linebreak === head.linebreak &&
    (i === parts.length - 1 || p.endsAtRow) &&
    p.columns.length === head.columns.length &&
    p.columns.every((c, j) => c.cap === head.columns[j].cap) &&
    p.rowStarts.length === (i === 0 ? Math.ceil(p.rows / ROW_INDEX_EVERY) : p.rows);
  if (head.dataStart === null || head.rows < limits.csvIndexedRows || !parts.every(fits))
    return null;
  const columns = head.columns.map((c) => ColumnAccumulator.from(c));
  const offsets = Array.from(head.rowStarts);
  let rows = head.rows;
  for (const p of parts.slice(1)) {
    p.columns.forEach((c, j) => columns[j].absorb(c));
    // Data row `rows + k + 1` is indexed when `rows + k` is a multiple of the index step.
    for (
      let k = (ROW_INDEX_EVERY - (rows % ROW_INDEX_EVERY)) % ROW_INDEX_EVERY;
      k < p.rows;
      k += ROW_INDEX_EVERY
    )
      offsets.push(p.rowStarts[k]);
    rows += p.rows;
  }
  // Checked as a worker's one-pass result is (the parts were, one by one).
  return ParseResult.parse(
    csvResult(encoding, limits, {
      delimiter: head.delimiter,
      dataStart: head.dataStart,
      rows,
      header: head.header,
      columns,
      offsets,
    }),
  );
}
