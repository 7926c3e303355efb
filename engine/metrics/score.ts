// All the metrics of one image in one JSON-serialisable object, stored with the generation and
// shown under the image. OCR runs only with an expected text and the palette only with a palette.
import { z } from 'zod';
import type { RgbImage } from '../pipelines/types';
import { parse, parseImage, regionSchema } from './input';
import { readText } from './ocr';
import { accuracyOf, checkExpected, type OcrAccuracy } from './ocr-accuracy';
import { type PaletteMatch, paletteDistance, paletteSchema } from './palette';
import { type SharpnessResult, sharpness } from './sharpness';

export const scoreOptionsSchema = z.object({
  expectedText: z.string().optional(),
  palette: paletteSchema.optional(),
  /** Where sharpness is also measured on its own, e.g. the subject or the text. */
  region: regionSchema.optional(),
});
export type ScoreOptions = z.infer<typeof scoreOptionsSchema>;

export interface ImageScore {
  ocr?: OcrAccuracy;
  sharpness: SharpnessResult;
  palette?: PaletteMatch;
  timingsMs: { ocr?: number; sharpness: number; palette?: number; total: number };
}

export async function scoreImage(image: RgbImage, options: ScoreOptions = {}): Promise<ImageScore> {
  const started = performance.now();
  const img = parseImage(image);
  const opts = parse(scoreOptionsSchema, options, 'options');
  const expected = opts.expectedText === undefined ? undefined : checkExpected(opts.expectedText);
  const timed = <T>(run: () => T): [T, number] => {
    const t = performance.now();
    const value = run();
    return [value, performance.now() - t];
  };

  const [sharp, sharpnessMs] = timed(() => sharpness(img, { region: opts.region }));
  const score: ImageScore = { sharpness: sharp, timingsMs: { sharpness: sharpnessMs, total: 0 } };
  if (opts.palette) {
    const palette = opts.palette;
    [score.palette, score.timingsMs.palette] = timed(() => paletteDistance(img, palette));
  }
  if (expected !== undefined) {
    const t = performance.now();
    const lines = await readText(img);
    score.ocr = { ...accuracyOf(expected, lines), lines };
    score.timingsMs.ocr = performance.now() - t;
  }
  score.timingsMs.total = performance.now() - started;
  return score;
}
