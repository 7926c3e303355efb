// Text-to-image requests that share a model and every setting the denoising loop reads run as one
// UNet batch. Each keeps its own prompts, seeds and image count; its images' pixels equal those of
// its solo render (test/unit/engine-batch.test.ts), so a batched render reproduces alone.
import { EngineError } from '../errors';
import {
  decodeImages,
  denoise,
  encodePrompts,
  isCancelled,
  prepareScheduler,
  type RunContext,
} from './diffusion';
import { batchNoise, imageRngs, scale } from './latents';
import type { LoadedModel } from './loaded-model';
import type { GenerateHooks, ResolvedRequest, RgbImage, StepProgress, Timings } from './types';

/** Requests with equal keys can share the loop: same size, steps, scheduler, guidance and eta. */
export const loopKey = (r: ResolvedRequest): string =>
  JSON.stringify([r.width, r.height, r.steps, r.scheduler, r.guidance, r.eta]);

export interface BatchMember {
  req: ResolvedRequest;
  hooks: GenerateHooks;
  timings: Timings;
}

/** Step progress of the whole batch, handed to each member with its own images' previews. */
function splitProgress(members: BatchMember[]): (p: StepProgress) => void {
  return (p) => {
    let first = 0;
    for (const m of members) {
      const previews = p.previews?.slice(first, first + m.req.count);
      first += m.req.count;
      if (!isCancelled(m.hooks)) m.hooks.onProgress?.({ ...p, ...(previews ? { previews } : {}) });
    }
  };
}

/** The loop's times (shared by every member) laid onto a member's own. */
function shareLoopTimings(loop: Timings, into: Timings, requests: number, images: number): void {
  into.tokenizeMs += loop.tokenizeMs;
  into.textEncoderMs += loop.textEncoderMs;
  into.unetMs.push(...loop.unetMs);
  into.schedulerMs += loop.schedulerMs;
  into.previewMs += loop.previewMs;
  into.batch = { requests, images };
}

/** Each member's decoded pictures, or the error that stopped that member alone. */
export async function txt2imgBatch(
  model: LoadedModel,
  members: BatchMember[],
  loop: Timings,
): Promise<Array<RgbImage[] | Error>> {
  const images = members.reduce((n, m) => n + m.req.count, 0);
  const ctx: RunContext = {
    model,
    req: { ...members[0].req, count: images },
    timings: loop,
    hooks: {
      previewEvery: Math.max(...members.map((m) => m.hooks.previewEvery ?? 0)),
      onProgress: splitProgress(members),
      isCancelled: () => members.every((m) => isCancelled(m.hooks)),
    },
  };
  const prepared = prepareScheduler(ctx.req, model.folder.schedulerConfig);
  const rngs = members.flatMap((m) => imageRngs(m.req.seed, m.req.count));
  const perImage = model.latentChannels * (ctx.req.height / 8) * (ctx.req.width / 8);
  const latents = scale(batchNoise(rngs, perImage), prepared.scheduler.initNoiseSigma);
  const hidden = await encodePrompts(
    ctx,
    members.map((m) => m.req),
  );
  const final = await denoise(ctx, {
    prepared,
    timesteps: prepared.scheduler.timesteps,
    latents,
    hidden,
    rngs,
  });
  const out: Array<RgbImage[] | Error> = [];
  let first = 0;
  for (const m of members) {
    const own = final.subarray(first * perImage, (first + m.req.count) * perImage);
    first += m.req.count;
    shareLoopTimings(loop, m.timings, members.length, images);
    if (isCancelled(m.hooks)) {
      out.push(new EngineError('cancelled', 'generation cancelled'));
      continue;
    }
    try {
      out.push(await decodeImages({ model, req: m.req, hooks: m.hooks, timings: m.timings }, own));
    } catch (err) {
      out.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return out;
}
