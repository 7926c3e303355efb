// Text to image: seeded noise scaled to the scheduler's initial sigma, the guided loop, decode.
import {
  decodeImages,
  denoise,
  encodePrompts,
  prepareScheduler,
  type RunContext,
} from './diffusion';
import { batchNoise, imageRngs, scale } from './latents';
import type { RgbImage } from './types';

/** The final latents [count, C, h, w], before the VAE. */
export async function txt2imgLatents(ctx: RunContext): Promise<Float32Array> {
  const { model, req } = ctx;
  const prepared = prepareScheduler(req, model.folder.schedulerConfig);
  const rngs = imageRngs(req.seed, req.count);
  const perImage = model.latentChannels * (req.height / 8) * (req.width / 8);
  const latents = scale(batchNoise(rngs, perImage), prepared.scheduler.initNoiseSigma);
  const hidden = await encodePrompts(ctx);
  return denoise(ctx, { prepared, timesteps: prepared.scheduler.timesteps, latents, hidden, rngs });
}

export async function txt2img(ctx: RunContext): Promise<RgbImage[]> {
  return decodeImages(ctx, await txt2imgLatents(ctx));
}
