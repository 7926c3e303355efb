import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, ROW_INDEX_EVERY } from '@/lib/ingest/csv';
import { streamRows } from '@/lib/ingest/csv-stream';
import { decodeFile } from '@/lib/ingest/csv-text';
import { ingestLimits } from '@/lib/ingest/limits';
import { detectEncoding } from '@/lib/ingest/sniff';
import type { Passage } from '@/lib/ingest/types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-csv-enc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TEXT = `name;note\n${Array.from({ length: 300 }, (_, i) => `Crème ${i};"café; ${i}"`).join('\n')}\n`;
const FILES: Array<[string, Buffer]> = [
  ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
  ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
  ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()])],
  ['windows-1252', Buffer.from(TEXT, 'latin1')],
];

describe('CSV encodings and the row index', () => {
  it.each(FILES)(
    '%s: detected, parsed with its delimiter, and any row read back from its byte offset',
    async (encoding, bytes) => {
      const file = path.join(dir, `${encoding}.csv`);
      fs.writeFileSync(file, bytes);
      expect(detectEncoding(bytes.subarray(0, 64))).toBe(encoding);
      const passages: Passage[] = [];
      const r = await parseCsv(file, encoding as 'utf-8', ingestLimits(), (batch) =>
        passages.push(...batch),
      );
      expect(r.summary).toMatchObject({
        kind: 'csv',
        encoding,
        delimiter: ';',
        header: true,
        rows: 300,
      });
      for (const n of [1, 128, 129, 200, 300]) {
        const k = Math.floor((n - 1) / ROW_INDEX_EVERY);
        let seen = 0;
        let row: string[] = [];
        await streamRows(
          decodeFile(file, encoding as 'utf-8', r.rowIndex!.offsets[k]),
          ';',
          ({ data }) => {
            if (seen++ < n - 1 - k * ROW_INDEX_EVERY) return true;
            row = data;
            return false;
          },
        );
        expect(row).toEqual([`Crème ${n - 1}`, `café; ${n - 1}`]);
      }
      // Sent as they were read: the header, then groups of 50 rows, each starting where the last ended.
      expect(passages.map((p) => p.heading)).toEqual([
        'header',
        'rows 1–50',
        'rows 51–100',
        'rows 101–150',
        'rows 151–200',
        'rows 201–250',
        'rows 251–300',
      ]);
      expect(passages[0]).toMatchObject({ text: 'name;note\n', charStart: 0 });
      for (let i = 1; i < passages.length; i++)
        expect(passages[i].charStart).toBe(passages[i - 1].charEnd);
    },
  );

  it('refuses invalid UTF-8 after the sniffed head, naming where', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`a,b\n${'x,y\n'.repeat(40_000)}`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('\n'),
      ]),
    );
    await expect(parseCsv(file, 'utf-8', ingestLimits(), () => undefined)).rejects.toThrow(
      /^the CSV is not valid UTF-8 text \(near byte/,
    );
  });
});
