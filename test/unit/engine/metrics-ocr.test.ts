import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracyOf, type OcrAccuracy, ocrAccuracy, scoreImage } from '@/engine/metrics';
import type { RgbImage } from '@/engine/pipelines/types';

const FONT = 'DejaVu Sans'; // Debian's fonts-dejavu-core, /usr/share/fonts/truetype/dejavu

/** Lines of text centred on a flat background, rendered by librsvg through sharp. */
async function poster(lines: string[], size = 512): Promise<RgbImage> {
  const step = 90;
  const top = size / 2 - ((lines.length - 1) * step) / 2 + 24;
  const text = lines
    .map(
      (l, i) =>
        `<text x="50%" y="${top + i * step}" text-anchor="middle" font-family="${FONT}" font-weight="bold" font-size="64" fill="#1d3557">${l}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="#f1e3c8"/>${text}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgb: new Uint8Array(data) };
}

describe('OCR accuracy (PP-OCRv4)', () => {
  let spring: RgbImage;
  let read: OcrAccuracy;
  beforeAll(async () => {
    spring = await poster(['SPRING SALE']);
    read = await ocrAccuracy('SPRING SALE', spring);
  }, 60_000);

  it('reads a rendered "SPRING SALE" with accuracy of at least 0.98', () => {
    expect(read.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(read.recognised).toBe('spring sale');
    expect(read.confidence).toBeGreaterThan(0.9);
    expect(read.lines).toHaveLength(1);
    const [x, y, w, h] = read.lines[0].box;
    expect(x + w / 2).toBeCloseTo(256, -1);
    expect(y + h / 2).toBeGreaterThan(230);
    expect(y + h / 2).toBeLessThan(300);
  });

  it('loses one character’s worth of accuracy per wrong, missing or extra character', () => {
    const exact = read.accuracy;
    expect(accuracyOf('SPRXNG SALE', read.lines).accuracy).toBeCloseTo(exact - 1 / 11, 12);
    expect(accuracyOf('SPRING SALE NOW', read.lines).accuracy).toBeCloseTo(
      1 - (4 + 11 * (1 - exact)) / 15,
      12,
    );
    expect(accuracyOf('WINTER CLEARANCE', read.lines).accuracy).toBeLessThan(0.5);
  });

  it('matches a text set over two lines', async () => {
    const twoLines = await ocrAccuracy('Spring sale', await poster(['SPRING', 'SALE']));
    expect(twoLines.lines.map((l) => l.text)).toEqual(['SPRING', 'SALE']);
    expect(twoLines.accuracy).toBeGreaterThanOrEqual(0.98);
  }, 60_000);

  it('is 0 on a blank image', async () => {
    const blank = await ocrAccuracy('SPRING SALE', {
      width: 256,
      height: 256,
      rgb: new Uint8Array(256 * 256 * 3).fill(241),
    });
    expect(blank).toEqual({ accuracy: 0, recognised: '', confidence: 0, lines: [] });
  }, 60_000);

  it('scores an image into one JSON-serialisable object', async () => {
    const score = await scoreImage(spring, {
      expectedText: 'spring sale',
      palette: ['#f1e3c8', '#1d3557'],
      region: { x: 0, y: 200, width: 512, height: 112 },
    });
    expect(JSON.parse(JSON.stringify(score))).toEqual(score);
    expect(score.ocr?.accuracy).toBe(read.accuracy);
    expect(score.palette?.deltaE).toBeLessThan(2);
    expect(score.sharpness.region?.laplacianVariance).toBeGreaterThan(
      score.sharpness.laplacianVariance,
    );
    expect(Object.keys(score.timingsMs).sort()).toEqual(['ocr', 'palette', 'sharpness', 'total']);
    const plain = await scoreImage(spring);
    expect(plain.ocr).toBeUndefined();
    expect(plain.palette).toBeUndefined();
    expect(plain.sharpness).toEqual({ laplacianVariance: score.sharpness.laplacianVariance });
  }, 60_000);

  it('refuses an empty expected text before reading anything', async () => {
    await expect(scoreImage(spring, { expectedText: '  ' })).rejects.toMatchObject({
      name: 'EngineError',
      code: 'invalid_request',
    });
  });
});
