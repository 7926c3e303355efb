// The scheduler contract (ARCHITECTURE.md, "Interfaces other code and checks depend on").
// Tensors are flat Float32Arrays in NCHW order.

export type SchedulerKind = 'ddim' | 'euler' | 'euler-ancestral' | 'dpmpp-2m' | 'lcm' | 'pndm';

export interface StepOptions {
  /** DDIM only: 0 is deterministic DDIM, 1 is DDPM-like. */
  eta?: number;
  /** Standard normal noise for stochastic steps (Euler ancestral, LCM, DDIM with eta > 0). */
  noise?: Float32Array;
  /** NCHW shape; only dynamic thresholding needs it (batch size), otherwise optional. */
  shape?: number[];
}

export interface StepResult {
  prevSample: Float32Array;
  /** The model's estimate of the clean sample (LCM: the boundary-condition "denoised"). */
  predOriginalSample?: Float32Array;
}

export interface Scheduler {
  /** Every setting it runs with, the diffusers defaults of keys its config lacked filled in (camelCase). */
  readonly config: object;
  setTimesteps(numInferenceSteps: number): void;
  readonly timesteps: number[];
  readonly initNoiseSigma: number;
  scaleModelInput(sample: Float32Array, timestep: number): Float32Array;
  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts?: StepOptions,
  ): StepResult;
  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array;
}
