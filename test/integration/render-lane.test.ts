// Page images and thumbnails have workers of their own: however many previews are waiting, a file
// being uploaded is read at once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestLimits } from '@/lib/ingest/limits';
import { readers } from '@/lib/ingest/protocol';
import '@/lib/ingest/runner';
import { closeParsers } from '@/lib/ingest/runner';
import { tempDataDir } from '../helpers/data-dir';
import { makePdf } from '../helpers/pdf';

const dir = tempDataDir('render-lane');
process.env.ATELIER_PARSE_WORKERS = '2';
process.env.ATELIER_RENDER_WORKERS = '1';
afterAll(async () => {
  await closeParsers();
  delete process.env.ATELIER_PARSE_WORKERS;
  delete process.env.ATELIER_RENDER_WORKERS;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('render and parse lanes', () => {
  it('reads an upload while previews wait for the render worker', async () => {
    const pdf = path.join(dir, 'pages.pdf');
    fs.writeFileSync(pdf, makePdf(Array.from({ length: 8 }, (_, i) => [`Page ${i + 1}`])));
    const csv = path.join(dir, 'copy.csv');
    fs.writeFileSync(csv, 'sku,name\nA1,Red circle\n');
    const limits = ingestLimits();
    let drawn = 0;
    const renders = Array.from({ length: 8 }, (_, i) =>
      readers()
        .pageImage({ kind: 'pdf-page', path: pdf, page: i + 1, width: 1200, limits })
        .then(() => drawn++),
    );
    const parsed = await readers().parse({ kind: 'csv', path: csv, limits }, () => undefined);
    const drawnWhenParsed = drawn;
    await Promise.all(renders);
    expect(parsed.summary.kind).toBe('csv');
    // With one shared pool the CSV would have waited behind the renders queued before it.
    expect(drawnWhenParsed).toBeLessThan(4);
    expect(drawn).toBe(8);
  });
});
