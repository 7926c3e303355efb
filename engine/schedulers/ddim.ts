// DDIM (Song et al. 2020), as diffusers' DDIMScheduler.
import { addNoiseAlphaBar, clampInPlace, predictX0Eps } from './alpha-bar';
import {
  bool,
  checkSteps,
  num,
  type PredictionType,
  type RawConfig,
  readPredictionType,
  readSpacing,
  readTrainSchedule,
  type TimestepSpacing,
  type TrainSchedule,
} from './config';
import { f32 } from './numeric';
import { requireNoise, thresholdSample } from './sample-ops';
import { spacedTimesteps } from './spacing';
import { makeTables } from './tables';
import type { Scheduler, StepOptions, StepResult } from './types';

interface DdimConfig extends TrainSchedule {
  predictionType: PredictionType;
  timestepSpacing: TimestepSpacing;
  stepsOffset: number;
  setAlphaToOne: boolean;
  clipSample: boolean;
  clipSampleRange: number;
  thresholding: boolean;
  dynamicThresholdingRatio: number;
  sampleMaxValue: number;
}

function readConfig(cfg: RawConfig): DdimConfig {
  return {
    ...readTrainSchedule(cfg),
    predictionType: readPredictionType(cfg),
    timestepSpacing: readSpacing(cfg, 'leading'),
    stepsOffset: num(cfg, 'steps_offset', 0),
    setAlphaToOne: bool(cfg, 'set_alpha_to_one', true),
    clipSample: bool(cfg, 'clip_sample', true),
    clipSampleRange: num(cfg, 'clip_sample_range', 1.0),
    thresholding: bool(cfg, 'thresholding', false),
    dynamicThresholdingRatio: num(cfg, 'dynamic_thresholding_ratio', 0.995),
    sampleMaxValue: num(cfg, 'sample_max_value', 1.0),
  };
}

export class DdimScheduler implements Scheduler {
  readonly config: DdimConfig;
  readonly alphasCumprod: Float32Array;
  readonly initNoiseSigma = 1.0;
  private readonly finalAlphaCumprod: number;
  private numInferenceSteps = 0;
  private ts: number[] = [];

  constructor(raw: RawConfig = {}) {
    this.config = readConfig(raw);
    this.alphasCumprod = makeTables(this.config).alphasCumprod;
    this.finalAlphaCumprod = this.config.setAlphaToOne ? 1.0 : this.alphasCumprod[0];
  }

  get timesteps(): number[] {
    return this.ts.slice();
  }

  setTimesteps(numInferenceSteps: number): void {
    checkSteps(numInferenceSteps, this.config.numTrainTimesteps);
    this.numInferenceSteps = numInferenceSteps;
    this.ts = spacedTimesteps({
      spacing: this.config.timestepSpacing,
      numTrainTimesteps: this.config.numTrainTimesteps,
      steps: numInferenceSteps,
      stepsOffset: this.config.stepsOffset,
      integerLinspace: true,
    });
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  /** sigma_t^2 of the DDIM posterior between `t` and `prev`, float32 like diffusers. */
  variance(t: number, prev: number): number {
    const a = this.alphasCumprod[t];
    const aPrev = prev >= 0 ? this.alphasCumprod[prev] : this.finalAlphaCumprod;
    return f32(f32(f32(1 - aPrev) / f32(1 - a)) * f32(1 - f32(a / aPrev)));
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts: StepOptions = {},
  ): StepResult {
    if (this.numInferenceSteps === 0) throw new Error('ddim: call setTimesteps before step');
    const c = this.config;
    // diffusers steps back by T // n whatever the spacing.
    const prev = timestep - Math.floor(c.numTrainTimesteps / this.numInferenceSteps);
    const a = this.alphasCumprod[timestep];
    if (a === undefined) throw new Error(`ddim: timestep ${timestep} is not a training timestep`);
    const aPrev = prev >= 0 ? this.alphasCumprod[prev] : this.finalAlphaCumprod;

    const predicted = predictX0Eps(c.predictionType, modelOutput, sample, a);
    const eps = predicted.eps;
    let x0 = predicted.x0;
    if (c.thresholding) {
      x0 = thresholdSample(x0, c.dynamicThresholdingRatio, c.sampleMaxValue, opts.shape);
    } else if (c.clipSample) {
      clampInPlace(x0, c.clipSampleRange);
    }

    const eta = opts.eta ?? 0;
    const std = f32(eta * f32(Math.sqrt(this.variance(timestep, prev))));
    const dirCoef = f32(Math.sqrt(f32(f32(1 - aPrev) - f32(std * std))));
    const sqrtAPrev = f32(Math.sqrt(aPrev));
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = f32(sqrtAPrev * x0[i]) + f32(dirCoef * eps[i]);
    }
    if (eta > 0) {
      const noise = requireNoise(opts, sample.length, 'ddim (eta > 0)');
      for (let i = 0; i < out.length; i++) out[i] = out[i] + f32(std * noise[i]);
    }
    return { prevSample: out, predOriginalSample: x0 };
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    return addNoiseAlphaBar(this.alphasCumprod, original, noise, timestep);
  }
}
