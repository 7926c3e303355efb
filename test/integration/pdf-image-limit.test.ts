// An image inside a PDF larger than the limit is left out when a page is drawn, instead of being
// decoded whole (a few kilobytes of deflate can declare gigabytes of pixels).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestLimits } from '@/lib/ingest/limits';
import { readers } from '@/lib/ingest/protocol';
import '@/lib/ingest/runner';
import { closeParsers } from '@/lib/ingest/runner';
import { tempDataDir } from '../helpers/data-dir';
import { imagePdf } from '../helpers/pdf-image';

const dir = tempDataDir('pdf-image');
afterAll(async () => {
  await closeParsers();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function drawnMean(width: number, height: number, limit?: number): Promise<number> {
  const file = path.join(dir, `${width}x${height}.pdf`);
  fs.writeFileSync(file, imagePdf(width, height));
  const png = await readers().pageImage({
    kind: 'pdf-page',
    path: file,
    page: 1,
    width: 200,
    limits: ingestLimits(limit ? { pdfMaxImagePixels: limit } : {}),
  });
  const { channels } = await sharp(png).stats();
  return channels[0].mean;
}

describe('PDF image limits', () => {
  it('draws an image within the limit', async () => {
    expect(await drawnMean(400, 400)).toBeLessThan(10);
  });

  it('leaves out an image over the limit, by default 16 megapixels', async () => {
    expect(ingestLimits().pdfMaxImagePixels).toBe(16_000_000);
    expect(await drawnMean(400, 400, 100_000)).toBeGreaterThan(245);
    // 400 MB of pixels declared in a file of about 400 KB: not decoded, and the page still draws.
    const t0 = performance.now();
    expect(await drawnMean(20_000, 20_000)).toBeGreaterThan(245);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
