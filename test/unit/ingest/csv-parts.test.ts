import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseCsv, parseCsvPart } from '@/lib/ingest/csv';
import { csvRanges, type ReadCsvPart, readCsvInParts } from '@/lib/ingest/csv-parts';
import { type IngestLimits, ingestLimits } from '@/lib/ingest/limits';
import type { ParseJob } from '@/lib/ingest/protocol';
import { ReaderStopped } from '@/lib/ingest/reader-stopped';
import type { TextEncodingName } from '@/lib/ingest/sniff';
import { storable } from '@/lib/ingest/storable';
import { CsvPart, type Passage } from '@/lib/ingest/types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-csv-parts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(text: string | Buffer): string {
  const file = path.join(dir, `${files++}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

// Every file here is read in parts, however small.
const LIMITS = ingestLimits({ csvPartBytes: 1, csvIndexedRows: 120 });

/** A part as the main thread receives it: cloned across threads, made storable, validated. */
const inThisThread: ReadCsvPart = async (job, sink) =>
  CsvPart.parse(
    structuredClone(
      storable(await parseCsvPart(job.path, job.encoding ?? 'utf-8', job.limits, sink, job.range)),
    ),
  );

/** The file read once, and read in `workers` parts (in this thread), with what each sent. */
async function bothWays(
  file: string,
  {
    workers = 2,
    encoding = 'utf-8' as TextEncodingName,
    limits = LIMITS as IngestLimits,
    readPart = inThisThread,
  } = {},
) {
  const job: ParseJob = { kind: 'csv', path: file, encoding, limits };
  const onePassages: Passage[] = [];
  const one = await parseCsv(file, encoding, limits, (b) => onePassages.push(...b)).catch(
    (e: Error) => e,
  );
  const splitPassages: Passage[] = [];
  let readAgain = 0;
  const ranges = await csvRanges(job, workers);
  const split = await readCsvInParts(
    job,
    (b) => splitPassages.push(...b),
    readPart,
    (j, sink) => (readAgain++, parseCsv(j.path, encoding, j.limits, sink)),
    ranges,
  ).catch((e: Error) => e);
  return { one, onePassages, split, splitPassages, readAgain, ranges };
}

const rows = (
  n: number,
  row: (i: number) => string,
  header = 'id,sku,category,code,code2,price,launch,copy\n',
) => header + Array.from({ length: n }, (_, k) => row(k + 1)).join('');
const catalogue = (i: number) =>
  `${i},SKU-${String(i).padStart(6, '0')},${['fruit', 'veg', 'bread'][i % 3]},${i % 1000},${i % 1001},${(i % 97) / 4},2025-0${(i % 9) + 1}-1${i % 10},"Copy ${i}, fresh"\n`;

describe('a CSV read in byte ranges by several workers', () => {
  it.each([2, 3, 4])(
    'gives what one pass gives, in %i parts, without reading the file again',
    async (workers) => {
      const r = await bothWays(write(rows(3000, catalogue)), { workers });
      expect(r.ranges).toHaveLength(workers);
      expect(r.readAgain).toBe(0);
      expect(r.split).toEqual(r.one);
      expect(r.splitPassages).toEqual(r.onePassages);
      const columns = Object.fromEntries(
        (r.one as { summary: { columns: Array<{ name: string }> } }).summary.columns.map((c) => [
          c.name,
          c,
        ]),
      );
      // Exactly the cap of distinct values is counted exactly; one more is "more than".
      expect(columns.code).toMatchObject({ distinct: 1000, distinctCapped: false });
      expect(columns.code2).toMatchObject({ distinct: 1000, distinctCapped: true });
      expect(columns.category).toMatchObject({ distinct: 3, distinctCapped: false });
    },
  );

  it('places row offsets right in multi-byte text, CRLF lines, a BOM, other delimiters and no header', async () => {
    const text = rows(
      2000,
      (i) => `${i};crème brûlée ✓ ${i};${i % 7 ? '日本' : ''};${i * 3}\r\n`,
      '',
    );
    for (const file of [
      write(text),
      write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
    ]) {
      const r = await bothWays(file, { workers: 3 });
      expect(r.readAgain).toBe(0);
      expect(r.split).toEqual(r.one);
      expect(r.splitPassages).toEqual(r.onePassages);
    }
    const latin = write(
      Buffer.from(
        rows(1500, (i) => `${i},caf\xe9 ${i}\n`, 'n,name\n'),
        'latin1',
      ),
    );
    const r = await bothWays(latin, { encoding: 'windows-1252' });
    expect(r.readAgain).toBe(0);
    expect(r.split).toEqual(r.one);
  });

  it('reads the file again when a cut falls inside a quoted field, and only then', async () => {
    const outcomes = new Set<number>();
    for (const lines of [1, 2, 3, 5, 8]) {
      const starts = new Set<number>();
      let text = 'id,note\n';
      for (let i = 1; i <= 900; i++) {
        starts.add(Buffer.byteLength(text));
        text += `${i},"${Array.from({ length: 1 + (i % lines) }, (_, l) => `line ${l} of ${i}`).join('\n')}"\n`;
      }
      const r = await bothWays(write(text), {
        workers: 3,
        limits: ingestLimits({ csvPartBytes: 1, csvIndexedRows: 50 }),
      });
      const cutInQuotes = r.ranges.slice(1).some((range) => !starts.has(range.start));
      expect(r.readAgain).toBe(cutInQuotes ? 1 : 0);
      expect(r.split).toEqual(r.one);
      expect(r.splitPassages).toEqual(r.onePassages);
      outcomes.add(r.readAgain);
    }
    expect([...outcomes].sort()).toEqual([0, 1]);
  });

  it('moves the first cut past the indexed rows, estimated from the first lines', async () => {
    const file = write(rows(3000, catalogue));
    const indexed = (csvIndexedRows: number) => ingestLimits({ csvPartBytes: 1, csvIndexedRows });
    const later = await bothWays(file, { limits: indexed(2000) });
    expect(later.ranges).toHaveLength(2);
    expect(later.ranges[0].end).toBeGreaterThan(fs.statSync(file).size * 0.6);
    expect(later.readAgain).toBe(0);
    expect(later.split).toEqual(later.one);
    expect(later.splitPassages).toEqual(later.onePassages);
    // Nearly every row indexed: one worker reads the file.
    expect((await bothWays(file, { limits: indexed(2900) })).ranges).toEqual([]);
  });

  it('reads ragged files, and files whose first part still holds too few indexed rows, again in one pass, sending no passage twice', async () => {
    const ragged = await bothWays(
      write(rows(3000, (i) => (i === 2500 ? `${catalogue(i).trimEnd()},extra\n` : catalogue(i)))),
    );
    expect(ragged.readAgain).toBe(1);
    expect(ragged.split).toEqual(ragged.one);
    // Short rows first, so the estimate falls short.
    const uneven = write(
      rows(5000, (i) => `${i},${'x'.repeat(i <= 2000 ? 30 : 400)}\n`, 'id,text\n'),
    );
    const short = await bothWays(uneven, {
      limits: ingestLimits({ csvPartBytes: 1, csvIndexedRows: 4000 }),
    });
    expect(short.ranges).toHaveLength(2);
    expect(short.readAgain).toBe(1);
    expect(short.split).toEqual(short.one);
    expect(short.splitPassages).toEqual(short.onePassages);
  });

  it('refuses a bad file with the message, and the row number, one pass gives', async () => {
    const cases = [
      { text: rows(3000, (i) => (i === 2800 ? `${i},"open\n` : catalogue(i))), limits: LIMITS },
      {
        text: rows(3000, (i) => (i === 2900 ? `${catalogue(i).trimEnd()},x,y\n` : catalogue(i))),
        limits: ingestLimits({ csvPartBytes: 1, csvIndexedRows: 120, csvMaxColumns: 9 }),
      },
      {
        text: rows(3000, catalogue),
        limits: ingestLimits({ csvPartBytes: 1, csvIndexedRows: 120, csvMaxRows: 2500 }),
      },
    ];
    for (const { text, limits } of cases) {
      const r = await bothWays(write(text), { limits });
      expect(r.one).toBeInstanceOf(AppError);
      expect(r.split).toEqual(r.one);
      expect((r.split as Error).message).toMatch(/row 2,[89]00|more than 2,500 rows/);
    }
  });

  it('agrees with one pass at the edges: rows over the length limit wherever read pieces end, cut-off emoji, numbers beyond a double', async () => {
    const limits = ingestLimits({ csvPartBytes: 1, csvIndexedRows: 120, csvMaxRowChars: 1000 });
    // A 1,100-character row, and 1,500 empty lines before a row, both inside one 64 KiB piece.
    for (const odd of [`2000,"${'y'.repeat(1100)}"\n`, `${'\n'.repeat(1500)}2000,x\n`]) {
      const r = await bothWays(
        write(rows(3000, (i) => (i === 2000 ? odd : `${i},x\n`), 'id,text\n')),
        { limits },
      );
      expect(r.one).toBeInstanceOf(AppError);
      expect((r.one as Error).message).toBe(
        'row 2,000 of the CSV is still open after 1,000 characters (an unclosed quote, or one huge field)',
      );
      expect(r.split).toEqual(r.one);
    }
    const long = (tail: string) => `${'x'.repeat(199)}${tail}`;
    const edges = await bothWays(
      write(
        rows(
          400,
          (i) =>
            `${i},${i === 1 ? long('😀') : i === 390 ? long('𝐀') : 'v'},${i === 300 ? '1e999' : i},${'9'.repeat(i === 7 ? 400 : 3)}\n`,
          'id,text,n,m\n',
        ),
      ),
    );
    expect(edges.readAgain).toBe(0);
    expect(edges.split).toEqual(edges.one);
    const columns = (edges.one as { summary: { columns: unknown[] } }).summary.columns;
    expect(columns.slice(1)).toMatchObject([
      { name: 'text', distinct: 2 },
      { name: 'n', type: 'text' },
      { name: 'm', type: 'text' },
    ]);
  });

  it('does not read the file again after a worker was stopped by its time or memory limit', async () => {
    const stopped = new ReaderStopped(
      'bad_request',
      'reading the CSV took longer than 30 s, so it was stopped',
    );
    const r = await bothWays(write(rows(3000, catalogue)), {
      readPart: (job, sink) =>
        job.range.index === 1 ? Promise.reject(stopped) : inThisThread(job, sink),
    });
    expect(r.split).toBe(stopped);
    expect(r.readAgain).toBe(0);
  });

  it('leaves small files, and UTF-16, to one worker', async () => {
    const file = write(rows(1000, catalogue));
    const job = (limits: IngestLimits, encoding: TextEncodingName = 'utf-8'): ParseJob => ({
      kind: 'csv',
      path: file,
      encoding,
      limits,
    });
    expect(await csvRanges(job(ingestLimits()), 2)).toEqual([]);
    expect(await csvRanges(job(LIMITS, 'utf-16le'), 2)).toEqual([]);
    expect(await csvRanges(job(LIMITS), 1)).toEqual([]);
    expect(await csvRanges(job(LIMITS), 2)).toHaveLength(2);
  });
});
