// Image to image, with diffusers' meaning of strength: of the `steps`-step schedule, the last
// floor(steps * strength) steps run, starting from the init latents noised to the first of them.
import { EngineError } from '../errors';
import {
  decodeImages,
  denoise,
  encodePrompts,
  prepareScheduler,
  type RunContext,
} from './diffusion';
import { batchNoise, imageRngs, repeat, rgbToSample, scale } from './latents';
import type { RgbImage } from './types';

export async function img2img(ctx: RunContext, init: RgbImage): Promise<RgbImage[]> {
  const { model, req } = ctx;
  if (!model.vaeEncoder) {
    throw new EngineError(
      'model_missing_file',
      `model "${model.folder.id}": vae_encoder/model.onnx is missing (needed for img2img)`,
    );
  }
  const prepared = prepareScheduler(req, model.folder.schedulerConfig);
  const all = prepared.scheduler.timesteps;
  const run = Math.min(Math.floor(req.steps * (req.strength ?? 0)), req.steps);
  const timesteps = run === 0 ? [] : all.slice(req.steps - run);
  const encoded = await model.vaeEncoder.runFirst({
    sample: { data: rgbToSample(init), dims: [1, 3, init.height, init.width] },
  });
  ctx.timings.vaeMs.push(model.vaeEncoder.lastMs);
  const initLatents = repeat(scale(encoded.data, model.folder.scalingFactor), req.count);
  if (timesteps.length === 0) return decodeImages(ctx, initLatents);
  const rngs = imageRngs(req.seed, req.count);
  const noise = batchNoise(rngs, encoded.data.length);
  const latents = prepared.scheduler.addNoise(initLatents, noise, timesteps[0]);
  const hidden = await encodePrompts(ctx);
  const final = await denoise(ctx, { prepared, timesteps, latents, hidden, rngs });
  return decodeImages(ctx, final);
}
