// Noise levels for the sigma-parameterised samplers (Euler, Euler ancestral), as diffusers'
// EulerDiscreteScheduler.set_timesteps computes them.
import type { TimestepSpacing } from './config';
import { exponentialSigmas, f32, interpIndex, karrasSigmas, sigmaToT } from './numeric';
import { spacedTimesteps } from './spacing';
import { linspaceF32, trainingSigmas } from './tables';

export type SigmaSpacing = 'default' | 'karras' | 'exponential';

export interface SigmaScheduleOptions {
  alphasCumprod: Float32Array;
  spacing: TimestepSpacing;
  steps: number;
  stepsOffset: number;
  sigmaSpacing: SigmaSpacing;
  sigmaMin?: number;
  sigmaMax?: number;
  interpolation: 'linear' | 'log_linear';
  finalSigma: 'zero' | 'sigma_min';
  /** timestep_type "continuous" with v-prediction: timesteps are 0.25 * log(sigma). */
  continuousTimesteps: boolean;
}

export interface SigmaSchedule {
  timesteps: number[];
  /** One more entry than timesteps (the final sigma); float32 values. */
  sigmas: Float32Array;
}

export function sigmaSchedule(o: SigmaScheduleOptions): SigmaSchedule {
  const train = trainingSigmas(o.alphasCumprod);
  const logSigmas = train.map(Math.log);
  let timesteps = spacedTimesteps({
    spacing: o.spacing,
    numTrainTimesteps: train.length,
    steps: o.steps,
    stepsOffset: o.stepsOffset,
    integerLinspace: false,
  });
  let sigmas: ArrayLike<number> =
    o.interpolation === 'linear'
      ? timesteps.map((t) => interpIndex(t, train))
      : linspaceF32(logSigmas[train.length - 1], logSigmas[0], o.steps + 1).map(Math.exp);
  if (o.sigmaSpacing !== 'default') {
    const lo = o.sigmaMin ?? sigmas[sigmas.length - 1];
    const hi = o.sigmaMax ?? sigmas[0];
    const s =
      o.sigmaSpacing === 'karras'
        ? karrasSigmas(lo, hi, o.steps)
        : exponentialSigmas(lo, hi, o.steps);
    sigmas = s;
    timesteps = s.map((sigma) => f32(sigmaToT(sigma, logSigmas)));
  }
  const last = o.finalSigma === 'zero' ? 0 : train[0];
  const all = Float32Array.from([...Array.from(sigmas), last]);
  if (o.continuousTimesteps) {
    timesteps = Array.from(all.subarray(0, all.length - 1), (s) => f32(0.25 * f32(Math.log(s))));
  }
  return { timesteps, sigmas: all };
}

/** The untouched training sigmas, descending, with a final 0 (diffusers' state before set_timesteps). */
export function initialSigmas(alphasCumprod: Float32Array): Float32Array {
  return Float32Array.from([...Array.from(trainingSigmas(alphasCumprod)).reverse(), 0]);
}

export function maxOf(xs: Float32Array): number {
  let m = -Infinity;
  for (const x of xs) m = Math.max(m, x);
  return m;
}

/** init_noise_sigma: max sigma for linspace/trailing spacing, sqrt(max^2 + 1) for leading. */
export function initNoiseSigmaFor(sigmas: Float32Array, spacing: TimestepSpacing): number {
  const max = maxOf(sigmas);
  return spacing === 'leading' ? f32(Math.sqrt(f32(f32(max * max) + 1))) : max;
}

/** x / sqrt(sigma^2 + 1), the input scaling of k-diffusion samplers. */
export function scaleBySigma(sample: Float32Array, sigma: number): Float32Array {
  const d = f32(Math.sqrt(f32(f32(sigma * sigma) + 1)));
  return sample.map((x) => x / d);
}
