// The deterministic fixtures of diffusers' scheduler tests (tests/schedulers/test_schedulers.py),
// rebuilt as flat NCHW Float32Arrays: a 4x3x8x8 arange laid out as (C, H, W, B), permuted to
// (B, C, H, W) and divided by the element count; the noise is the same with arange reversed.
import type { Scheduler, StepOptions } from '../../../../engine/schedulers';

export const SHAPE = [4, 3, 8, 8];
const [B, C, H, W] = SHAPE;
export const N = B * C * H * W;

function fromRaw(value: (raw: number) => number): Float32Array {
  const out = new Float32Array(N);
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++) {
          const raw = ((c * H + h) * W + w) * B + b;
          out[((b * C + c) * H + h) * W + w] = value(raw) / N;
        }
  return out;
}

export const dummySampleDeter = (): Float32Array => fromRaw((i) => i);
export const dummyNoiseDeter = (): Float32Array => fromRaw((i) => N - 1 - i);

/** diffusers' dummy model: sample * t / (t + 1), in float32. */
export function dummyModel(sample: Float32Array, t: number): Float32Array {
  const tf = Math.fround(t);
  const d = Math.fround(tf + 1);
  return sample.map((x) => Math.fround(x * tf) / d);
}

export function sumAbs(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += Math.abs(v);
  return s;
}

export const meanAbs = (x: Float32Array): number => sumAbs(x) / x.length;

export function scale(x: Float32Array, k: number): Float32Array {
  return x.map((v) => v * k);
}

/**
 * The plain loop of diffusers' tests: model output from the current sample, then step.
 * `noise` supplies opts.noise per step; `scaleInput` reproduces the k-diffusion tests, which
 * replace the sample by its scaled version before stepping.
 */
export function runLoop(
  scheduler: Scheduler,
  sample: Float32Array,
  timesteps: number[],
  opts: { noise?: () => Float32Array; scaleInput?: boolean; eta?: number } = {},
): Float32Array {
  let x = sample;
  for (const t of timesteps) {
    if (opts.scaleInput) x = scheduler.scaleModelInput(x, t);
    const stepOpts: StepOptions = { shape: SHAPE, eta: opts.eta, noise: opts.noise?.() };
    x = scheduler.step(dummyModel(x, t), t, x, stepOpts).prevSample;
  }
  return x;
}
