// CSV: streamed through papaparse with flat memory. Delimiter and encoding detected, header inferred,
// per-column statistics, a sparse row-offset index over the stored bytes, passages per row group.
import type Papa from 'papaparse';
import { AppError } from '../errors';
import { columnNames, ColumnAccumulator, looksLikeHeader } from './csv-columns';
import { streamRows, type RowEvent } from './csv-stream';
import { decodeFile, TextWindow } from './csv-text';
import type { IngestLimits } from './limits';
import type { TextEncodingName } from './sniff';
import type { CsvSummary, ParseResult, PassageSink } from './types';

/** One byte offset is kept per this many data rows; reading row n parses at most this many rows. */
export const ROW_INDEX_EVERY = 128;
const ROWS_PER_PASSAGE = 50;

const n = (v: number) => v.toLocaleString('en');

function papaError(err: Papa.ParseError, row: number): AppError | null {
  if (err.code === 'MissingQuotes') return new AppError('bad_request', `row ${n(row)} of the CSV opens a quote that is never closed`);
  if (err.code === 'InvalidQuotes') return new AppError('bad_request', `row ${n(row)} of the CSV has a malformed quoted field (a quote inside quotes must be doubled)`);
  return null;
}

export async function parseCsv(path: string, encoding: TextEncodingName, limits: IngestLimits, emit: PassageSink): Promise<ParseResult> {
  const window = new TextWindow(encoding);
  let fed = 0;
  let rowEnd = 0;
  let delimiter = ',';
  let header: string[] | null = null;
  let decided = false;
  let dataStart = 0;
  let rows = 0;
  let columns: ColumnAccumulator[] = [];
  const offsets: number[] = [];
  let groupStart = 0;
  let failure: AppError | null = null;
  const distinctCap = () => Math.max(20, Math.min(1000, Math.floor(50_000 / Math.max(1, columns.length))));

  async function* text(): AsyncGenerator<string> {
    for await (const piece of decodeFile(path, encoding, 0, (bom) => window.setBom(bom))) {
      if (fed - rowEnd > limits.csvMaxRowChars) {
        throw new AppError('bad_request', `row ${n(rows + 1)} of the CSV is still open after ${n(limits.csvMaxRowChars)} characters (an unclosed quote, or one huge field)`);
      }
      window.push(piece);
      fed += piece.length;
      yield piece;
    }
  }

  const closeGroup = (end: number, last: number) => {
    const first = last - ((last - 1) % ROWS_PER_PASSAGE);
    emit([{ heading: first === last ? `row ${last}` : `rows ${first}–${last}`, text: window.slice(groupStart, end), charStart: groupStart, charEnd: end }], last === limits.csvIndexedRows);
  };

  const addRow = (row: string[], start: number, end: number): AppError | null => {
    rows += 1;
    if (rows > limits.csvMaxRows) return new AppError('bad_request', `the CSV has more than ${n(limits.csvMaxRows)} rows; at most ${n(limits.csvMaxRows)} are accepted`);
    if (row.length > limits.csvMaxColumns) return new AppError('bad_request', `row ${n(rows)} of the CSV has ${n(row.length)} columns; at most ${n(limits.csvMaxColumns)} are accepted`);
    if (row.length > columns.length) {
      const names = columnNames(header, row.length);
      for (let i = columns.length; i < row.length; i++) columns.push(new ColumnAccumulator(names[i], distinctCap(), rows - 1));
    }
    if ((rows - 1) % ROW_INDEX_EVERY === 0) offsets.push(window.byteAt(start));
    for (let i = 0; i < columns.length; i++) {
      const v = row[i];
      if (v === undefined) columns[i].addEmpty();
      else if (v.length > limits.csvMaxFieldChars) {
        return new AppError('bad_request', `row ${n(rows)}, column ${i + 1} of the CSV is ${n(v.length)} characters long; fields may be at most ${n(limits.csvMaxFieldChars)}`);
      } else columns[i].add(v);
    }
    if (rows <= limits.csvIndexedRows) {
      if ((rows - 1) % ROWS_PER_PASSAGE === 0) groupStart = start;
      if (rows % ROWS_PER_PASSAGE === 0 || rows === limits.csvIndexedRows) closeGroup(end, rows);
    }
    return null;
  };

  const onRow = ({ data, cursor, delimiter: found, errors }: RowEvent): boolean => {
    const start = rowEnd;
    rowEnd = cursor;
    for (const err of errors) failure ??= papaError(err, rows + 1);
    if (!decided) {
      decided = true;
      delimiter = found;
      if (looksLikeHeader(data)) {
        header = data;
        dataStart = window.byteAt(rowEnd);
        groupStart = rowEnd;
        emit([{ heading: 'header', text: window.slice(0, rowEnd), charStart: 0, charEnd: rowEnd }]);
        columns = columnNames(header, header.length).map((name) => new ColumnAccumulator(name, distinctCap()));
        if (header.length > limits.csvMaxColumns) failure ??= new AppError('bad_request', `the CSV has ${n(header.length)} columns; at most ${n(limits.csvMaxColumns)} are accepted`);
        return !failure;
      }
      dataStart = window.byteAt(start);
    }
    failure ??= addRow(data, start, rowEnd);
    window.release(rows < limits.csvIndexedRows ? Math.min(groupStart, rowEnd) : rowEnd);
    return !failure;
  };

  await streamRows(text(), undefined, onRow).catch((err: Error) => {
    throw err instanceof AppError ? err : new AppError('bad_request', `the CSV could not be read (${err.message.split('\n')[0]})`);
  });
  if (failure) throw failure;
  if (rows === 0) throw new AppError('bad_request', header ? 'the CSV has a header but no data rows' : 'the CSV has no rows');
  const indexed = Math.min(rows, limits.csvIndexedRows);
  if (rows < limits.csvIndexedRows && rows % ROWS_PER_PASSAGE !== 0) closeGroup(rowEnd, rows);
  const summary: CsvSummary = {
    kind: 'csv',
    encoding,
    delimiter,
    header: header !== null,
    columns: columns.map((c) => c.result()),
    rows,
    indexedRows: indexed,
    dataStart,
  };
  const notes = indexed < rows ? [`rows after ${n(indexed)} are not in the search index; every row can still be read by its number`] : [];
  return { summary, notes, rowIndex: { every: ROW_INDEX_EVERY, offsets } };
}
