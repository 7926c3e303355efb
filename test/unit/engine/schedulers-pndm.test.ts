// PNDM against diffusers' tests/schedulers/test_scheduler_pndm.py (config: linear betas
// 0.0001..0.02 over 1000 steps; 10 steps through the Runge-Kutta warm-up, then PLMS).
import { describe, expect, it } from 'vitest';
import { createScheduler, PndmScheduler } from '../../../engine/schedulers';
import {
  dummyModel,
  dummySampleDeter,
  meanAbs,
  runLoop,
  sumAbs,
} from './helpers/diffusers-fixtures';

const base = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
};

describe('pndm', () => {
  it.each([
    ['default', {}, 198.1318, 0.258],
    ['v_prediction', { prediction_type: 'v_prediction' }, 67.3986, 0.0878],
    ['set_alpha_to_one', { set_alpha_to_one: true, beta_start: 0.01 }, 230.0399, 0.2995],
    ['no set_alpha_to_one', { set_alpha_to_one: false, beta_start: 0.01 }, 186.9482, 0.2434],
  ])('PRK + PLMS full loop (%s) matches diffusers', (_n, extra, sum, mean) => {
    const s = createScheduler('pndm', { ...base, ...extra });
    s.setTimesteps(10);
    const out = runLoop(s, dummySampleDeter(), s.timesteps);
    expect(Math.abs(sumAbs(out) - sum)).toBeLessThan(1e-2);
    expect(Math.abs(meanAbs(out) - mean)).toBeLessThan(1e-3);
  });

  it('PRK timesteps with steps_offset 1 match diffusers', () => {
    const s = new PndmScheduler({ ...base, steps_offset: 1 });
    s.setTimesteps(10);
    expect(s.timesteps).toEqual([
      901, 851, 851, 801, 801, 751, 751, 701, 701, 651, 651, 601, 601, 501, 401, 301, 201, 101, 1,
    ]);
    expect(s.prkTimesteps).toHaveLength(12);
  });

  it('skip_prk_steps (Stable Diffusion) repeats the second timestep once', () => {
    const sd = {
      beta_start: 0.00085,
      beta_end: 0.012,
      beta_schedule: 'scaled_linear',
      skip_prk_steps: true,
      steps_offset: 1,
    };
    const s = createScheduler('pndm', sd);
    s.setTimesteps(50);
    expect(s.timesteps.slice(0, 4)).toEqual([981, 961, 961, 941]);
    expect(s.timesteps).toHaveLength(51);
    expect(s.timesteps[50]).toBe(1);
    const out = runLoop(s, dummySampleDeter(), s.timesteps);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('skip_prk_steps: the repeated timestep redoes the first step with the averaged output', () => {
    const s = createScheduler('pndm', { ...base, skip_prk_steps: true });
    s.setTimesteps(10);
    const [t0, t1] = s.timesteps;
    const x = dummySampleDeter();
    const first = s.step(dummyModel(x, t0), t0, x).prevSample;
    const m0 = dummyModel(x, t0);
    const m1 = dummyModel(first, t1);
    const second = s.step(m1, t1, first).prevSample;
    // Same as one DDIM-like step from x at t0 with (m0 + m1) / 2.
    const ref = createScheduler('pndm', { ...base, skip_prk_steps: true });
    ref.setTimesteps(10);
    const avg = m0.map((v, i) => Math.fround(v + m1[i]) / 2);
    expect(second).toEqual(ref.step(avg, t0, x).prevSample);
  });

  it('step before setTimesteps is refused', () => {
    const x = dummySampleDeter();
    expect(() => new PndmScheduler(base).step(x, 1, x)).toThrow(/setTimesteps/);
  });
});
