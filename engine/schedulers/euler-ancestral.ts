// Euler ancestral sampler, as diffusers' EulerAncestralDiscreteScheduler. Every step but the
// last adds fresh noise, which the caller passes as `opts.noise` (standard normal).
import {
  checkSteps,
  num,
  readPredictionType,
  readSpacing,
  readTrainSchedule,
  type PredictionType,
  type RawConfig,
  type TimestepSpacing,
  type TrainSchedule,
} from './config';
import { eulerX0 } from './euler';
import { f32 } from './numeric';
import { checkSameLength, mapF32, requireNoise } from './sample-ops';
import { initialSigmas, initNoiseSigmaFor, scaleBySigma, sigmaSchedule } from './sigma-schedule';
import { requireIndex } from './spacing';
import { makeTables } from './tables';
import type { Scheduler, StepOptions, StepResult } from './types';

interface EulerAncestralConfig extends TrainSchedule {
  predictionType: PredictionType;
  timestepSpacing: TimestepSpacing;
  stepsOffset: number;
}

export class EulerAncestralScheduler implements Scheduler {
  readonly config: EulerAncestralConfig;
  readonly alphasCumprod: Float32Array;
  sigmas: Float32Array;
  private ts: number[] = [];
  private stepIndex: number | null = null;

  constructor(raw: RawConfig = {}) {
    this.config = {
      ...readTrainSchedule(raw),
      predictionType: readPredictionType(raw),
      timestepSpacing: readSpacing(raw, 'linspace'),
      stepsOffset: num(raw, 'steps_offset', 0),
    };
    this.alphasCumprod = makeTables(this.config, true).alphasCumprod;
    this.sigmas = initialSigmas(this.alphasCumprod);
  }

  get timesteps(): number[] {
    return this.ts.slice();
  }

  get initNoiseSigma(): number {
    return initNoiseSigmaFor(this.sigmas, this.config.timestepSpacing);
  }

  setTimesteps(numInferenceSteps: number): void {
    const c = this.config;
    checkSteps(numInferenceSteps, c.numTrainTimesteps);
    const s = sigmaSchedule({
      alphasCumprod: this.alphasCumprod,
      spacing: c.timestepSpacing,
      steps: numInferenceSteps,
      stepsOffset: c.stepsOffset,
      sigmaSpacing: 'default',
      interpolation: 'linear',
      finalSigma: 'zero',
      continuousTimesteps: false,
    });
    this.ts = s.timesteps;
    this.sigmas = s.sigmas;
    this.stepIndex = null;
  }

  private indexFor(timestep: number): number {
    if (this.ts.length === 0) throw new Error('euler-ancestral: call setTimesteps first');
    this.stepIndex ??= requireIndex(this.ts, timestep);
    return this.stepIndex;
  }

  scaleModelInput(sample: Float32Array, timestep: number): Float32Array {
    return scaleBySigma(sample, this.sigmas[this.indexFor(timestep)]);
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts: StepOptions = {},
  ): StepResult {
    const i = this.indexFor(timestep);
    if (i >= this.ts.length) throw new Error('euler-ancestral: no steps left; call setTimesteps again');
    const from = this.sigmas[i];
    const to = this.sigmas[i + 1];
    const x0 = eulerX0(this.config.predictionType, modelOutput, sample, from);
    const from2 = f32(from * from);
    const to2 = f32(to * to);
    const up = f32(Math.sqrt(f32(f32(to2 * f32(from2 - to2)) / from2)));
    const down = f32(Math.sqrt(f32(to2 - f32(up * up))));
    const dt = f32(down - from);
    const prev = mapF32(sample, (s, k) => s + f32(f32(f32(s - x0[k]) / from) * dt));
    // diffusers draws noise on every step; with sigma_up = 0 (the last step) it has no effect.
    if (up > 0) {
      const noise = requireNoise(opts, sample.length, 'euler-ancestral');
      for (let k = 0; k < prev.length; k++) prev[k] = prev[k] + f32(noise[k] * up);
    }
    this.stepIndex = i + 1;
    return { prevSample: prev, predOriginalSample: x0 };
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    checkSameLength(noise, original, 'addNoise: noise');
    const sigma = this.sigmas[requireIndex(this.ts, timestep)];
    return mapF32(original, (x, k) => x + f32(noise[k] * sigma));
  }
}
