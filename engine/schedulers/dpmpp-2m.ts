// DPM-Solver++ multistep (Lu et al. 2022), as diffusers' DPMSolverMultistepScheduler: order 2 by
// default ("DPM++ 2M"); `use_karras_sigmas` gives "DPM++ 2M Karras". Also orders 1 and 3 and the
// SDE variant (noise from opts.noise). Float32 rounding follows diffusers' torch code.
import {
  bool,
  checkSteps,
  num,
  oneOf,
  type PredictionType,
  type RawConfig,
  readPredictionType,
  readSpacing,
  readTrainSchedule,
  type TimestepSpacing,
  type TrainSchedule,
} from './config';
import { type DpmSigmaSpacing, dpmTimesteps } from './dpm-timesteps';
import { alphaSigma, multistepUpdate } from './dpm-update';
import { f32 } from './numeric';
import { checkSameLength, mapF32, requireNoise, thresholdSample } from './sample-ops';
import { currentStepIndex, indexForTimestep } from './spacing';
import { makeTables } from './tables';
import type { Scheduler, StepOptions, StepResult } from './types';

interface DpmConfig extends TrainSchedule {
  solverOrder: number;
  predictionType: PredictionType;
  algorithmType: 'dpmsolver++' | 'sde-dpmsolver++';
  solverType: 'midpoint' | 'heun';
  lowerOrderFinal: boolean;
  eulerAtFinal: boolean;
  sigmaSpacing: DpmSigmaSpacing;
  finalSigmasType: 'zero' | 'sigma_min';
  lambdaMinClipped: number;
  timestepSpacing: TimestepSpacing;
  stepsOffset: number;
  thresholding: boolean;
  dynamicThresholdingRatio: number;
  sampleMaxValue: number;
}

function readConfig(cfg: RawConfig): DpmConfig {
  // Configs saved by DEIS/UniPC name their own variants; diffusers maps them onto these.
  const algo = cfg.algorithm_type === 'deis' ? 'dpmsolver++' : cfg.algorithm_type;
  const solver = ['logrho', 'bh1', 'bh2'].includes(cfg.solver_type as string)
    ? 'midpoint'
    : cfg.solver_type;
  const c: RawConfig = { ...cfg, algorithm_type: algo, solver_type: solver };
  for (const key of ['use_beta_sigmas', 'use_flow_sigmas']) {
    if (bool(c, key, false)) throw new Error(`scheduler config: ${key} is not supported`);
  }
  if (c.variance_type !== undefined && c.variance_type !== null) {
    throw new Error('scheduler config: variance_type (learned variance) is not supported');
  }
  const flags = ['use_karras_sigmas', 'use_exponential_sigmas', 'use_lu_lambdas'] as const;
  const on = flags.filter((k) => bool(c, k, false));
  if (on.length > 1) throw new Error(`scheduler config: ${on.join(' and ')} exclude each other`);
  const spacing: Record<string, DpmSigmaSpacing> = {
    use_karras_sigmas: 'karras',
    use_exponential_sigmas: 'exponential',
    use_lu_lambdas: 'lu',
  };
  const solverOrder = num(c, 'solver_order', 2);
  if (![1, 2, 3].includes(solverOrder))
    throw new Error('scheduler config: solver_order must be 1, 2 or 3');
  return {
    ...readTrainSchedule(c),
    solverOrder,
    predictionType: readPredictionType(c),
    algorithmType: oneOf(c, 'algorithm_type', 'dpmsolver++', ['dpmsolver++', 'sde-dpmsolver++']),
    solverType: oneOf(c, 'solver_type', 'midpoint', ['midpoint', 'heun']),
    lowerOrderFinal: bool(c, 'lower_order_final', true),
    eulerAtFinal: bool(c, 'euler_at_final', false),
    sigmaSpacing: on.length ? spacing[on[0]] : 'default',
    finalSigmasType: oneOf(c, 'final_sigmas_type', 'zero', ['zero', 'sigma_min']),
    lambdaMinClipped: num(c, 'lambda_min_clipped', -Infinity, [-Infinity]),
    timestepSpacing: readSpacing(c, 'linspace'),
    stepsOffset: num(c, 'steps_offset', 0),
    thresholding: bool(c, 'thresholding', false),
    dynamicThresholdingRatio: num(c, 'dynamic_thresholding_ratio', 0.995),
    sampleMaxValue: num(c, 'sample_max_value', 1.0),
  };
}

export class DpmSolverMultistepScheduler implements Scheduler {
  readonly config: DpmConfig;
  readonly alphasCumprod: Float32Array;
  readonly initNoiseSigma = 1.0;
  sigmas: Float32Array = new Float32Array(0);
  private ts: number[] = [];
  private stepIndex: number | null = null;
  private outputs: Float32Array[] = [];
  private lowerOrderNums = 0;

  constructor(raw: RawConfig = {}) {
    this.config = readConfig(raw);
    this.alphasCumprod = makeTables(this.config, true).alphasCumprod;
  }

  get timesteps(): number[] {
    return this.ts.slice();
  }

  setTimesteps(numInferenceSteps: number): void {
    const c = this.config;
    checkSteps(numInferenceSteps, c.numTrainTimesteps);
    const s = dpmTimesteps({ ...c, alphasCumprod: this.alphasCumprod, steps: numInferenceSteps });
    this.ts = s.timesteps;
    this.sigmas = s.sigmas;
    this.stepIndex = null;
    this.outputs = [];
    this.lowerOrderNums = 0;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  private indexFor(timestep: number): number {
    const i = indexForTimestep(this.ts, timestep);
    return i < 0 ? this.ts.length - 1 : i;
  }

  private toX0(
    modelOutput: Float32Array,
    sample: Float32Array,
    i: number,
    shape?: number[],
  ): Float32Array {
    checkSameLength(modelOutput, sample, 'step: modelOutput');
    const [alpha, sigma] = alphaSigma(this.sigmas[i]);
    let x0: Float32Array;
    if (this.config.predictionType === 'epsilon') {
      x0 = mapF32(sample, (s, k) => f32(s - f32(sigma * modelOutput[k])) / alpha);
    } else if (this.config.predictionType === 'v_prediction') {
      x0 = mapF32(sample, (s, k) => f32(alpha * s) - f32(sigma * modelOutput[k]));
    } else {
      x0 = modelOutput.slice();
    }
    const c = this.config;
    return c.thresholding
      ? thresholdSample(x0, c.dynamicThresholdingRatio, c.sampleMaxValue, shape)
      : x0;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts: StepOptions = {},
  ): StepResult {
    const c = this.config;
    const i = (this.stepIndex = currentStepIndex('dpmpp-2m', this.ts, this.stepIndex, () =>
      this.indexFor(timestep),
    ));
    const n = this.ts.length;
    const short = c.lowerOrderFinal && n < 15;
    const finalFirst = i === n - 1 && (c.eulerAtFinal || short || c.finalSigmasType === 'zero');
    const finalSecond = i === n - 2 && short;

    const x0 = this.toX0(modelOutput, sample, i, opts.shape);
    this.outputs = [...this.outputs, x0].slice(-c.solverOrder);
    const sde = c.algorithmType === 'sde-dpmsolver++';
    const noise = sde ? requireNoise(opts, sample.length, 'dpmpp-2m (sde-dpmsolver++)') : undefined;

    let order: 1 | 2 | 3 = 3;
    if (c.solverOrder === 1 || this.lowerOrderNums < 1 || finalFirst) order = 1;
    else if (c.solverOrder === 2 || this.lowerOrderNums < 2 || finalSecond) order = 2;
    const prev = multistepUpdate({
      order,
      sigmas: this.sigmas,
      index: i,
      outputs: this.outputs,
      sample,
      noise,
      midpoint: c.solverType === 'midpoint',
    });

    if (this.lowerOrderNums < c.solverOrder) this.lowerOrderNums++;
    this.stepIndex = i + 1;
    return { prevSample: prev, predOriginalSample: x0 };
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    checkSameLength(noise, original, 'addNoise: noise');
    if (this.ts.length === 0) throw new Error('dpmpp-2m: call setTimesteps before addNoise');
    const [alpha, sigma] = alphaSigma(this.sigmas[this.indexFor(timestep)]);
    return mapF32(original, (x, k) => f32(alpha * x) + f32(sigma * noise[k]));
  }
}
