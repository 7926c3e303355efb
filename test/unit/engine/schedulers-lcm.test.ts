// LCM against diffusers' tests/schedulers/test_scheduler_lcm.py (config: scaled_linear betas
// 0.00085..0.012 over 1000 steps, epsilon). The multistep loop re-noises with
// torch.manual_seed(0) noise, reproduced by the test helper.
import { describe, expect, it } from 'vitest';
import { createScheduler, LcmScheduler } from '../../../engine/schedulers';
import { dummySampleDeter, meanAbs, N, runLoop, sumAbs } from './helpers/diffusers-fixtures';
import { TorchCpuGenerator } from './helpers/torch-randn';

const base = {
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  prediction_type: 'epsilon',
};

function fullLoop(steps: number): Float32Array {
  const g = new TorchCpuGenerator(0);
  const s = createScheduler('lcm', base);
  s.setTimesteps(steps);
  return runLoop(s, dummySampleDeter(), s.timesteps, { noise: () => g.randn(N) });
}

describe('lcm', () => {
  it('one-step full loop matches diffusers', () => {
    const out = fullLoop(1);
    expect(Math.abs(sumAbs(out) - 18.7097)).toBeLessThan(1e-3);
    expect(Math.abs(meanAbs(out) - 0.0244)).toBeLessThan(1e-3);
  });

  it('ten-step full loop with torch.manual_seed(0) noise matches diffusers', () => {
    const out = fullLoop(10);
    expect(Math.abs(sumAbs(out) - 197.7616)).toBeLessThan(1e-3);
    expect(Math.abs(meanAbs(out) - 0.2575)).toBeLessThan(1e-3);
  });

  it('timesteps for given step counts', () => {
    const ts = (n: number, cfg = {}) => {
      const s = createScheduler('lcm', { ...base, ...cfg });
      s.setTimesteps(n);
      return s.timesteps;
    };
    expect(ts(1)).toEqual([999]);
    expect(ts(4)).toEqual([999, 759, 499, 259]);
    expect(ts(8)).toEqual([999, 879, 759, 639, 499, 379, 259, 139]);
    expect(ts(10)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    // Last timesteps used by diffusers' test_inference_steps.
    expect([ts(25).at(-1), ts(26).at(-1), ts(50).at(-1)]).toEqual([39, 39, 19]);
    expect(ts(4, { original_inference_steps: 100 })).toEqual([999, 749, 499, 249]);
    expect(() => ts(51)).toThrow(/original_inference_steps/);
  });

  it('boundary scalings use timestep_scaling 10 and sigma_data 0.5', () => {
    const s = new LcmScheduler(base);
    const [cSkip, cOut] = s.boundaryScalings(999);
    expect(cSkip).toBeCloseTo(0.25 / (9990 ** 2 + 0.25), 12);
    expect(cOut).toBeCloseTo(9990 / Math.sqrt(9990 ** 2 + 0.25), 7);
    const [skip0, out0] = s.boundaryScalings(0);
    expect([skip0, out0]).toEqual([1, 0]);
  });

  it('needs opts.noise on every step but the last', () => {
    const s = createScheduler('lcm', base);
    s.setTimesteps(2);
    const x = dummySampleDeter();
    expect(() => s.step(x, s.timesteps[0], x)).toThrow(/opts\.noise/);
    const r = s.step(x, s.timesteps[0], x, { noise: new Float32Array(N) });
    const last = s.step(r.prevSample, s.timesteps[1], r.prevSample);
    expect(last.prevSample).toEqual(last.predOriginalSample);
  });
});
