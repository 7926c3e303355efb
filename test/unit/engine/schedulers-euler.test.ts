// Euler and Euler ancestral against diffusers' tests/schedulers/test_scheduler_euler.py and
// test_scheduler_euler_ancestral.py (config: 1100 training steps, linear betas 0.0001..0.02;
// 10 steps; the sample is replaced by scale_model_input before each step, as those tests do).
import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  EulerAncestralScheduler,
  EulerScheduler,
  type Scheduler,
} from '../../../engine/schedulers';
import {
  dummyNoiseDeter,
  dummySampleDeter,
  meanAbs,
  N,
  runLoop,
  scale,
  sumAbs,
} from './helpers/diffusers-fixtures';
import { TorchCpuGenerator } from './helpers/torch-randn';

const base = {
  num_train_timesteps: 1100,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
};

function fullLoop(s: Scheduler, noise?: () => Float32Array): Float32Array {
  s.setTimesteps(10);
  return runLoop(s, scale(dummySampleDeter(), s.initNoiseSigma), s.timesteps, {
    scaleInput: true,
    noise,
  });
}

function withAddedNoise(s: Scheduler, noise?: () => Float32Array): Float32Array {
  s.setTimesteps(10);
  const ts = s.timesteps.slice(8);
  const start = s.addNoise(scale(dummySampleDeter(), s.initNoiseSigma), dummyNoiseDeter(), ts[0]);
  return runLoop(s, start, ts, { scaleInput: true, noise });
}

function expectClose(out: Float32Array, sum: number, mean: number): void {
  expect(Math.abs(sumAbs(out) - sum)).toBeLessThan(1e-2);
  expect(Math.abs(meanAbs(out) - mean)).toBeLessThan(1e-3);
}

describe('euler', () => {
  it.each([
    ['default', {}, 10.0807, 0.0131],
    ['v_prediction', { prediction_type: 'v_prediction' }, 0.0002, 2.2676e-6],
    ['karras sigmas', { use_karras_sigmas: true }, 124.52299499511719, 0.16213932633399963],
  ])('full loop (%s) matches diffusers', (_n, extra, sum, mean) => {
    expectClose(fullLoop(createScheduler('euler', { ...base, ...extra })), sum, mean);
  });

  it('full loop after add_noise matches diffusers', () => {
    expectClose(withAddedNoise(createScheduler('euler', base)), 57062.9297, 74.3007);
  });

  it('linspace timesteps stay fractional float32 values', () => {
    const s = createScheduler('euler', base);
    s.setTimesteps(10);
    expect(s.timesteps[0]).toBe(1099);
    expect(s.timesteps[1]).toBe(Math.fround(976.8888888888889));
    expect(s.timesteps[9]).toBe(0);
  });

  it('init_noise_sigma: max sigma, or sqrt(max^2 + 1) with leading spacing', () => {
    const sd = { beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear' };
    const linspace = createScheduler('euler', sd);
    linspace.setTimesteps(30);
    // SD 1.x: sigma_max = 14.6146...
    expect(linspace.initNoiseSigma).toBeCloseTo(14.6146, 3);
    const leading = new EulerScheduler({ ...sd, timestep_spacing: 'leading', steps_offset: 1 });
    leading.setTimesteps(30);
    expect(leading.timesteps.slice(0, 3)).toEqual([958, 925, 892]);
    const max = leading.sigmas[0];
    expect(leading.initNoiseSigma).toBe(Math.fround(Math.sqrt(Math.fround(max * max) + 1)));
  });

  it('addNoise adds sigma * noise for a timestep of the schedule and rejects others', () => {
    const s = createScheduler('euler', base);
    s.setTimesteps(10);
    const zero = new Float32Array(N);
    const ones = new Float32Array(N).fill(1);
    const noised = s.addNoise(zero, ones, s.timesteps[0]);
    expect(noised[0]).toBe(Math.fround(s.initNoiseSigma));
    expect(() => s.addNoise(zero, ones, 12.5)).toThrow(/not in the scheduler's timesteps/);
  });
});

describe('euler ancestral', () => {
  const seeded = () => {
    const g = new TorchCpuGenerator(0);
    return () => g.randn(N);
  };

  it('full loop with torch.manual_seed(0) noise matches diffusers', () => {
    expectClose(fullLoop(createScheduler('euler-ancestral', base), seeded()), 152.3192, 0.1983);
  });

  it('v_prediction full loop matches diffusers', () => {
    const s = createScheduler('euler-ancestral', { ...base, prediction_type: 'v_prediction' });
    expectClose(fullLoop(s, seeded()), 108.4439, 0.1412);
  });

  it('full loop after add_noise matches diffusers', () => {
    expectClose(
      withAddedNoise(createScheduler('euler-ancestral', base), seeded()),
      56163.0508,
      73.129,
    );
  });

  it('needs opts.noise except on the last step, where sigma_up is 0', () => {
    const s = createScheduler('euler-ancestral', base);
    s.setTimesteps(2);
    const x = dummySampleDeter();
    expect(() => s.step(x, s.timesteps[0], x)).toThrow(/opts\.noise/);
    const s2 = createScheduler('euler-ancestral', base);
    s2.setTimesteps(2);
    s2.step(x, s2.timesteps[0], x, { noise: new Float32Array(N) });
    expect(() => s2.step(x, s2.timesteps[1], x)).not.toThrow();
  });

  it('with zero noise is an Euler step to sigma_down = sigma_next^2 / sigma', () => {
    const s = new EulerAncestralScheduler(base);
    s.setTimesteps(10);
    const x = dummySampleDeter();
    const [from, to] = [s.sigmas[0], s.sigmas[1]];
    // epsilon prediction with model output = sample: the derivative is the sample itself.
    const out = s.step(x, s.timesteps[0], x, { noise: new Float32Array(N) }).prevSample;
    const down = (to * to) / from;
    for (const k of [1, 100, 700]) expect(out[k]).toBeCloseTo(x[k] * (1 + down - from), 4);
  });
});
