// Integer timesteps and float32 sigmas of DPMSolverMultistepScheduler.set_timesteps. Unlike the
// DDIM family it spaces n + 1 points and drops the last, and honours lambda_min_clipped.
import type { BetaSchedule, TimestepSpacing } from './config';
import {
  arange,
  exponentialSigmas,
  f32,
  interpIndex,
  karrasSigmas,
  linspace,
  roundHalfEven,
  sigmaToT,
} from './numeric';
import { trainingSigmas } from './tables';

export type DpmSigmaSpacing = 'default' | 'karras' | 'exponential' | 'lu';

export interface DpmTimestepOptions {
  alphasCumprod: Float32Array;
  steps: number;
  timestepSpacing: TimestepSpacing;
  stepsOffset: number;
  lambdaMinClipped: number;
  sigmaSpacing: DpmSigmaSpacing;
  finalSigmasType: 'zero' | 'sigma_min';
  betaSchedule: BetaSchedule;
}

/** Timesteps whose log-SNR lies below lambda_min_clipped are cut from the top of the range. */
function lastTimestep(ac: Float32Array, lambdaMin: number): number {
  let clipped = 0;
  // lambda_t decreases with t; count how many of the flipped (ascending) values are < lambdaMin.
  for (let t = ac.length - 1; t >= 0; t--) {
    const lambda = f32(
      f32(Math.log(f32(Math.sqrt(ac[t])))) - f32(Math.log(f32(Math.sqrt(f32(1 - ac[t]))))),
    );
    if (lambda < lambdaMin) clipped++;
    else break;
  }
  return ac.length - clipped;
}

function spaced(o: DpmTimestepOptions, last: number): number[] {
  const T = o.alphasCumprod.length;
  const n = o.steps;
  if (o.timestepSpacing === 'linspace') {
    return linspace(0, last - 1, n + 1)
      .map(roundHalfEven)
      .reverse()
      .slice(0, n);
  }
  if (o.timestepSpacing === 'leading') {
    const ratio = Math.floor(last / (n + 1));
    return Array.from({ length: n }, (_, i) => (n - i) * ratio + o.stepsOffset);
  }
  return arange(last, 0, -T / n).map((t) => roundHalfEven(t) - 1);
}

export function dpmTimesteps(o: DpmTimestepOptions): { timesteps: number[]; sigmas: Float32Array } {
  const train = trainingSigmas(o.alphasCumprod);
  const logSigmas = train.map(Math.log);
  let timesteps = spaced(o, lastTimestep(o.alphasCumprod, o.lambdaMinClipped));
  let sigmas: number[];
  if (o.sigmaSpacing === 'default') {
    sigmas = timesteps.map((t) => interpIndex(t, train));
  } else {
    const min = train[0];
    const max = train[train.length - 1];
    if (o.sigmaSpacing === 'karras') sigmas = karrasSigmas(min, max, o.steps);
    else if (o.sigmaSpacing === 'exponential') sigmas = exponentialSigmas(min, max, o.steps);
    else {
      const [hi, lo] = [logSigmas[train.length - 1], logSigmas[0]];
      sigmas = linspace(0, 1, o.steps).map((r) => Math.exp(hi + r * (lo - hi)));
    }
    const ts = sigmas.map((s) => sigmaToT(s, logSigmas));
    // Karras and Lu timesteps are rounded (except for the cosine schedule); the int64 cast truncates.
    const rounds = o.sigmaSpacing !== 'exponential' && o.betaSchedule !== 'squaredcos_cap_v2';
    timesteps = ts.map((t) => (rounds ? roundHalfEven(t) : Math.trunc(t)));
  }
  const final = o.finalSigmasType === 'zero' ? 0 : train[0];
  return { timesteps, sigmas: Float32Array.from([...sigmas, final]) };
}
