// Training noise tables (betas, cumulative alphas), built with the same float32 arithmetic
// as torch so that every scheduler starts from diffusers' exact numbers.
import type { TrainSchedule } from './config';
import { f32 } from './numeric';

/** torch.linspace(start, end, steps, dtype=float32): float32 step, filled from both ends. */
export function linspaceF32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  const s = f32(start);
  const e = f32(end);
  if (steps === 1) {
    out[0] = s;
    return out;
  }
  const step = f32(f32(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    out[i] = i < halfway ? s + f32(step * i) : e - f32(step * (steps - i - 1));
  }
  return out;
}

/** Betas from the "squaredcos_cap_v2" (cosine) alpha-bar function, max beta 0.999. */
export function cosineBetas(n: number, maxBeta = 0.999): Float32Array {
  const alphaBar = (t: number) => Math.cos((((t + 0.008) / 1.008) * Math.PI) / 2) ** 2;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), maxBeta);
  }
  return out;
}

/** torch.cumprod on CPU accumulates float32 input in double and stores float32. */
export function cumprodAlphas(betas: Float32Array): Float32Array {
  const out = new Float32Array(betas.length);
  let acc = 1;
  for (let i = 0; i < betas.length; i++) {
    acc *= f32(1 - betas[i]);
    out[i] = acc;
  }
  return out;
}

/** Rescale betas to zero terminal SNR (Lin et al. 2023, algorithm 1). */
export function rescaleZeroTerminalSnr(betas: Float32Array): Float32Array {
  const root = cumprodAlphas(betas).map(Math.sqrt);
  const first = root[0];
  const last = root[root.length - 1];
  const scale = f32(first / f32(first - last));
  const bar = root.map((v) => f32(f32(v - last) * scale) ** 2);
  const out = new Float32Array(betas.length);
  out[0] = 1 - bar[0];
  for (let i = 1; i < bar.length; i++) out[i] = 1 - f32(bar[i] / bar[i - 1]);
  return out;
}

export function makeBetas(s: TrainSchedule): Float32Array {
  let betas: Float32Array;
  if (s.trainedBetas) {
    betas = Float32Array.from(s.trainedBetas);
  } else if (s.betaSchedule === 'linear') {
    betas = linspaceF32(s.betaStart, s.betaEnd, s.numTrainTimesteps);
  } else if (s.betaSchedule === 'scaled_linear') {
    betas = linspaceF32(Math.sqrt(s.betaStart), Math.sqrt(s.betaEnd), s.numTrainTimesteps).map(
      (b) => b * b,
    );
  } else {
    betas = cosineBetas(s.numTrainTimesteps);
  }
  return s.rescaleBetasZeroSnr ? rescaleZeroTerminalSnr(betas) : betas;
}

export interface NoiseTables {
  betas: Float32Array;
  alphasCumprod: Float32Array;
}

/**
 * `zeroSnrFloor`: the sigma-based schedulers (Euler, DPM) replace a zero terminal
 * alpha-bar with 2^-24 so that its sigma stays finite.
 */
export function makeTables(s: TrainSchedule, zeroSnrFloor = false): NoiseTables {
  const betas = makeBetas(s);
  const alphasCumprod = cumprodAlphas(betas);
  if (s.rescaleBetasZeroSnr && zeroSnrFloor) alphasCumprod[alphasCumprod.length - 1] = 2 ** -24;
  return { betas, alphasCumprod };
}

/** sigma_t = sqrt((1 - alpha_bar) / alpha_bar) per training timestep, float32 ops. */
export function trainingSigmas(alphasCumprod: Float32Array): Float32Array {
  return alphasCumprod.map((a) => Math.sqrt(f32(f32(1 - a) / a)));
}
