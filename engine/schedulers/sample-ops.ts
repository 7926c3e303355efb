// Tensor helpers shared by the schedulers: argument checks and dynamic thresholding.
import { f32 } from './numeric';
import type { StepOptions } from './types';

export function checkSameLength(a: Float32Array, b: Float32Array, what: string): void {
  if (a.length !== b.length) {
    throw new Error(`${what}: length ${a.length} does not match the sample's ${b.length}`);
  }
}

/** The injected noise for a stochastic step; schedulers never draw their own. */
export function requireNoise(
  opts: StepOptions | undefined,
  length: number,
  who: string,
): Float32Array {
  const noise = opts?.noise;
  if (!noise) {
    throw new Error(
      `${who}: this step adds noise; pass opts.noise (a Float32Array of ${length} values)`,
    );
  }
  if (noise.length !== length) {
    throw new Error(`${who}: opts.noise has ${noise.length} values, expected ${length}`);
  }
  return noise;
}

/** torch.quantile with linear interpolation over one row, float32 like torch. */
function quantile(sorted: Float32Array, q: number): number {
  const rank = f32(f32(q) * (sorted.length - 1));
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const w = f32(rank - lo);
  const a = sorted[lo];
  const b = sorted[hi];
  const d = f32(b - a);
  return w < 0.5 ? f32(a + f32(w * d)) : f32(b - f32(d * f32(1 - w)));
}

/**
 * Dynamic thresholding (Imagen): per batch item, clamp x0 to the `ratio` quantile of |x0|
 * (at least 1, at most `maxValue`) and divide by it. `shape[0]` is the batch size (default 1).
 */
export function thresholdSample(
  x: Float32Array,
  ratio: number,
  maxValue: number,
  shape?: number[],
): Float32Array {
  const batch = shape?.[0] ?? 1;
  if (x.length % batch !== 0) throw new Error('thresholding: shape does not match the sample');
  const row = x.length / batch;
  const out = new Float32Array(x.length);
  for (let b = 0; b < batch; b++) {
    const slice = x.subarray(b * row, (b + 1) * row);
    const s = Math.min(Math.max(quantile(slice.map(Math.abs).sort(), ratio), 1), maxValue);
    for (let i = 0; i < row; i++) {
      out[b * row + i] = Math.min(Math.max(slice[i], -s), s) / s;
    }
  }
  return out;
}

/**
 * Element-wise map into a new Float32Array. A plain loop: Float32Array.prototype.map calls its
 * callback from a builtin that V8 cannot inline, which is measurably slower on a latent.
 */
export function mapF32(src: Float32Array, fn: (x: number, i: number) => number): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = fn(src[i], i);
  return out;
}
