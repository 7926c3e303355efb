// Euler ancestral sampler, as diffusers' EulerAncestralDiscreteScheduler. Every step but the
// last adds fresh noise, which the caller passes as `opts.noise` (standard normal).
import { num, type RawConfig, readPredictionType, readSpacing, readTrainSchedule } from './config';
import { eulerX0 } from './euler';
import { f32 } from './numeric';
import { mapF32, requireNoise } from './sample-ops';
import { type SigmaConfig, SigmaScheduler } from './sigma-scheduler';
import type { StepOptions, StepResult } from './types';

export class EulerAncestralScheduler extends SigmaScheduler<SigmaConfig> {
  constructor(raw: RawConfig = {}) {
    super(
      {
        ...readTrainSchedule(raw),
        predictionType: readPredictionType(raw),
        timestepSpacing: readSpacing(raw, 'linspace'),
        stepsOffset: num(raw, 'steps_offset', 0),
      },
      'euler-ancestral',
    );
  }

  protected scheduleChoice() {
    return {
      sigmaSpacing: 'default',
      interpolation: 'linear',
      finalSigma: 'zero',
      continuousTimesteps: false,
    } as const;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    opts: StepOptions = {},
  ): StepResult {
    const i = this.currentStep(timestep);
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
}
