// Text in a reference image, read by the engine's OCR (engine/metrics/ocr.ts) in the parse worker.
import { readText } from '../../engine/metrics/ocr';
import type { OcrLine } from './types';

/** Lines read with less confidence are mostly noise (texture taken for letters). */
const MIN_CONFIDENCE = 0.6;
const MAX_LINES = 200;

export async function ocrImage(
  file: string,
  size: { width: number; height: number },
): Promise<OcrLine[]> {
  return (await readText(file, size))
    .filter((l) => l.confidence >= MIN_CONFIDENCE)
    .slice(0, MAX_LINES)
    .map((l) => ({
      text: l.text.slice(0, 500),
      confidence: Math.round(l.confidence * 1000) / 1000,
      box: l.box,
    }));
}
