// The loader against the built-in model's variants: v-prediction, fp16, int64 timesteps and
// external weights all run the same pipeline to the same picture; img2img's strength.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { img2img } from '../../../engine/pipelines/img2img';
import type { LoadedModel } from '../../../engine/pipelines/loaded-model';
import { txt2img, txt2imgLatents } from '../../../engine/pipelines/txt2img';
import type { GenerationRequest, RgbImage } from '../../../engine/pipelines/types';
import {
  context,
  meanRgb,
  openModel,
  redCentreBlueCorners,
  tempDir,
  variantFolder,
} from './helpers/engine-fixtures';

const req: GenerationRequest = {
  prompt: 'a red circle on a blue background',
  width: 64,
  height: 64,
  seed: 5,
  steps: 12,
};

let root: Awaited<ReturnType<typeof tempDir>>;
const models: Record<string, LoadedModel> = {};
beforeAll(async () => {
  root = await tempDir('variants-');
  models.eps = await openModel(await variantFolder(root.dir));
  models.v = await openModel(await variantFolder(root.dir, { prediction: 'v_prediction' }));
  models.half = await openModel(await variantFolder(root.dir, { precision: 'float16' }));
  models.int64 = await openModel(await variantFolder(root.dir, { timestep: 'int64' }));
  models.ext = await openModel(await variantFolder(root.dir, { externalData: true }));
});
afterAll(() => root.cleanup());

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('model variants', () => {
  it('the v-prediction model is the same exact denoiser: same latents', async () => {
    for (const scheduler of ['euler', 'ddim', 'dpmpp-2m']) {
      const eps = await txt2imgLatents(context(models.eps, { ...req, scheduler }));
      const v = await txt2imgLatents(context(models.v, { ...req, scheduler }));
      expect(maxDiff(eps, v)).toBeLessThan(1e-3);
    }
  });

  it('runs fp16 models with fp32 latents on the host', async () => {
    const [img] = await txt2img(context(models.half, req));
    expect(redCentreBlueCorners(img)).toBe(true);
    const eps = await txt2imgLatents(context(models.eps, req));
    expect(maxDiff(await txt2imgLatents(context(models.half, req)), eps)).toBeLessThan(0.05);
  });

  it('feeds int64 UNets integer timesteps (truncated), like diffusers', async () => {
    const ddim = { ...req, scheduler: 'ddim' };
    expect(
      maxDiff(
        await txt2imgLatents(context(models.int64, ddim)),
        await txt2imgLatents(context(models.eps, ddim)),
      ),
    ).toBe(0);
    const [img] = await txt2img(context(models.int64, { ...req, scheduler: 'euler' })); // fractional timesteps
    expect(redCentreBlueCorners(img)).toBe(true);
  });

  it('loads external weights (model.onnx_data) and gives identical pixels', async () => {
    const [a] = await txt2img(context(models.eps, req));
    const [b] = await txt2img(context(models.ext, req));
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
  });
});

describe('img2img', () => {
  const solid = (rgb: [number, number, number]): RgbImage => ({
    width: 64,
    height: 64,
    rgb: Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => rgb[i % 3]),
  });
  const green = solid([20, 200, 40]);
  const run = (strength: number, steps = 10) =>
    img2img(
      context(models.eps, {
        prompt: 'a red background',
        seed: 3,
        steps,
        initImage: green,
        strength,
      }),
      green,
    );

  it('strength 0 returns the init picture, 1 follows the prompt, in between mixes', async () => {
    const [kept] = await run(0);
    expect(maxDiff(kept.rgb, green.rgb)).toBeLessThanOrEqual(1);
    const [full] = await run(1);
    const [r, g] = meanRgb(full, 32, 32, 32);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
    // The prompt's distribution is narrow (s = DATA_STD = 0.03), so even the last step keeps only
    // abar s^2 / (abar s^2 + 1 - abar), about 1 %, of the init: a sliver that grows as strength falls.
    const [, gHalf] = meanRgb((await run(0.5))[0], 32, 32, 32);
    const [, gLow] = meanRgb((await run(0.1))[0], 32, 32, 32);
    expect(gLow).toBeLessThan(g + 5);
    expect(gLow).toBeGreaterThan(gHalf);
    expect(gHalf).toBeGreaterThan(g);
  });

  it('runs floor(steps * strength) steps', async () => {
    const ctx = context(models.eps, {
      prompt: 'a red background',
      seed: 3,
      steps: 10,
      initImage: green,
      strength: 0.35,
    });
    await img2img(ctx, green);
    expect(ctx.timings.unetMs).toHaveLength(3);
  });
});
