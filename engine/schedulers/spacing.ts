// Inference timestep selection ("timestep_spacing"), descending, as diffusers' DDIM/Euler family
// computes it. See table 2 of "Common Diffusion Noise Schedules and Sample Steps are Flawed".
import type { TimestepSpacing } from './config';
import { arange, f32, linspace, roundHalfEven } from './numeric';

export interface SpacingOptions {
  spacing: TimestepSpacing;
  numTrainTimesteps: number;
  steps: number;
  stepsOffset: number;
  /** DDIM/PNDM round linspace timesteps to integers; Euler keeps them fractional (float32). */
  integerLinspace: boolean;
}

export function spacedTimesteps(o: SpacingOptions): number[] {
  const T = o.numTrainTimesteps;
  if (o.spacing === 'linspace') {
    const ts = linspace(0, T - 1, o.steps).reverse();
    return o.integerLinspace ? ts.map(roundHalfEven) : ts.map(f32);
  }
  if (o.spacing === 'leading') {
    const ratio = Math.floor(T / o.steps);
    return Array.from({ length: o.steps }, (_, i) => (o.steps - 1 - i) * ratio + o.stepsOffset);
  }
  return arange(T, 0, -T / o.steps).map((t) => roundHalfEven(t) - 1);
}

/** Index of `timestep` in the schedule; a repeated timestep resolves to its second entry. */
export function indexForTimestep(timesteps: readonly number[], timestep: number): number {
  const first = timesteps.indexOf(timestep);
  if (first < 0) return -1;
  const second = timesteps.indexOf(timestep, first + 1);
  return second >= 0 ? second : first;
}

export function requireIndex(timesteps: readonly number[], timestep: number): number {
  const i = indexForTimestep(timesteps, timestep);
  if (i < 0) {
    throw new Error(`timestep ${timestep} is not in the scheduler's timesteps; pass one of them`);
  }
  return i;
}

/**
 * The index of the step a multistep sampler takes now: found from the first timestep it is given
 * (as diffusers does without a begin index), then counted on. Refuses before setTimesteps and
 * once the schedule is used up.
 */
export function currentStepIndex(
  who: string,
  timesteps: readonly number[],
  counted: number | null,
  find: () => number,
): number {
  if (timesteps.length === 0) throw new Error(`${who}: call setTimesteps before step`);
  const i = counted ?? find();
  if (i >= timesteps.length) throw new Error(`${who}: no steps left; call setTimesteps again`);
  return i;
}
