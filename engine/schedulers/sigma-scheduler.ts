// What the Euler-family samplers share: a sigma schedule over the trained alphas, the step index
// found from the first timestep, input scaling by sigma, and noising at a timestep's sigma.
import {
  checkSteps,
  type PredictionType,
  type TimestepSpacing,
  type TrainSchedule,
} from './config';
import { f32 } from './numeric';
import { checkSameLength, mapF32 } from './sample-ops';
import {
  initialSigmas,
  initNoiseSigmaFor,
  type SigmaScheduleOptions,
  scaleBySigma,
  sigmaSchedule,
} from './sigma-schedule';
import { currentStepIndex, requireIndex } from './spacing';
import { makeTables } from './tables';
import type { Scheduler, StepOptions, StepResult } from './types';

export interface SigmaConfig extends TrainSchedule {
  predictionType: PredictionType;
  timestepSpacing: TimestepSpacing;
  stepsOffset: number;
}

type ScheduleChoice = Omit<
  SigmaScheduleOptions,
  'alphasCumprod' | 'spacing' | 'steps' | 'stepsOffset'
>;

export abstract class SigmaScheduler<C extends SigmaConfig> implements Scheduler {
  readonly alphasCumprod: Float32Array;
  sigmas: Float32Array;
  protected ts: number[] = [];
  protected stepIndex: number | null = null;

  protected constructor(
    readonly config: C,
    private readonly name: string,
  ) {
    this.alphasCumprod = makeTables(config, true).alphasCumprod;
    this.sigmas = initialSigmas(this.alphasCumprod);
  }

  /** How this sampler spaces its sigmas (Karras, interpolation, final sigma…). */
  protected abstract scheduleChoice(): ScheduleChoice;
  abstract step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts?: StepOptions,
  ): StepResult;

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
      ...this.scheduleChoice(),
    });
    this.ts = s.timesteps;
    this.sigmas = s.sigmas;
    this.stepIndex = null;
  }

  /** The index of the step to take; throws once the schedule is used up. */
  protected currentStep(timestep: number): number {
    return (this.stepIndex = currentStepIndex(this.name, this.ts, this.stepIndex, () =>
      requireIndex(this.ts, timestep),
    ));
  }

  scaleModelInput(sample: Float32Array, timestep: number): Float32Array {
    return scaleBySigma(sample, this.sigmas[this.currentStep(timestep)]);
  }

  /** x + sigma * noise, with sigma at the given timestep of the current schedule. */
  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    checkSameLength(noise, original, 'addNoise: noise');
    const sigma = this.sigmas[requireIndex(this.ts, timestep)];
    return mapF32(original, (x, k) => x + f32(noise[k] * sigma));
  }
}
