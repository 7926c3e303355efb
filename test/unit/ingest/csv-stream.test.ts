import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_DELIMITERS, type RowEvent, RowTokenizer, streamRows } from '@/lib/ingest/csv-stream';

type Seen = {
  data: string[];
  cursor: number;
  delimiter: string;
  linebreak: string;
  quotes: string[];
};
const seen = (r: RowEvent): Seen => ({
  data: r.data,
  cursor: r.cursor,
  delimiter: r.delimiter,
  linebreak: r.linebreak,
  // The rows' quoting errors (papaparse's other finding, an undetectable delimiter, is not a row's).
  quotes: r.errors.filter((e) => e.type === 'Quotes').map((e) => e.code),
});

async function* piecesOf(parts: string[]) {
  for (const p of parts) yield p;
}

/** papaparse alone over the same pieces, as rows were streamed before the tokenizer. */
function papaparseRows(parts: string[], delimiter?: string): Promise<Seen[]> {
  const rows: Seen[] = [];
  return new Promise((resolve, reject) => {
    (Papa.parse as (source: unknown, config: unknown) => void)(Readable.from(piecesOf(parts)), {
      delimiter: delimiter ?? '',
      delimitersToGuess: CSV_DELIMITERS,
      quoteChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: true,
      step: (r: Papa.ParseStepResult<string[]>) =>
        rows.push(
          seen({
            data: r.data,
            cursor: r.meta.cursor,
            delimiter: r.meta.delimiter,
            linebreak: r.meta.linebreak,
            errors: r.errors,
          }),
        ),
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

async function ourRows(parts: string[], delimiter?: string): Promise<Seen[]> {
  const rows: Seen[] = [];
  await streamRows(piecesOf(parts), delimiter, (r) => void rows.push(seen(r)));
  return rows;
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;

/**
 * CSV-like text: mostly well formed, with quoted fields, doubled quotes, delimiters and line breaks
 * inside quotes, empty lines, stray carriage returns and quotes, and now and then malformed quoting.
 */
function csvText(r: Random): string {
  const d = r.pick([',', ',', ';', '\t', '|']);
  const nl = r.pick(['\n', '\n', '\r\n', '\r']);
  const plain = () =>
    Array.from({ length: r.int(6) }, () =>
      r.pick(['a', 'b', ' ', '1', '.', 'é', '"', '\r', d]),
    ).join('');
  const field = () => {
    const k = r.int(10);
    if (k < 5) return plain().replaceAll(d, '');
    const inner = Array.from({ length: r.int(8) }, () =>
      r.pick(['x', 'y', ' ', d, '""', '\n', '\r\n', 'ü']),
    ).join('');
    if (k < 9) return `"${inner}"`;
    // Spaces or text after the closing quote, a quote never closed, a quote inside a field.
    return r.pick([`"${inner}"  `, `"${inner}"z`, `"${inner}`, `"${inner}" `, `x"${inner}`]);
  };
  const lines = Array.from({ length: r.int(12) }, () =>
    r.next() < 0.1 ? '' : Array.from({ length: 1 + r.int(4) }, field).join(d),
  );
  return lines.join(r.next() < 0.95 ? nl : r.pick(['\n', '\r\n'])) + (r.next() < 0.7 ? nl : '');
}

/** `text` cut into pieces at random places (papaparse guesses from the first). */
function cut(text: string, r: Random): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + r.int(r.next() < 0.5 ? 4 : 40);
    parts.push(text.slice(i, i + n));
    i += n;
  }
  return parts;
}

describe('streamRows', () => {
  it('reads every row as papaparse reads it, wherever the pieces end', async () => {
    const r = random(15);
    for (let n = 0; n < 4000; n++) {
      const text = csvText(r);
      const parts = r.next() < 0.2 ? [text] : cut(text, r);
      const given = r.next() < 0.3 ? r.pick(CSV_DELIMITERS) : undefined;
      const want = await papaparseRows(parts, given);
      const got = await ourRows(parts, given);
      // One comparison per case, with the case in the message when it fails.
      if (JSON.stringify(got) !== JSON.stringify(want))
        expect({ parts, given, rows: got }).toEqual({ parts, given, rows: want });
    }
  });

  it('reads well-formed rows itself: quotes, delimiters and line breaks inside fields', () => {
    const rows: Array<[string[], number]> = [];
    const read = new RowTokenizer(',', '\r\n').rows(
      'a,"b,c",""\r\n\r\n"say ""hi""","x\r\ny"\r\nlast,"\r',
      false,
      (data, end) => void rows.push([data, end]),
    );
    expect(rows).toEqual([
      [['a', 'b,c', ''], 12],
      [['say "hi"', 'x\r\ny'], 35],
    ]);
    // The last row waits for the rest of its quoted field.
    expect(read).toEqual({ to: 35, from: -1, stopped: false });
  });

  it('hands papaparse the first row it reads its own way, and the rest of the text', async () => {
    const parts = ['id,note\n1,"fine"\n2,"spaces" ,after\n3,"x"y\n', '4,"ok"\n5,"open\n'];
    const got = await ourRows(parts);
    expect(got).toEqual(await papaparseRows(parts));
    // Spaces after a closing quote are papaparse's to skip; text after one makes it read on to the
    // next quote that closes (row 4 becomes part of row 3), and a quote never closed runs to the end.
    expect(got.map((row) => [row.data, row.quotes])).toEqual([
      [['id', 'note'], []],
      [['1', 'fine'], []],
      [['2', 'spaces', 'after'], []],
      [
        ['3', 'x"y\n4,"ok'],
        ['InvalidQuotes', 'InvalidQuotes'],
      ],
      [['5', 'open\n'], ['MissingQuotes']],
    ]);
  });

  it('stops reading its source when a row asks to stop', async () => {
    let pulled = 0;
    let closed = false;
    async function* pieces() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield `${Array.from({ length: 100 }, (_, r) => `${i * 100 + r},value ${r}`).join('\n')}\n`;
        }
      } finally {
        closed = true;
      }
    }
    const rows: string[][] = [];
    await streamRows(pieces(), ',', ({ data }) => {
      rows.push(data);
      return rows.length < 3;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(rows).toEqual([
      ['0', 'value 0'],
      ['1', 'value 1'],
      ['2', 'value 2'],
    ]);
    // Without the stop, papaparse goes on reading (and queueing) all 1,000 pieces.
    expect(pulled).toBeLessThan(50);
    expect(closed).toBe(true);
  });
});
