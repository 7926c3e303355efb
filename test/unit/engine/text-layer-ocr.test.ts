// End to end: what the text layer sets is read back by PaddleOCR (PP-OCRv4 through
// @gutenye/ocr-node, as lib/ingest/ocr.ts reads references) as exactly the headline.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTextLayer, type TextLayerSpec } from '@/engine/text-layer';

type Detected = { text: string; mean: number };
type Ocr = { detect: (image: Buffer) => Promise<Detected[]> };

let ocr: Promise<Ocr> | undefined;
const load = () =>
  (ocr ??= import('@gutenye/ocr-node').then((m) =>
    (m.default as { create: () => Promise<Ocr> }).create(),
  ));

function paint(width: number, height: number, at: (x: number, y: number) => number[]) {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgb.set(at(x, y), (y * width + x) * 3);
  return { width, height, rgb };
}

async function read(
  image: { width: number; height: number; rgb: Uint8Array },
  spec: TextLayerSpec,
) {
  const out = renderTextLayer(image, spec).image;
  const png = await sharp(Buffer.from(out.rgb), {
    raw: { width: out.width, height: out.height, channels: 3 },
  })
    .png()
    .toBuffer();
  return (await (await load()).detect(png)).filter((d) => d.text.trim());
}

describe('the text layer read back by OCR', () => {
  it.each([
    ['a plain light background', paint(512, 512, () => [238, 233, 222])],
    ['a diagonal colour gradient', paint(512, 512, (x, y) => [x / 2, y / 2, 255 - (x + y) / 4])],
  ])(
    'reads SPRING SALE on %s',
    async (_, image) => {
      const found = await read(image, { lines: ['SPRING SALE'], palette: ['#e63946'] });
      expect(found.map((d) => d.text)).toEqual(['SPRING SALE']);
      expect(found[0].mean).toBeGreaterThan(0.9);
    },
    60_000,
  );
});
