// Latent consistency model sampling (Luo et al. 2023), as diffusers' LCMScheduler: each step
// predicts the clean sample through the consistency boundary condition, then (except on the
// last step) re-noises it to the next timestep with the caller's `opts.noise`.
import { addNoiseAlphaBar, clampInPlace, predictX0Eps } from './alpha-bar';
import {
  bool,
  checkSteps,
  num,
  type PredictionType,
  type RawConfig,
  readPredictionType,
  readTrainSchedule,
  type TrainSchedule,
} from './config';
import { f32, linspace } from './numeric';
import { mapF32, requireNoise, thresholdSample } from './sample-ops';
import { currentStepIndex, requireIndex } from './spacing';
import { makeTables } from './tables';
import type { Scheduler, StepOptions, StepResult } from './types';

interface LcmConfig extends TrainSchedule {
  originalInferenceSteps: number;
  clipSample: boolean;
  clipSampleRange: number;
  setAlphaToOne: boolean;
  predictionType: PredictionType;
  thresholding: boolean;
  dynamicThresholdingRatio: number;
  sampleMaxValue: number;
  timestepScaling: number;
}

function readConfig(cfg: RawConfig): LcmConfig {
  return {
    ...readTrainSchedule(cfg, {
      betaStart: 0.00085,
      betaEnd: 0.012,
      betaSchedule: 'scaled_linear',
    }),
    originalInferenceSteps: num(cfg, 'original_inference_steps', 50),
    clipSample: bool(cfg, 'clip_sample', false),
    clipSampleRange: num(cfg, 'clip_sample_range', 1.0),
    setAlphaToOne: bool(cfg, 'set_alpha_to_one', true),
    predictionType: readPredictionType(cfg),
    thresholding: bool(cfg, 'thresholding', false),
    dynamicThresholdingRatio: num(cfg, 'dynamic_thresholding_ratio', 0.995),
    sampleMaxValue: num(cfg, 'sample_max_value', 1.0),
    timestepScaling: num(cfg, 'timestep_scaling', 10.0),
  };
}

/** LCM timesteps: n of the original_steps-step "skipping" schedule, evenly spread. */
export function lcmTimesteps(
  numTrainTimesteps: number,
  originalSteps: number,
  steps: number,
): number[] {
  if (originalSteps > numTrainTimesteps) {
    throw new Error(`lcm: original_inference_steps (${originalSteps}) exceeds num_train_timesteps`);
  }
  if (steps > originalSteps) {
    throw new Error(
      `lcm: numInferenceSteps (${steps}) cannot exceed original_inference_steps (${originalSteps})`,
    );
  }
  const k = Math.floor(numTrainTimesteps / originalSteps);
  const origin = Array.from({ length: originalSteps }, (_, i) => (originalSteps - i) * k - 1);
  return linspace(0, originalSteps, steps, false).map((x) => origin[Math.floor(x)]);
}

export class LcmScheduler implements Scheduler {
  readonly config: LcmConfig;
  readonly alphasCumprod: Float32Array;
  readonly initNoiseSigma = 1.0;
  private readonly finalAlphaCumprod: number;
  private ts: number[] = [];
  private stepIndex: number | null = null;

  constructor(raw: RawConfig = {}) {
    this.config = readConfig(raw);
    this.alphasCumprod = makeTables(this.config).alphasCumprod;
    this.finalAlphaCumprod = this.config.setAlphaToOne ? 1.0 : this.alphasCumprod[0];
  }

  get timesteps(): number[] {
    return this.ts.slice();
  }

  setTimesteps(numInferenceSteps: number): void {
    const c = this.config;
    checkSteps(numInferenceSteps, c.numTrainTimesteps);
    this.ts = lcmTimesteps(c.numTrainTimesteps, c.originalInferenceSteps, numInferenceSteps);
    this.stepIndex = null;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  /** Consistency-model boundary condition scalings (c_skip, c_out), sigma_data = 0.5. */
  boundaryScalings(timestep: number): [number, number] {
    const t = f32(timestep * this.config.timestepScaling);
    const denom = f32(f32(t * t) + 0.25);
    return [f32(0.25 / denom), f32(t / f32(Math.sqrt(denom)))];
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts: StepOptions = {},
  ): StepResult {
    const c = this.config;
    const i = (this.stepIndex = currentStepIndex('lcm', this.ts, this.stepIndex, () =>
      requireIndex(this.ts, timestep),
    ));
    const prevT = i + 1 < this.ts.length ? this.ts[i + 1] : timestep;
    const a = this.alphasCumprod[timestep];
    if (a === undefined) throw new Error(`lcm: timestep ${timestep} is not a training timestep`);
    const aPrev = prevT >= 0 ? this.alphasCumprod[prevT] : this.finalAlphaCumprod;

    let { x0 } = predictX0Eps(c.predictionType, modelOutput, sample, a);
    if (c.thresholding) {
      x0 = thresholdSample(x0, c.dynamicThresholdingRatio, c.sampleMaxValue, opts.shape);
    } else if (c.clipSample) {
      clampInPlace(x0, c.clipSampleRange);
    }
    const [cSkip, cOut] = this.boundaryScalings(timestep);
    const denoised = mapF32(x0, (x, k) => f32(cOut * x) + f32(cSkip * sample[k]));

    let prev = denoised;
    if (i !== this.ts.length - 1) {
      const noise = requireNoise(opts, sample.length, 'lcm');
      const sa = f32(Math.sqrt(aPrev));
      const sb = f32(Math.sqrt(f32(1 - aPrev)));
      prev = mapF32(denoised, (d, k) => f32(sa * d) + f32(sb * noise[k]));
    }
    this.stepIndex = i + 1;
    return { prevSample: prev, predOriginalSample: denoised };
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    return addNoiseAlphaBar(this.alphasCumprod, original, noise, timestep);
  }
}
