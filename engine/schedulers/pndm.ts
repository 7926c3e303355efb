// Pseudo numerical methods (PNDM, Liu et al. 2022), as diffusers' PNDMScheduler: Runge-Kutta
// warm-up steps (PRK) then linear multistep (PLMS). Stable Diffusion ships it with
// skip_prk_steps = true, which replaces the warm-up by one repeated timestep.
import { addNoiseAlphaBar } from './alpha-bar';
import {
  bool,
  checkSteps,
  num,
  oneOf,
  type RawConfig,
  readSpacing,
  readTrainSchedule,
  type TimestepSpacing,
  type TrainSchedule,
} from './config';
import { f32 } from './numeric';
import { checkSameLength, mapF32 } from './sample-ops';
import { spacedTimesteps } from './spacing';
import { makeTables } from './tables';
import type { Scheduler, StepResult } from './types';

interface PndmConfig extends TrainSchedule {
  skipPrkSteps: boolean;
  setAlphaToOne: boolean;
  predictionType: 'epsilon' | 'v_prediction';
  timestepSpacing: TimestepSpacing;
  stepsOffset: number;
}

const SIXTH = f32(1 / 6);
const THIRD = f32(1 / 3);
const TWENTY_FOURTH = f32(1 / 24);

export class PndmScheduler implements Scheduler {
  readonly config: PndmConfig;
  readonly alphasCumprod: Float32Array;
  readonly initNoiseSigma = 1.0;
  prkTimesteps: number[] = [];
  plmsTimesteps: number[] = [];
  private readonly finalAlphaCumprod: number;
  private numInferenceSteps = 0;
  private counter = 0;
  private ets: Float32Array[] = [];
  private curModelOutput: Float32Array | null = null;
  private curSample: Float32Array | null = null;

  constructor(raw: RawConfig = {}) {
    this.config = {
      ...readTrainSchedule(raw),
      skipPrkSteps: bool(raw, 'skip_prk_steps', false),
      setAlphaToOne: bool(raw, 'set_alpha_to_one', false),
      predictionType: oneOf(raw, 'prediction_type', 'epsilon', ['epsilon', 'v_prediction']),
      timestepSpacing: readSpacing(raw, 'leading'),
      stepsOffset: num(raw, 'steps_offset', 0),
    };
    this.alphasCumprod = makeTables(this.config).alphasCumprod;
    this.finalAlphaCumprod = this.config.setAlphaToOne ? 1.0 : this.alphasCumprod[0];
  }

  get timesteps(): number[] {
    return [...this.prkTimesteps, ...this.plmsTimesteps];
  }

  setTimesteps(numInferenceSteps: number): void {
    const c = this.config;
    checkSteps(numInferenceSteps, c.numTrainTimesteps);
    this.numInferenceSteps = numInferenceSteps;
    const asc = spacedTimesteps({
      spacing: c.timestepSpacing,
      numTrainTimesteps: c.numTrainTimesteps,
      steps: numInferenceSteps,
      stepsOffset: c.stepsOffset,
      integerLinspace: true,
    }).reverse();
    if (c.skipPrkSteps) {
      this.prkTimesteps = [];
      this.plmsTimesteps = [...asc.slice(0, -1), ...asc.slice(-2, -1), ...asc.slice(-1)].reverse();
    } else {
      // Four Runge-Kutta steps over the last four (highest) timesteps, each through a midpoint.
      const half = Math.floor(Math.floor(c.numTrainTimesteps / numInferenceSteps) / 2);
      const pairs = asc.slice(-4).flatMap((t) => [t, t + half]);
      this.prkTimesteps = pairs
        .slice(0, -1)
        .flatMap((t) => [t, t])
        .slice(1, -1)
        .reverse();
      this.plmsTimesteps = asc.slice(0, -3).reverse();
    }
    this.ets = [];
    this.counter = 0;
    this.curModelOutput = null;
    this.curSample = null;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): StepResult {
    if (this.numInferenceSteps === 0) throw new Error('pndm: call setTimesteps before step');
    checkSameLength(modelOutput, sample, 'step: modelOutput');
    const prk = this.counter < this.prkTimesteps.length && !this.config.skipPrkSteps;
    return {
      prevSample: prk
        ? this.stepPrk(modelOutput, timestep, sample)
        : this.stepPlms(modelOutput, timestep, sample),
    };
  }

  private stepPrk(m: Float32Array, timestep: number, sample: Float32Array): Float32Array {
    const ratio = Math.floor(this.config.numTrainTimesteps / this.numInferenceSteps);
    const prevTimestep = timestep - (this.counter % 2 ? 0 : Math.floor(ratio / 2));
    const t = this.prkTimesteps[Math.floor(this.counter / 4) * 4];
    const phase = this.counter % 4;
    const acc = (w: number) => {
      const cur = this.curModelOutput;
      this.curModelOutput = mapF32(m, (x, i) => (cur ? cur[i] : 0) + f32(w * x));
    };
    let out = m;
    if (phase === 0) {
      acc(SIXTH);
      this.ets.push(m.slice());
      this.curSample = sample.slice();
    } else if (phase === 1 || phase === 2) {
      acc(THIRD);
    } else {
      const cur = this.curModelOutput as Float32Array;
      out = mapF32(m, (x, i) => cur[i] + f32(SIXTH * x));
      this.curModelOutput = null;
    }
    const prev = this.prevSample(this.curSample ?? sample, t, prevTimestep, out);
    this.counter++;
    return prev;
  }

  private stepPlms(m: Float32Array, timestep: number, sample: Float32Array): Float32Array {
    if (!this.config.skipPrkSteps && this.ets.length < 3) {
      throw new Error('pndm: PLMS needs the three Runge-Kutta warm-up steps first');
    }
    const ratio = Math.floor(this.config.numTrainTimesteps / this.numInferenceSteps);
    let t = timestep;
    let prevTimestep = timestep - ratio;
    if (this.counter !== 1) {
      this.ets = [...this.ets.slice(-3), m.slice()];
    } else {
      // The repeated timestep: redo the first step from its start with the averaged output.
      prevTimestep = timestep;
      t = timestep + ratio;
    }
    const e = this.ets;
    const k = e.length;
    const [e1, e2, e3, e4] = [e[k - 1], e[k - 2], e[k - 3], e[k - 4]];
    let out: Float32Array;
    let x = sample;
    if (k === 1 && this.counter === 0) {
      out = m;
      this.curSample = sample.slice();
    } else if (k === 1 && this.counter === 1) {
      out = m.map((v, i) => f32(v + e1[i]) / 2);
      x = this.curSample as Float32Array;
      this.curSample = null;
    } else if (k === 2) {
      out = e1.map((v, i) => f32(f32(3 * v) - e2[i]) / 2);
    } else if (k === 3) {
      out = e1.map((v, i) => f32(f32(f32(23 * v) - f32(16 * e2[i])) + f32(5 * e3[i])) / 12);
    } else {
      out = e1.map((v, i) => {
        const s = f32(f32(f32(f32(55 * v) - f32(59 * e2[i])) + f32(37 * e3[i])) - f32(9 * e4[i]));
        return TWENTY_FOURTH * s;
      });
    }
    const prev = this.prevSample(x, t, prevTimestep, out);
    this.counter++;
    return prev;
  }

  /** Equation (9) of the PNDM paper: x_{t-delta} from x_t and the noise estimate. */
  private prevSample(sample: Float32Array, t: number, prev: number, m: Float32Array): Float32Array {
    const a = this.alphasCumprod[t];
    if (a === undefined) throw new Error(`pndm: timestep ${t} is not a training timestep`);
    const aPrev = prev >= 0 ? this.alphasCumprod[prev] : this.finalAlphaCumprod;
    const b = f32(1 - a);
    const bPrev = f32(1 - aPrev);
    let eps = m;
    if (this.config.predictionType === 'v_prediction') {
      const [sa, sb] = [f32(Math.sqrt(a)), f32(Math.sqrt(b))];
      eps = m.map((v, i) => f32(sa * v) + f32(sb * sample[i]));
    }
    const sampleCoef = f32(Math.sqrt(f32(aPrev / a)));
    const denom = f32(f32(a * f32(Math.sqrt(bPrev))) + f32(Math.sqrt(f32(f32(a * b) * aPrev))));
    const d = f32(aPrev - a);
    return sample.map((s, i) => f32(sampleCoef * s) - f32(f32(d * eps[i]) / denom));
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    return addNoiseAlphaBar(this.alphasCumprod, original, noise, timestep);
  }
}
