// DPM-Solver++ 2M against diffusers' tests/schedulers/test_scheduler_dpm_multi.py (config:
// linear betas 0.0001..0.02, solver_order 2, midpoint, lower_order_final false,
// final_sigmas_type sigma_min; 10 steps).
import { describe, expect, it } from 'vitest';
import { createScheduler, DpmSolverMultistepScheduler } from '../../../engine/schedulers';
import {
  dummyNoiseDeter,
  dummySampleDeter,
  meanAbs,
  N,
  runLoop,
  sumAbs,
} from './helpers/diffusers-fixtures';

const base = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
  solver_order: 2,
  prediction_type: 'epsilon',
  thresholding: false,
  sample_max_value: 1.0,
  algorithm_type: 'dpmsolver++',
  solver_type: 'midpoint',
  lower_order_final: false,
  euler_at_final: false,
  variance_type: null,
  final_sigmas_type: 'sigma_min',
};

function fullLoop(extra: Record<string, unknown> = {}, steps = 10): Float32Array {
  const s = createScheduler('dpmpp-2m', { ...base, ...extra });
  s.setTimesteps(steps);
  return runLoop(s, dummySampleDeter(), s.timesteps);
}

describe('dpmpp-2m', () => {
  it.each([
    ['default', {}, 0.3301],
    ['v_prediction', { prediction_type: 'v_prediction' }, 0.2251],
    ['karras + v_prediction', { prediction_type: 'v_prediction', use_karras_sigmas: true }, 0.2096],
    [
      'lu lambdas + v_prediction',
      { prediction_type: 'v_prediction', use_lu_lambdas: true },
      0.1554,
    ],
    [
      'dynamic thresholding',
      { thresholding: true, dynamic_thresholding_ratio: 0.87, sample_max_value: 0.5 },
      1.1364,
    ],
  ])('full loop (%s) matches diffusers', (_n, extra, mean) => {
    expect(Math.abs(meanAbs(fullLoop(extra)) - mean)).toBeLessThan(1e-3);
  });

  it('full loop after add_noise at the 6th timestep matches diffusers', () => {
    const s = createScheduler('dpmpp-2m', base);
    s.setTimesteps(10);
    const ts = s.timesteps.slice(5);
    const start = s.addNoise(dummySampleDeter(), dummyNoiseDeter(), ts[0]);
    const out = runLoop(s, start, ts);
    expect(Math.abs(sumAbs(out) - 318.4111)).toBeLessThan(1e-2);
    expect(Math.abs(meanAbs(out) - 0.4146)).toBeLessThan(1e-3);
  });

  it('a config saved by DEIS/UniPC (algorithm "deis", solver "bh2") maps onto DPM++ 2M', () => {
    const out = fullLoop({ algorithm_type: 'deis', solver_type: 'bh2' });
    expect(Math.abs(meanAbs(out) - 0.3301)).toBeLessThan(1e-3);
  });

  it('timesteps: linspace over n + 1 points without the last', () => {
    const s = createScheduler('dpmpp-2m', {});
    s.setTimesteps(10);
    // 499.5 rounds half to even, as np.round does.
    expect(s.timesteps).toEqual([999, 899, 799, 699, 599, 500, 400, 300, 200, 100]);
    const trailing = createScheduler('dpmpp-2m', { timestep_spacing: 'trailing' });
    trailing.setTimesteps(10);
    expect(trailing.timesteps).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    const leading = createScheduler('dpmpp-2m', { timestep_spacing: 'leading', steps_offset: 1 });
    leading.setTimesteps(10);
    expect(leading.timesteps).toEqual([901, 811, 721, 631, 541, 451, 361, 271, 181, 91]);
  });

  it("lambda_min_clipped -Infinity (diffusers' default, as its configs save it) clips nothing", () => {
    const sd = { beta_schedule: 'scaled_linear', beta_start: 0.00085, beta_end: 0.012 };
    const timesteps = (extra: Record<string, unknown>) => {
      const s = new DpmSolverMultistepScheduler({ ...sd, ...extra });
      s.setTimesteps(10);
      return { timesteps: s.timesteps, sigmas: Array.from(s.sigmas) };
    };
    const clipped = timesteps({ lambda_min_clipped: -Infinity });
    expect(clipped).toEqual(timesteps({}));
    expect(clipped.timesteps).toEqual([999, 899, 799, 699, 599, 500, 400, 300, 200, 100]);
    for (const spacing of ['leading', 'trailing'])
      expect(timesteps({ timestep_spacing: spacing, lambda_min_clipped: -Infinity })).toEqual(
        timesteps({ timestep_spacing: spacing }),
      );
  });

  // Expected values from diffusers' set_timesteps re-run in numpy float32: searchsorted of
  // lambda_min_clipped in the flipped lambda_t counts the clipped top timesteps (no lambda_t lies
  // within 0.002 of either threshold, so float rounding cannot move the cut).
  it.each([
    [
      'scaled_linear, -2.5 (31 timesteps clipped)',
      { beta_schedule: 'scaled_linear', beta_start: 0.00085, beta_end: 0.012 },
      -2.5,
      [968, 871, 774, 678, 581, 484, 387, 290, 194, 97],
    ],
    [
      'squaredcos_cap_v2, -5.1 (4 timesteps clipped)',
      { beta_schedule: 'squaredcos_cap_v2' },
      -5.1,
      [995, 896, 796, 696, 597, 498, 398, 298, 199, 100],
    ],
  ])(
    'a finite lambda_min_clipped cuts the top of the schedule as diffusers does (%s)',
    (_n, sched, lambda, expected) => {
      const s = createScheduler('dpmpp-2m', { ...sched, lambda_min_clipped: lambda });
      s.setTimesteps(10);
      expect(s.timesteps).toEqual(expected);
    },
  );

  it('refuses NaN and +Infinity for lambda_min_clipped, and infinities where diffusers has none', () => {
    expect(() => createScheduler('dpmpp-2m', { lambda_min_clipped: Number.NaN })).toThrow(
      'scheduler config: "lambda_min_clipped" must be a finite number or -Infinity, got NaN',
    );
    expect(() => createScheduler('dpmpp-2m', { lambda_min_clipped: Infinity })).toThrow(
      /got Infinity/,
    );
    expect(() => createScheduler('dpmpp-2m', { beta_end: Infinity })).toThrow(
      'scheduler config: "beta_end" must be a finite number, got Infinity',
    );
    // Another scheduler ignores the key, as diffusers' from_config does.
    expect(() => createScheduler('euler', { lambda_min_clipped: -Infinity })).not.toThrow();
  });

  it('karras timesteps are integers, descending, from sigma_max to sigma_min', () => {
    const s = new DpmSolverMultistepScheduler({
      use_karras_sigmas: true,
      beta_schedule: 'scaled_linear',
      beta_start: 0.00085,
      beta_end: 0.012,
    });
    s.setTimesteps(20);
    expect(s.timesteps[0]).toBe(999);
    expect(s.timesteps.every((t) => Number.isInteger(t))).toBe(true);
    expect(s.sigmas[0]).toBeCloseTo(14.6146, 3);
    expect(s.sigmas[19]).toBeCloseTo(0.0292, 3);
    expect(s.sigmas[20]).toBe(0);
  });

  it('lower_order_final only changes runs shorter than 15 steps', () => {
    const differs = (steps: number) => {
      const a = fullLoop({ lower_order_final: true }, steps);
      const b = fullLoop({ lower_order_final: false }, steps);
      return a.some((v, i) => v !== b[i]);
    };
    expect(differs(10)).toBe(true);
    expect(differs(20)).toBe(false);
  });

  it('with final_sigmas_type zero the last step returns the x0 estimate', () => {
    const s = createScheduler('dpmpp-2m', { final_sigmas_type: 'zero' });
    s.setTimesteps(5);
    let x = dummySampleDeter();
    let last;
    for (const t of s.timesteps) {
      const m = x.map((v) => v * 0.3);
      last = s.step(m, t, x);
      x = last.prevSample;
    }
    expect(last?.prevSample).toEqual(last?.predOriginalSample);
  });

  it('sde-dpmsolver++ requires opts.noise', () => {
    const s = createScheduler('dpmpp-2m', { algorithm_type: 'sde-dpmsolver++' });
    s.setTimesteps(5);
    const x = dummySampleDeter();
    expect(() => s.step(x, s.timesteps[0], x)).toThrow(/opts\.noise/);
    expect(s.step(x, s.timesteps[0], x, { noise: new Float32Array(N) }).prevSample).toHaveLength(N);
  });
});
