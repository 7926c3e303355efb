// The HD stages after the base image: the text layer with its OCR gate (retry once, bigger and with
// more contrast, when the text reads back below the gate), and the scores every image gets.
import { describe, expect, it } from 'vitest';
import { ocrAccuracy } from '@/engine/metrics';
import type { RunContext } from '@/engine/pipelines/diffusion';
import { emptyStageTimings, runStages } from '@/engine/pipelines/hd';
import type { TextStage } from '@/engine/pipelines/stages';
import type { RgbImage } from '@/engine/pipelines/types';

/** A soft vertical gradient, like the built-in model's backdrop. */
function backdrop(width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = 235 - Math.round((y / height) * 40);
      rgb[i + 1] = 245 - Math.round((y / height) * 30);
      rgb[i + 2] = 225 - Math.round((y / height) * 40);
    }
  return { width, height, rgb };
}

// Only the text and score stages run here, so the context's model is never touched.
const ctx = { hooks: {}, req: { seed: 1 } } as unknown as RunContext;
const text = (over: Partial<TextStage> = {}): TextStage => ({
  lines: ['SPRING SALE'],
  palette: [],
  placement: 'top',
  minOcrAccuracy: 0.98,
  retry: true,
  ...over,
});

/** An OCR stand-in that answers the given accuracies in turn, counting its calls. */
function scripted(accuracies: number[]) {
  const calls: RgbImage[] = [];
  const read: typeof ocrAccuracy = async (expected, image) => {
    calls.push(image);
    const accuracy = accuracies[calls.length - 1];
    return { accuracy, recognised: expected.toLowerCase(), confidence: 0.9, lines: [] };
  };
  return { read, calls };
}

describe('the OCR gate', () => {
  it('passes real text on the first attempt, read back by PaddleOCR from its region', async () => {
    const t = emptyStageTimings();
    const out = await runStages(
      ctx,
      { text: text(), score: { palette: [] } },
      backdrop(512, 512),
      0,
      undefined,
      t,
    );
    expect(out.record.text?.attempts).toHaveLength(1);
    expect(out.record.text).toMatchObject({ lines: ['SPRING SALE'], retried: false, passed: true });
    expect(out.scores?.ocr?.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(out.scores?.ocr?.expected).toBe('SPRING SALE');
    expect(out.scores?.sharpness?.laplacianVariance).toBeGreaterThan(0);
    expect(t.ocrMs).toBeGreaterThan(0);
  }, 60_000);

  it('renders once more, boosted, when the first attempt reads below the gate', async () => {
    const ocr = scripted([0.6, 1]);
    const base = backdrop(512, 512);
    const out = await runStages(
      ctx,
      { text: text() },
      base,
      0,
      undefined,
      emptyStageTimings(),
      ocr.read,
    );
    const attempts = out.record.text!.attempts;
    expect(attempts.map((a) => [a.boost, a.ocr.accuracy])).toEqual([
      [false, 0.6],
      [true, 1],
    ]);
    expect(out.record.text).toMatchObject({ retried: true, passed: true });
    // Both attempts set type in the same two files, recorded once each with their digests.
    expect(out.record.text!.fonts.map((f) => f.file)).toEqual([
      'Inter_800ExtraBold.ttf',
      'Inter_400Regular.ttf',
    ]);
    const usedFonts = (attempts[1].params.fonts as Array<{ sha256: string }>).map((f) => f.sha256);
    expect(out.record.text!.fonts.map((f) => f.sha256)).toEqual(usedFonts);
    expect(out.record.text!.fonts[0].package).toMatch(/^@expo-google-fonts\/inter@/);
    // The boost makes the text bigger: the second attempt's headline is set larger.
    const size = (a: (typeof attempts)[number]) =>
      (a.params.lines as Array<{ size: number }>)[0].size;
    expect(size(attempts[1])).toBeGreaterThan(size(attempts[0]));
    // The gate reads the text's own region, not the whole picture.
    expect(ocr.calls[0].width * ocr.calls[0].height).toBeLessThan((base.width * base.height) / 2);
  });

  it('keeps the boosted attempt, marked as failed, when it still reads below the gate', async () => {
    const ocr = scripted([0.5, 0.7]);
    const out = await runStages(
      ctx,
      { text: text() },
      backdrop(256, 256),
      0,
      undefined,
      emptyStageTimings(),
      ocr.read,
    );
    expect(out.record.text).toMatchObject({ retried: true, passed: false });
    expect(ocr.calls).toHaveLength(2);
  });

  it('does not retry when the profile says so', async () => {
    const ocr = scripted([0.5]);
    const out = await runStages(
      ctx,
      { text: text({ retry: false }) },
      backdrop(256, 256),
      0,
      undefined,
      emptyStageTimings(),
      ocr.read,
    );
    expect(out.record.text).toMatchObject({ retried: false, passed: false });
    expect(ocr.calls).toHaveLength(1);
  });

  it('gives the same bytes for the same request', async () => {
    const ocr = () => scripted([1]).read;
    const a = await runStages(
      ctx,
      { text: text() },
      backdrop(320, 240),
      0,
      undefined,
      emptyStageTimings(),
      ocr(),
    );
    const b = await runStages(
      ctx,
      { text: text() },
      backdrop(320, 240),
      0,
      undefined,
      emptyStageTimings(),
      ocr(),
    );
    expect(Buffer.from(a.image.rgb).equals(Buffer.from(b.image.rgb))).toBe(true);
    expect(a.record).toEqual(b.record);
  });
});
