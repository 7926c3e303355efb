// DDIM against the reference numbers of diffusers' tests/schedulers/test_scheduler_ddim.py
// (config: linear betas 0.0001..0.02 over 1000 steps, clip_sample true; 10 steps, eta 0).
import { describe, expect, it } from 'vitest';
import { createScheduler, DdimScheduler } from '../../../engine/schedulers';
import {
  dummyNoiseDeter,
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
  clip_sample: true,
};

function fullLoop(extra: Record<string, unknown> = {}): Float32Array {
  const s = createScheduler('ddim', { ...base, ...extra });
  s.setTimesteps(10);
  return runLoop(s, dummySampleDeter(), s.timesteps, { eta: 0 });
}

describe('ddim', () => {
  it.each([
    ['default', {}, 172.0067, 0.223967],
    ['v_prediction', { prediction_type: 'v_prediction' }, 52.5302, 0.0684],
    ['set_alpha_to_one', { set_alpha_to_one: true, beta_start: 0.01 }, 149.8295, 0.1951],
    ['no set_alpha_to_one', { set_alpha_to_one: false, beta_start: 0.01 }, 149.0784, 0.1941],
  ])('full loop (%s) matches diffusers', (_name, extra, sum, mean) => {
    const out = fullLoop(extra);
    expect(Math.abs(sumAbs(out) - sum)).toBeLessThan(1e-2);
    expect(Math.abs(meanAbs(out) - mean)).toBeLessThan(1e-3);
  });

  it('full loop after add_noise at the 9th timestep matches diffusers', () => {
    const s = createScheduler('ddim', base);
    s.setTimesteps(10);
    const ts = s.timesteps.slice(8);
    const start = s.addNoise(dummySampleDeter(), dummyNoiseDeter(), ts[0]);
    const out = runLoop(s, start, ts, { eta: 0 });
    expect(Math.abs(sumAbs(out) - 354.5418)).toBeLessThan(1e-2);
    expect(Math.abs(meanAbs(out) - 0.4616)).toBeLessThan(1e-3);
  });

  it('posterior variance matches diffusers', () => {
    const s = new DdimScheduler(base);
    expect(s.variance(0, 0)).toBe(0);
    expect(Math.abs(s.variance(420, 400) - 0.14771)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(980, 960) - 0.3246)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(487, 486) - 0.00979)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(999, 998) - 0.02)).toBeLessThan(1e-5);
  });

  it('timesteps: steps_offset and spacing modes', () => {
    const s = createScheduler('ddim', { ...base, steps_offset: 1 });
    s.setTimesteps(5);
    expect(s.timesteps).toEqual([801, 601, 401, 201, 1]);
    s.setTimesteps(50);
    expect(s.timesteps).toEqual(Array.from({ length: 50 }, (_, i) => 981 - 20 * i));
    const trailing = createScheduler('ddim', { ...base, timestep_spacing: 'trailing' });
    trailing.setTimesteps(10);
    expect(trailing.timesteps).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    const leading = createScheduler('ddim', base);
    leading.setTimesteps(10);
    expect(leading.timesteps).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
    const linspace = createScheduler('ddim', { ...base, timestep_spacing: 'linspace' });
    linspace.setTimesteps(10);
    expect(linspace.timesteps).toEqual([999, 888, 777, 666, 555, 444, 333, 222, 111, 0]);
  });

  it('eta > 0 adds std_dev * noise and requires the noise', () => {
    const s = createScheduler('ddim', base);
    s.setTimesteps(10);
    const x = dummySampleDeter();
    const m = x.map((v) => v * 0.5);
    expect(() => s.step(m, 900, x, { eta: 1 })).toThrow(/opts\.noise/);
    const zero = s.step(m, 900, x, { eta: 1, noise: new Float32Array(x.length) }).prevSample;
    const ones = s.step(m, 900, x, {
      eta: 1,
      noise: new Float32Array(x.length).fill(1),
    }).prevSample;
    const std = Math.sqrt((s as DdimScheduler).variance(900, 800));
    expect(ones[5] - zero[5]).toBeCloseTo(std, 6);
    // eta = 0 ignores noise entirely.
    const det = s.step(m, 900, x, { eta: 0 }).prevSample;
    const detWithNoise = s.step(m, 900, x, { eta: 0, noise: ones.fill(3) }).prevSample;
    expect(detWithNoise).toEqual(det);
  });

  it('init_noise_sigma is 1 and scaleModelInput is the identity', () => {
    const s = createScheduler('ddim', base);
    const x = dummySampleDeter();
    expect(s.initNoiseSigma).toBe(1);
    expect(s.scaleModelInput(x, 1)).toBe(x);
  });
});
