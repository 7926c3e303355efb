// CSV: streamed through papaparse with flat memory. Delimiter and encoding detected, header inferred,
// per-column statistics, a sparse row-offset index over the stored bytes, passages per row group.
// A large file may be read as byte ranges by several workers (lib/ingest/csv-parts.ts); `parseCsvPart`
// reads one of them.
import type Papa from 'papaparse';
import { firstLine } from '../../engine/errors';
import { AppError } from '../errors';
import { ColumnAccumulator, columnNames, distinctCapFor, looksLikeHeader } from './csv-columns';
import { type RowEvent, streamRows } from './csv-stream';
import { decodeFile, TextWindow } from './csv-text';
import type { IngestLimits } from './limits';
import type { TextEncodingName } from './sniff';
import type { CsvPart, CsvSummary, ParseResult, PassageSink } from './types';

/** One byte offset is kept per this many data rows; reading row n parses at most this many rows. */
export const ROW_INDEX_EVERY = 128;
const ROWS_PER_PASSAGE = 50;

/** Bytes [start, end) of the file, part `index` of `count`; every part but the first starts a row. */
export type CsvRange = { index: number; count: number; start: number; end: number };

const n = (v: number) => v.toLocaleString('en');
const tooManyRows = (limits: IngestLimits) =>
  new AppError(
    'bad_request',
    `the CSV has more than ${n(limits.csvMaxRows)} rows; at most ${n(limits.csvMaxRows)} are accepted`,
  );

function papaError(err: Papa.ParseError, row: number): AppError | null {
  if (err.code === 'MissingQuotes')
    return new AppError(
      'bad_request',
      `row ${n(row)} of the CSV opens a quote that is never closed`,
    );
  if (err.code === 'InvalidQuotes')
    return new AppError(
      'bad_request',
      `row ${n(row)} of the CSV has a malformed quoted field (a quote inside quotes must be doubled)`,
    );
  return null;
}

/** Byte offsets appended one at a time, in a typed array that grows by doubling. */
class Offsets {
  private data: Float64Array<ArrayBuffer> = new Float64Array(1024);
  private size = 0;
  push(v: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = v;
  }
  toArray(): Float64Array<ArrayBuffer> {
    return this.data.slice(0, this.size);
  }
}

/** What reading the whole file, or one range of it, found. */
type Read = {
  delimiter: string;
  linebreak: string;
  header: string[] | null;
  /** Byte offset of data row 1, once a first row was seen. */
  dataStart: number | null;
  rows: number;
  columns: ColumnAccumulator[];
  rowStarts: Offsets;
  endsAtRow: boolean;
};

/**
 * Reads rows of `path` (all of it, or `range`) until the end or the first refusal. The whole file, or
 * a first part, decides the header and sends passages for the first indexed rows; a later part treats
 * every row as data and records where each starts (its row numbers are known only once the parts
 * before it are counted).
 */
async function readCsv(
  path: string,
  encoding: TextEncodingName,
  limits: IngestLimits,
  emit: PassageSink,
  range: CsvRange | null,
): Promise<Read> {
  const later = range !== null && range.index > 0;
  const whole = range === null || range.count === 1;
  const window = new TextWindow(encoding, range?.start ?? 0);
  const indexedRows = later ? 0 : limits.csvIndexedRows;
  const startsEvery = later ? 1 : ROW_INDEX_EVERY;
  const read: Read = {
    delimiter: ',',
    linebreak: '\n',
    header: null,
    dataStart: null,
    rows: 0,
    columns: [],
    rowStarts: new Offsets(),
    endsAtRow: false,
  };
  let fed = 0;
  let tail = '';
  let rowEnd = 0;
  let decided = later;
  let groupStart = 0;
  let failure: AppError | null = null;

  const tooLong = () =>
    new AppError(
      'bad_request',
      `row ${n(read.rows + 1)} of the CSV is still open after ${n(limits.csvMaxRowChars)} characters (an unclosed quote, or one huge field)`,
    );

  async function* text(): AsyncGenerator<string> {
    for await (const piece of decodeFile(
      path,
      encoding,
      range?.start ?? 0,
      (bom) => window.setBom(bom),
      range?.end,
      true,
    )) {
      // Stops an endless row early; onRow's check below makes the refusal the same wherever pieces end.
      if (fed - rowEnd > limits.csvMaxRowChars) throw tooLong();
      window.push(piece);
      fed += piece.length;
      tail = piece.slice(-2);
      yield piece;
    }
  }

  const closeGroup = (end: number, last: number) => {
    const first = last - ((last - 1) % ROWS_PER_PASSAGE);
    emit(
      [
        {
          heading: first === last ? `row ${last}` : `rows ${first}–${last}`,
          text: window.slice(groupStart, end),
          charStart: groupStart,
          charEnd: end,
        },
      ],
      last === indexedRows,
    );
  };

  const addColumns = (names: string[], missing: number) => {
    const cap = distinctCapFor(names.length);
    for (let i = read.columns.length; i < names.length; i++)
      read.columns.push(new ColumnAccumulator(names[i], cap, missing));
  };

  const addRow = (row: string[], start: number, end: number): AppError | null => {
    const rows = ++read.rows;
    if (rows > limits.csvMaxRows) return tooManyRows(limits);
    if (row.length > limits.csvMaxColumns)
      return new AppError(
        'bad_request',
        `row ${n(rows)} of the CSV has ${n(row.length)} columns; at most ${n(limits.csvMaxColumns)} are accepted`,
      );
    const { columns } = read;
    if (row.length > columns.length) addColumns(columnNames(read.header, row.length), rows - 1);
    if ((rows - 1) % startsEvery === 0) read.rowStarts.push(window.byteAt(start));
    for (let i = 0; i < columns.length; i++) {
      const v = row[i];
      if (v === undefined) columns[i].addEmpty();
      else if (v.length > limits.csvMaxFieldChars) {
        return new AppError(
          'bad_request',
          `row ${n(rows)}, column ${i + 1} of the CSV is ${n(v.length)} characters long; fields may be at most ${n(limits.csvMaxFieldChars)}`,
        );
      } else columns[i].add(v);
    }
    if (rows <= indexedRows) {
      if ((rows - 1) % ROWS_PER_PASSAGE === 0) groupStart = start;
      if (rows % ROWS_PER_PASSAGE === 0 || rows === indexedRows) closeGroup(end, rows);
    }
    return null;
  };

  const onRow = ({ data, cursor, delimiter, linebreak, errors }: RowEvent): boolean => {
    const start = rowEnd;
    // Empty lines skipped before the row count too, as they do while it is read.
    if (cursor - start > limits.csvMaxRowChars) failure ??= tooLong();
    rowEnd = cursor;
    read.delimiter = delimiter;
    read.linebreak = linebreak;
    for (const err of errors) failure ??= papaError(err, read.rows + 1);
    if (!decided) {
      decided = true;
      if (looksLikeHeader(data)) {
        read.header = data;
        read.dataStart = window.byteAt(rowEnd);
        groupStart = rowEnd;
        emit([{ heading: 'header', text: window.slice(0, rowEnd), charStart: 0, charEnd: rowEnd }]);
        addColumns(columnNames(data, data.length), 0);
        if (data.length > limits.csvMaxColumns)
          failure ??= new AppError(
            'bad_request',
            `the CSV has ${n(data.length)} columns; at most ${n(limits.csvMaxColumns)} are accepted`,
          );
        return !failure;
      }
      read.dataStart = window.byteAt(start);
    }
    failure ??= addRow(data, start, rowEnd);
    window.release(read.rows < indexedRows ? Math.min(groupStart, rowEnd) : rowEnd);
    return !failure;
  };

  await streamRows(text(), undefined, onRow).catch((err: Error) => {
    throw err instanceof AppError
      ? err
      : new AppError('bad_request', `the CSV could not be read (${firstLine(err)})`);
  });
  if (failure) throw failure;
  if (fed - rowEnd > limits.csvMaxRowChars) throw tooLong();
  read.endsAtRow = decided && rowEnd === fed && tail.endsWith(read.linebreak);
  if (whole && read.rows < indexedRows && read.rows % ROWS_PER_PASSAGE !== 0)
    closeGroup(rowEnd, read.rows);
  return read;
}

/** The statistics and index of a CSV's rows, as stored with its reference. */
export function csvResult(
  encoding: TextEncodingName,
  limits: IngestLimits,
  r: Pick<Read, 'delimiter' | 'dataStart' | 'rows'> & {
    header: boolean;
    columns: ColumnAccumulator[];
    offsets: number[];
  },
): ParseResult {
  if (r.rows > limits.csvMaxRows) throw tooManyRows(limits);
  if (r.rows === 0)
    throw new AppError(
      'bad_request',
      r.header ? 'the CSV has a header but no data rows' : 'the CSV has no rows',
    );
  const indexed = Math.min(r.rows, limits.csvIndexedRows);
  const summary: CsvSummary = {
    kind: 'csv',
    encoding,
    delimiter: r.delimiter,
    header: r.header,
    columns: r.columns.map((c) => c.result()),
    rows: r.rows,
    indexedRows: indexed,
    dataStart: r.dataStart ?? 0,
  };
  const notes =
    indexed < r.rows
      ? [
          `rows after ${n(indexed)} are not in the search index; every row can still be read by its number`,
        ]
      : [];
  return { summary, notes, rowIndex: { every: ROW_INDEX_EVERY, offsets: r.offsets } };
}

export async function parseCsv(
  path: string,
  encoding: TextEncodingName,
  limits: IngestLimits,
  emit: PassageSink,
): Promise<ParseResult> {
  const read = await readCsv(path, encoding, limits, emit, null);
  return csvResult(encoding, limits, {
    ...read,
    header: read.header !== null,
    offsets: Array.from(read.rowStarts.toArray()),
  });
}

export async function parseCsvPart(
  path: string,
  encoding: TextEncodingName,
  limits: IngestLimits,
  emit: PassageSink,
  range: CsvRange,
): Promise<CsvPart> {
  const read = await readCsv(path, encoding, limits, emit, range);
  return {
    kind: 'csv-part',
    delimiter: read.delimiter,
    linebreak: read.linebreak,
    endsAtRow: read.endsAtRow,
    header: read.header !== null,
    dataStart: read.dataStart,
    rows: read.rows,
    columns: read.columns.map((c) => c.state()),
    rowStarts: read.rowStarts.toArray(),
  };
}
