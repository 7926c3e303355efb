// The steps txt2img and img2img share: prompt encoding, the guided denoising loop (one UNet call
// per step, batch [uncond..., cond...]), and VAE decoding one image at a time.
import { EngineError, firstLine, invalid } from '../errors';
import type { GaussianRng } from '../rng';
import { createScheduler, resolveSchedulerName, type Scheduler } from '../schedulers';
import { applyGuidance, batchNoise, decodedToRgb, latentPreview, repeat, scale } from './latents';
import type { LoadedModel } from './loaded-model';
import type { GenerateHooks, ResolvedRequest, RgbImage, Timings } from './types';

export interface RunContext {
  model: LoadedModel;
  req: ResolvedRequest;
  hooks: GenerateHooks;
  timings: Timings;
}

export const TOKENS = 77;

export interface PreparedScheduler {
  scheduler: Scheduler;
  /** Whether steps need fresh noise (ancestral, LCM, DDIM with eta > 0). */
  stochastic: boolean;
}

/** The config a scheduler name runs with over the model folder's: the name's implied keys win. */
export function schedulerInput(name: string, folderConfig: Record<string, unknown>) {
  const { kind, overrides } = resolveSchedulerName(name);
  return { kind, config: { ...folderConfig, ...overrides } };
}

export interface SchedulerUsed {
  name: string;
  /** What the scheduler was created from (the folder's scheduler_config.json and the name's keys). */
  config: Record<string, unknown>;
  /** Every setting it ran with, diffusers' defaults included (camelCase, as the engine names them). */
  resolved: Record<string, unknown>;
}

export function schedulerUsed(name: string, folderConfig: Record<string, unknown>): SchedulerUsed {
  const { kind, config } = schedulerInput(name, folderConfig);
  return { name, config, resolved: { ...createScheduler(kind, config).config } };
}

export function prepareScheduler(
  req: ResolvedRequest,
  folderConfig: Record<string, unknown>,
): PreparedScheduler {
  const { kind, config } = schedulerInput(req.scheduler, folderConfig);
  const scheduled = (steps: number) => {
    const s = createScheduler(kind, config);
    s.setTimesteps(steps);
    return s;
  };
  // Trailing spacing rounds one step past zero for a few step counts (61 of 1,000 training
  // timesteps, say): refused here, before any UNet call, rather than failing at the last step.
  const reachesBelowZero = (s: Scheduler) => s.timesteps.some((t) => t < 0);
  const fits = (steps: number) => !reachesBelowZero(scheduled(steps));
  try {
    const scheduler = scheduled(req.steps);
    if (reachesBelowZero(scheduler)) {
      const nearest = (dir: number) =>
        [1, 2, 3].map((d) => req.steps + dir * d).find((n) => n >= 1 && fits(n));
      const near = [nearest(-1), nearest(1)].filter((n) => n !== undefined);
      throw new Error(
        `${req.steps} steps would schedule a timestep below zero; choose ${near.join(' or ')} steps`,
      );
    }
    return {
      scheduler,
      stochastic: kind === 'euler-ancestral' || kind === 'lcm' || (kind === 'ddim' && req.eta > 0),
    };
  } catch (err) {
    throw invalid(`${req.scheduler}: ${firstLine(err)}`);
  }
}

export function isCancelled(hooks: GenerateHooks): boolean {
  return !!(
    hooks.signal?.aborted ||
    (hooks.cancelFlag && Atomics.load(hooks.cancelFlag, 0) !== 0) ||
    hooks.isCancelled?.()
  );
}

export function throwIfCancelled(hooks: GenerateHooks): void {
  if (isCancelled(hooks)) {
    throw new EngineError('cancelled', 'generation cancelled');
  }
}

/** What one request of a UNet batch encodes: its prompts, repeated for each of its images. */
export type PromptPart = Pick<ResolvedRequest, 'prompt' | 'negativePrompt' | 'count'>;

/**
 * encoder_hidden_states for the UNet batch: every part's negative (× its count), then every part's
 * prompt, or the prompts alone without guidance. Each part is encoded by its own call, exactly as
 * it is when it renders alone, so a batched image's pixels equal its solo render's.
 */
export async function encodePrompts(
  ctx: RunContext,
  parts: PromptPart[] = [ctx.req],
): Promise<{ data: Float32Array; dims: number[] }> {
  const { model, req, timings } = ctx;
  const guided = req.guidance > 1;
  const negatives: Float32Array[] = [];
  const prompts: Float32Array[] = [];
  let rest: number[] = [];
  for (const part of parts) {
    let started = performance.now();
    const texts = guided ? [part.negativePrompt, part.prompt] : [part.prompt];
    const ids = texts.flatMap((t) => model.tokenizer.encodePadded(t, TOKENS));
    timings.tokenizeMs += performance.now() - started;
    started = performance.now();
    const out = await model.textEncoder.run({
      input_ids: { data: ids, dims: [texts.length, TOKENS] },
    });
    timings.textEncoderMs += performance.now() - started;
    const hidden = out.last_hidden_state ?? Object.values(out)[0];
    const perPrompt = hidden.data.length / texts.length;
    const each = (i: number) =>
      repeat(hidden.data.subarray(i * perPrompt, (i + 1) * perPrompt), part.count);
    if (guided) negatives.push(each(0));
    prompts.push(each(texts.length - 1));
    rest = hidden.dims.slice(1);
  }
  const blocks = [...negatives, ...prompts];
  const data = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    data.set(b, offset);
    offset += b.length;
  }
  const images = parts.reduce((n, p) => n + p.count, 0);
  return { data, dims: [(guided ? 2 : 1) * images, ...rest] };
}

export interface DenoiseInput {
  prepared: PreparedScheduler;
  timesteps: number[];
  latents: Float32Array;
  hidden: { data: Float32Array; dims: number[] };
  rngs: GaussianRng[];
}

/** The guided sampling loop; returns the final latents [n, C, h, w]. */
export async function denoise(ctx: RunContext, input: DenoiseInput): Promise<Float32Array> {
  const { model, req, hooks, timings } = ctx;
  const { scheduler, stochastic } = input.prepared;
  const channels = model.latentChannels;
  const [h, w] = [req.height / 8, req.width / 8];
  const perImage = channels * h * w;
  const guided = req.guidance > 1;
  const batch = guided ? 2 * req.count : req.count;
  const timestepMeta = model.unet.opened.session.inputMetadata.find((m) => m.name === 'timestep');
  const timestepDims = timestepMeta?.isTensor && timestepMeta.shape.length === 0 ? [] : [1];
  let latents = input.latents;
  for (let i = 0; i < input.timesteps.length; i++) {
    throwIfCancelled(hooks);
    const t = input.timesteps[i];
    let started = performance.now();
    const scaled = scheduler.scaleModelInput(latents, t);
    const sample = guided ? repeat(scaled, 2) : scaled;
    timings.schedulerMs += performance.now() - started;
    const out = await model.unet.runFirst({
      sample: { data: sample, dims: [batch, channels, h, w] },
      timestep: { data: [t], dims: timestepDims },
      encoder_hidden_states: input.hidden,
    });
    timings.unetMs.push(model.unet.lastMs);
    started = performance.now();
    const prediction = guided ? applyGuidance(out.data, req.guidance) : out.data;
    const noise = stochastic ? batchNoise(input.rngs, perImage) : undefined;
    latents = scheduler.step(prediction, t, latents, {
      eta: req.eta,
      noise,
      shape: [req.count, channels, h, w],
    }).prevSample;
    timings.schedulerMs += performance.now() - started;
    reportStep(ctx, i + 1, input.timesteps.length, latents);
  }
  return latents;
}

function reportStep(ctx: RunContext, step: number, steps: number, latents: Float32Array): void {
  const { hooks, model, req, timings } = ctx;
  if (!hooks.onProgress) return;
  const every = hooks.previewEvery ?? 0;
  let previews: RgbImage[] | undefined;
  if (every > 0 && (step % every === 0 || step === steps)) {
    const started = performance.now();
    const [h, w] = [req.height / 8, req.width / 8];
    previews = Array.from({ length: req.count }, (_, i) =>
      latentPreview(latents, i, model.latentChannels, h, w, model.previewMatrix),
    );
    timings.previewMs += performance.now() - started;
  }
  hooks.onProgress({ step, steps, previews });
}

/** Decode each image's latents on its own (VAE memory grows with the batch). */
export async function decodeImages(ctx: RunContext, latents: Float32Array): Promise<RgbImage[]> {
  const { model, req, timings } = ctx;
  const channels = model.latentChannels;
  const [h, w] = [req.height / 8, req.width / 8];
  const perImage = channels * h * w;
  const images: RgbImage[] = [];
  for (let i = 0; i < req.count; i++) {
    throwIfCancelled(ctx.hooks);
    const z = scale(
      latents.subarray(i * perImage, (i + 1) * perImage),
      1 / model.folder.scalingFactor,
    );
    const out = await model.vaeDecoder.runFirst({
      latent_sample: { data: z, dims: [1, channels, h, w] },
    });
    timings.vaeMs.push(model.vaeDecoder.lastMs);
    const [height, width] = out.dims.slice(2);
    images.push(decodedToRgb(out.data, height, width));
  }
  return images;
}
