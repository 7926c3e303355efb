// Steps parameterised by the cumulative alpha table (DDIM, PNDM, LCM). Each tensor op rounds to
// float32 in the same order as diffusers' torch code, so results match it bit for bit.
import type { PredictionType } from './config';
import { f32 } from './numeric';
import { checkSameLength } from './sample-ops';

export interface X0Eps {
  x0: Float32Array;
  eps: Float32Array;
}

/** Clean-sample and noise estimates from a model output at cumulative alpha `a`. */
export function predictX0Eps(
  type: PredictionType,
  modelOutput: Float32Array,
  sample: Float32Array,
  a: number,
): X0Eps {
  checkSameLength(modelOutput, sample, 'step: modelOutput');
  const sa = f32(Math.sqrt(a));
  const sb = f32(Math.sqrt(f32(1 - a)));
  const n = sample.length;
  if (type === 'epsilon') {
    const x0 = new Float32Array(n);
    for (let i = 0; i < n; i++) x0[i] = f32(sample[i] - f32(sb * modelOutput[i])) / sa;
    return { x0, eps: modelOutput };
  }
  if (type === 'sample') {
    const eps = new Float32Array(n);
    for (let i = 0; i < n; i++) eps[i] = f32(sample[i] - f32(sa * modelOutput[i])) / sb;
    return { x0: modelOutput.slice(), eps };
  }
  const x0 = new Float32Array(n);
  const eps = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = f32(sa * sample[i]) - f32(sb * modelOutput[i]);
    eps[i] = f32(sa * modelOutput[i]) + f32(sb * sample[i]);
  }
  return { x0, eps };
}

export function clampInPlace(x: Float32Array, range: number): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(Math.max(x[i], -range), range);
  return x;
}

/** Forward diffusion q(x_t | x_0) = sqrt(a) x_0 + sqrt(1 - a) noise at training timestep t. */
export function addNoiseAlphaBar(
  alphasCumprod: Float32Array,
  original: Float32Array,
  noise: Float32Array,
  timestep: number,
): Float32Array {
  checkSameLength(noise, original, 'addNoise: noise');
  if (!Number.isInteger(timestep) || timestep < 0 || timestep >= alphasCumprod.length) {
    throw new Error(`addNoise: timestep ${timestep} is not a training timestep`);
  }
  const a = alphasCumprod[timestep];
  const sa = f32(Math.sqrt(a));
  const sb = f32(Math.sqrt(f32(1 - a)));
  const out = new Float32Array(original.length);
  for (let i = 0; i < out.length; i++) out[i] = f32(sa * original[i]) + f32(sb * noise[i]);
  return out;
}
