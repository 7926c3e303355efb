// The stages an HD render adds after the base txt2img, image by image: a hires pass (pixel
// upscale, then img2img at the larger size), the model upscaler, the exact text layer with its OCR
// gate, and scoring. Pixel space rather than latent space for the hires upscale: the model upscaler
// adds real detail before img2img refines it, while an upscaled latent is blurred and needs a
// strength high enough to drift from the base composition.
import { ocrAccuracy, scoreImage } from '../metrics';
import { renderTextLayer, type TextFontRecord } from '../text-layer';
import { planarToRgb, type UpscaleModel, upscaleImage } from '../upscale';
import { type RunContext, throwIfCancelled } from './diffusion';
import { img2img } from './img2img';
import { cropRgb, resizeRgb } from './pixels';
import type { StagePlan } from './stages';
import type { RgbImage, StageTimings } from './types';

const round8 = (x: number) => Math.max(64, Math.round(x / 8) * 8);

export type TextFontFile = Pick<TextFontRecord, 'file' | 'sha256' | 'package'>;

export interface TextAttempt {
  boost: boolean;
  params: Record<string, unknown>;
  ocr: { accuracy: number; recognised: string; confidence: number };
}

/** What the stages did to one image: recorded in its PNG metadata and on the generation. */
export interface StageRecord {
  hires?: {
    from: [number, number];
    to: [number, number];
    upscale: 'model' | 'lanczos';
    upscaler?: string;
    strength: number;
    steps: number;
  };
  upscaler?: {
    id: string;
    files: Record<string, string>;
    scale: number;
    tile: number;
    overlap: number;
    tiles: number;
  };
  /**
   * `lines`: the strings set, as quoted (the layout may break them further); `fonts`: the font files
   * the attempts set them in.
   */
  text?: {
    lines: string[];
    attempts: TextAttempt[];
    retried: boolean;
    passed: boolean;
    fonts: TextFontFile[];
  };
}

export const emptyStageTimings = (): StageTimings => ({
  hiresUpscaleMs: 0,
  hiresMs: 0,
  upscalerMs: 0,
  upscalerTiles: 0,
  upscalerTileMs: [],
  textMs: 0,
  ocrMs: 0,
  scoreMs: 0,
});

type Scores = Awaited<ReturnType<typeof scoreImage>>;

export interface StageOutput {
  image: RgbImage;
  record: StageRecord;
  scores?: Omit<Scores, 'ocr'> & { ocr?: TextAttempt['ocr'] & { expected: string } };
}

/** Runs the planned stages on one base image (index `index` of the batch). */
export async function runStages(
  ctx: RunContext,
  plan: StagePlan,
  base: RgbImage,
  index: number,
  upscaler: UpscaleModel | undefined,
  t: StageTimings,
  readBack: typeof ocrAccuracy = ocrAccuracy,
): Promise<StageOutput> {
  const { hooks } = ctx;
  const record: StageRecord = {};
  let image = base;
  const upscale = async (img: RgbImage): Promise<RgbImage> => {
    const stage = plan.upscaler!;
    const out = await upscaleImage(upscaler!, img, {
      tile: stage.tile,
      overlap: stage.overlap,
      cancelFlag: hooks.cancelFlag,
      signal: hooks.signal,
      onTile: (done, total) => hooks.onProgress?.({ step: done, steps: total, stage: 'upscale' }),
    });
    t.upscalerTiles += out.tiles;
    t.upscalerTileMs.push(...out.tileMs);
    return planarToRgb(out);
  };

  if (plan.hires) {
    const h = plan.hires;
    const [w1, h1] = [round8(image.width * h.scale), round8(image.height * h.scale)];
    let started = performance.now();
    const useModel = h.upscale === 'model' && upscaler !== undefined;
    const enlarged = await resizeRgb(useModel ? await upscale(image) : image, w1, h1);
    t.hiresUpscaleMs += performance.now() - started;
    throwIfCancelled(hooks);
    started = performance.now();
    const req = {
      ...ctx.req,
      width: w1,
      height: h1,
      count: 1,
      seed: ctx.req.seed + index,
      strength: h.strength,
    };
    const onProgress = hooks.onProgress;
    const [refined] = await img2img(
      {
        ...ctx,
        req,
        hooks: {
          ...hooks,
          onProgress: onProgress && ((p) => onProgress({ ...p, stage: 'hires' })),
        },
      },
      enlarged,
    );
    t.hiresMs += performance.now() - started;
    record.hires = {
      from: [image.width, image.height],
      to: [w1, h1],
      upscale: useModel ? 'model' : 'lanczos',
      ...(useModel ? { upscaler: plan.upscaler!.id } : {}),
      strength: h.strength,
      steps: Math.floor(req.steps * h.strength),
    };
    image = refined;
  }

  if (plan.upscaler && upscaler) {
    const started = performance.now();
    const tilesBefore = t.upscalerTiles;
    image = await upscale(image);
    t.upscalerMs += performance.now() - started;
    record.upscaler = {
      id: plan.upscaler.id,
      files: plan.upscaler.files,
      scale: upscaler.scale,
      tile: plan.upscaler.tile,
      overlap: plan.upscaler.overlap,
      tiles: t.upscalerTiles - tilesBefore,
    };
  }
  throwIfCancelled(hooks);

  if (plan.text) {
    const text = plan.text;
    const expected = text.lines.join(' ');
    const attempts: TextAttempt[] = [];
    const fonts = new Map<string, TextFontFile>();
    let final = image;
    for (const boost of text.retry ? [false, true] : [false]) {
      hooks.onProgress?.({ step: attempts.length + 1, steps: 2, stage: 'text' });
      let started = performance.now();
      const rendered = await renderTextLayer(image, {
        lines: text.lines,
        palette: text.palette,
        placement: text.placement,
        boost,
      });
      t.textMs += performance.now() - started;
      for (const f of rendered.params.fonts)
        fonts.set(f.sha256, { file: f.file, sha256: f.sha256, package: f.package });
      started = performance.now();
      // The text's own region (with the layer's margin), not the whole picture: what the gate
      // judges is the text, and the recogniser's time grows with the pixels it reads.
      const ocr = await readBack(expected, cropRgb(rendered.image, rendered.params.region));
      t.ocrMs += performance.now() - started;
      attempts.push({
        boost,
        params: { ...rendered.params },
        ocr: { accuracy: ocr.accuracy, recognised: ocr.recognised, confidence: ocr.confidence },
      });
      final = rendered.image;
      if (ocr.accuracy >= text.minOcrAccuracy) break;
    }
    const last = attempts[attempts.length - 1];
    record.text = {
      lines: text.lines,
      attempts,
      retried: attempts.length > 1,
      passed: last.ocr.accuracy >= text.minOcrAccuracy,
      fonts: [...fonts.values()],
    };
    image = final;
  }

  let scores: StageOutput['scores'];
  if (plan.score) {
    hooks.onProgress?.({ step: 1, steps: 1, stage: 'score' });
    const started = performance.now();
    const palette = plan.score.palette;
    const { ocr: _none, ...scored } = await scoreImage(image, palette.length ? { palette } : {});
    t.scoreMs += performance.now() - started;
    const last = record.text?.attempts.at(-1);
    scores = last
      ? { ...scored, ocr: { ...last.ocr, expected: plan.text!.lines.join(' ') } }
      : scored;
  }
  return { image, record, scores };
}
