// Euler sampler (Karras et al. 2022, algorithm 2 without churn), as diffusers'
// EulerDiscreteScheduler. `use_karras_sigmas` gives the "euler-karras" variant.
import {
  bool,
  num,
  oneOf,
  optNum,
  type PredictionType,
  type RawConfig,
  readPredictionType,
  readSpacing,
  readTrainSchedule,
} from './config';
import { f32 } from './numeric';
import { checkSameLength, mapF32 } from './sample-ops';
import type { SigmaSpacing } from './sigma-schedule';
import { type SigmaConfig, SigmaScheduler } from './sigma-scheduler';
import type { StepResult } from './types';

interface EulerConfig extends SigmaConfig {
  sigmaSpacing: SigmaSpacing;
  sigmaMin?: number;
  sigmaMax?: number;
  interpolationType: 'linear' | 'log_linear';
  finalSigmasType: 'zero' | 'sigma_min';
  timestepType: 'discrete' | 'continuous';
}

function readSigmaSpacing(cfg: RawConfig): SigmaSpacing {
  if (bool(cfg, 'use_beta_sigmas', false))
    throw new Error('scheduler config: use_beta_sigmas is not supported');
  const karras = bool(cfg, 'use_karras_sigmas', false);
  const exponential = bool(cfg, 'use_exponential_sigmas', false);
  if (karras && exponential) {
    throw new Error(
      'scheduler config: use_karras_sigmas and use_exponential_sigmas exclude each other',
    );
  }
  return karras ? 'karras' : exponential ? 'exponential' : 'default';
}

function readConfig(cfg: RawConfig): EulerConfig {
  return {
    ...readTrainSchedule(cfg),
    predictionType: readPredictionType(cfg),
    timestepSpacing: readSpacing(cfg, 'linspace'),
    stepsOffset: num(cfg, 'steps_offset', 0),
    sigmaSpacing: readSigmaSpacing(cfg),
    sigmaMin: optNum(cfg, 'sigma_min'),
    sigmaMax: optNum(cfg, 'sigma_max'),
    interpolationType: oneOf(cfg, 'interpolation_type', 'linear', ['linear', 'log_linear']),
    finalSigmasType: oneOf(cfg, 'final_sigmas_type', 'zero', ['zero', 'sigma_min']),
    timestepType: oneOf(cfg, 'timestep_type', 'discrete', ['discrete', 'continuous']),
  };
}

/** Euler's x0 estimate from a model output at noise level sigma, float32 ops as diffusers. */
export function eulerX0(
  type: PredictionType,
  modelOutput: Float32Array,
  sample: Float32Array,
  sigma: number,
): Float32Array {
  checkSameLength(modelOutput, sample, 'step: modelOutput');
  if (type === 'sample') return modelOutput.slice();
  if (type === 'epsilon') return mapF32(sample, (s, i) => s - f32(sigma * modelOutput[i]));
  const var1 = f32(f32(sigma * sigma) + 1);
  const c = f32(-sigma / f32(Math.sqrt(var1)));
  return mapF32(sample, (s, i) => f32(modelOutput[i] * c) + f32(s / var1));
}

export class EulerScheduler extends SigmaScheduler<EulerConfig> {
  constructor(raw: RawConfig = {}) {
    super(readConfig(raw), 'euler');
  }

  protected scheduleChoice() {
    const c = this.config;
    return {
      sigmaSpacing: c.sigmaSpacing,
      sigmaMin: c.sigmaMin,
      sigmaMax: c.sigmaMax,
      interpolation: c.interpolationType,
      finalSigma: c.finalSigmasType,
      continuousTimesteps: c.timestepType === 'continuous' && c.predictionType === 'v_prediction',
    };
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): StepResult {
    const i = this.currentStep(timestep);
    const sigma = this.sigmas[i];
    const x0 = eulerX0(this.config.predictionType, modelOutput, sample, sigma);
    const dt = f32(this.sigmas[i + 1] - sigma);
    const prev = mapF32(sample, (s, k) => s + f32(f32(f32(s - x0[k]) / sigma) * dt));
    this.stepIndex = i + 1;
    return { prevSample: prev, predOriginalSample: x0 };
  }
}
