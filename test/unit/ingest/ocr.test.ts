import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ocrImage } from '@/lib/ingest/ocr';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ocr-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('OCR of a large image', () => {
  it('reads a scaled copy held in memory and reports boxes in the original pixels', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="6000" height="700"><rect width="100%" height="100%" fill="#2e7d32"/><text x="600" y="420" font-family="DejaVu Sans, sans-serif" font-size="240" fill="white">Fresh Greens</text></svg>`;
    const file = path.join(dir, 'wide.png');
    await sharp(Buffer.from(svg)).png().toFile(file);
    const temps = () =>
      fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('atelier-ocr-') && n.endsWith('.png'));
    const before = temps();
    const lines = await ocrImage(file, { width: 6000, height: 700 });
    expect(lines.map((l) => l.text)).toEqual(['Fresh Greens']);
    const [x, y, w, h] = lines[0].box;
    // Text drawn from x = 600 over about 1,700 px at 240 px: the box is in the 6000 px image, not the 4096 px copy.
    expect(x).toBeGreaterThan(500);
    expect(x).toBeLessThan(700);
    expect(w).toBeGreaterThan(1400);
    expect(y + h).toBeLessThan(700);
    expect(temps()).toEqual(before);
  }, 60_000);
});
