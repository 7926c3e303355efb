// The scheduler factory, config handling and the shared noise tables. Per-scheduler reference
// loops live in schedulers-<kind>.test.ts.
import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  resolveSchedulerName,
  SCHEDULER_KINDS,
  type SchedulerKind,
} from '../../../engine/schedulers';
import { arange, roundHalfEven } from '../../../engine/schedulers/numeric';
import { linspaceF32, makeTables, trainingSigmas } from '../../../engine/schedulers/tables';
import { dummySampleDeter, N } from './helpers/diffusers-fixtures';
import { TorchCpuGenerator } from './helpers/torch-randn';

// stable-diffusion-v1-5/scheduler/scheduler_config.json
const SD15 = {
  _class_name: 'PNDMScheduler',
  _diffusers_version: '0.6.0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  num_train_timesteps: 1000,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
  clip_sample: false,
};

describe('createScheduler', () => {
  it.each(SCHEDULER_KINDS.map((k) => [k]))(
    'builds %s from the SD 1.5 config and runs a loop',
    (kind) => {
      const s = createScheduler(kind as SchedulerKind, SD15);
      s.setTimesteps(4);
      expect(s.timesteps).not.toHaveLength(0);
      let x: Float32Array = dummySampleDeter().map((v) => v * s.initNoiseSigma);
      const g = new TorchCpuGenerator(1);
      for (const t of s.timesteps) {
        const input = s.scaleModelInput(x, t);
        x = s.step(
          input.map((v) => v * 0.1),
          t,
          x,
          { noise: g.randn(N) },
        ).prevSample;
      }
      expect(x).toHaveLength(N);
      expect(x.every(Number.isFinite)).toBe(true);
    },
  );

  it('init noise sigma: 1 for the alpha-bar samplers, sigma_max for Euler', () => {
    for (const kind of ['ddim', 'pndm', 'lcm', 'dpmpp-2m'] as const) {
      expect(createScheduler(kind, SD15).initNoiseSigma).toBe(1);
    }
    const euler = createScheduler('euler', { ...SD15, timestep_spacing: 'linspace' });
    euler.setTimesteps(25);
    expect(euler.initNoiseSigma).toBeCloseTo(14.6146, 3);
  });

  it('addNoise on alpha-bar schedulers is sqrt(a) x + sqrt(1 - a) noise', () => {
    const { alphasCumprod } = makeTables({
      numTrainTimesteps: 1000,
      betaStart: 0.00085,
      betaEnd: 0.012,
      betaSchedule: 'scaled_linear',
      rescaleBetasZeroSnr: false,
    });
    const x = new Float32Array(N).fill(1);
    const zero = new Float32Array(N);
    for (const kind of ['ddim', 'pndm', 'lcm'] as const) {
      const s = createScheduler(kind, SD15);
      expect(s.addNoise(x, zero, 500)[0]).toBe(Math.fround(Math.sqrt(alphasCumprod[500])));
      expect(s.addNoise(zero, x, 500)[0]).toBe(
        Math.fround(Math.sqrt(Math.fround(1 - alphasCumprod[500]))),
      );
      expect(() => s.addNoise(x, zero, 1000)).toThrow(/training timestep/);
      expect(() => s.addNoise(x, new Float32Array(3), 10)).toThrow(/length/);
    }
  });

  it('rejects unknown kinds and malformed config values with clear messages', () => {
    expect(() => createScheduler('heun' as SchedulerKind, {})).toThrow(/unknown scheduler kind/);
    expect(() => createScheduler('ddim', { beta_schedule: 'cubic' })).toThrow(
      /beta_schedule.*linear/,
    );
    expect(() => createScheduler('euler', { num_train_timesteps: '1000' })).toThrow(
      /num_train_timesteps/,
    );
    expect(() => createScheduler('dpmpp-2m', { use_karras_sigmas: 'yes' })).toThrow(
      /use_karras_sigmas/,
    );
    expect(() => createScheduler('dpmpp-2m', { algorithm_type: 'dpmsolver' })).toThrow(
      /algorithm_type/,
    );
    expect(() => createScheduler('ddim', {}).setTimesteps(1001)).toThrow(/cannot exceed/);
    expect(() => createScheduler('euler', {}).setTimesteps(0)).toThrow(/positive integer/);
  });
});

describe('oracle model reconstructs the clean sample', () => {
  const x0 = dummySampleDeter().map((v) => v - 0.4);
  const n = new TorchCpuGenerator(3).randn(N);
  const maxErr = (a: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - x0[i])));

  it.each([
    ['ddim', {}],
    ['pndm', { skip_prk_steps: true }],
    ['pndm', { skip_prk_steps: false }],
  ] as const)('%s %j: constant true noise, final alpha-bar 1', (kind, extra) => {
    const s = createScheduler(kind, {
      ...SD15,
      ...extra,
      set_alpha_to_one: true,
      clip_sample: false,
    });
    s.setTimesteps(12);
    let x = s.addNoise(x0, n, s.timesteps[0]);
    for (const t of s.timesteps) x = s.step(n, t, x).prevSample;
    expect(maxErr(x)).toBeLessThan(1e-4);
  });

  it.each([
    ['euler', {}],
    ['euler', { use_karras_sigmas: true }],
    ['euler-ancestral', {}],
    ['lcm', {}],
    ['dpmpp-2m', { solver_order: 1 }],
    ['dpmpp-2m', { solver_order: 2, solver_type: 'heun', lower_order_final: false }],
    ['dpmpp-2m', { solver_order: 3, lower_order_final: false }],
    ['dpmpp-2m', { algorithm_type: 'sde-dpmsolver++', solver_order: 3, lower_order_final: false }],
  ] as const)('%s %j: x0-predicting model, zero injected noise', (kind, extra) => {
    const s = createScheduler(kind, { ...SD15, ...extra, prediction_type: 'sample' });
    s.setTimesteps(8);
    let x: Float32Array = n.map((v) => v * s.initNoiseSigma);
    const zero = new Float32Array(N);
    for (const t of s.timesteps) {
      s.scaleModelInput(x, t);
      x = s.step(x0, t, x, { noise: zero }).prevSample;
    }
    expect(maxErr(x)).toBeLessThan(1e-4);
  });
});

describe('resolveSchedulerName', () => {
  it('maps the CLI names', () => {
    expect(resolveSchedulerName('dpmpp-2m-karras')).toEqual({
      kind: 'dpmpp-2m',
      overrides: { use_karras_sigmas: true },
    });
    expect(resolveSchedulerName('euler-karras')).toEqual({
      kind: 'euler',
      overrides: { use_karras_sigmas: true },
    });
    for (const kind of SCHEDULER_KINDS)
      expect(resolveSchedulerName(kind)).toEqual({ kind, overrides: {} });
    expect(() => resolveSchedulerName('k_lms')).toThrow(/unknown scheduler "k_lms"/);
  });

  it('overrides apply on top of a model config', () => {
    const { kind, overrides } = resolveSchedulerName('euler-karras');
    const plain = createScheduler(kind, SD15);
    const karras = createScheduler(kind, { ...SD15, ...overrides });
    plain.setTimesteps(10);
    karras.setTimesteps(10);
    expect(karras.timesteps).not.toEqual(plain.timesteps);
  });
});

describe('noise tables', () => {
  it('SD 1.x scaled_linear: alpha-bar and the k-diffusion sigma range', () => {
    const t = makeTables({
      numTrainTimesteps: 1000,
      betaStart: 0.00085,
      betaEnd: 0.012,
      betaSchedule: 'scaled_linear',
      rescaleBetasZeroSnr: false,
    });
    // sqrt(beta_start) squared in float32 is not beta_start exactly.
    expect(t.betas[0]).toBeCloseTo(0.00085, 10);
    expect(t.alphasCumprod[0]).toBe(Math.fround(1 - t.betas[0]));
    expect(t.alphasCumprod[999]).toBeCloseTo(0.0047, 4);
    const sigmas = trainingSigmas(t.alphasCumprod);
    expect(sigmas[0]).toBeCloseTo(0.0292, 4);
    expect(sigmas[999]).toBeCloseTo(14.6146, 3);
  });

  it('torch.linspace in float32 hits both ends exactly', () => {
    const b = linspaceF32(0.0001, 0.02, 1000);
    expect(b[0]).toBe(Math.fround(0.0001));
    expect(b[999]).toBe(Math.fround(0.02));
  });

  it('zero terminal SNR rescale drives the last alpha-bar to 0 (Euler keeps 2^-24)', () => {
    const s = {
      numTrainTimesteps: 1000,
      betaStart: 0.00085,
      betaEnd: 0.012,
      betaSchedule: 'scaled_linear' as const,
      rescaleBetasZeroSnr: true,
    };
    expect(makeTables(s).alphasCumprod[999]).toBe(0);
    expect(makeTables(s, true).alphasCumprod[999]).toBe(2 ** -24);
  });

  it('NumPy rounding and arange semantics', () => {
    expect([0.5, 1.5, 2.5, -2.5, 499.5].map(roundHalfEven)).toEqual([0, 2, 2, -2, 500]);
    expect(arange(1000, 0, -1000 / 7)[4]).toBe(428.57142857142844);
  });

  it('the test helper reproduces torch.manual_seed(0); torch.randn(4, 4)', () => {
    const got = Array.from(new TorchCpuGenerator(0).randn(16), (v) => Number(v.toFixed(4)));
    expect(got).toEqual([
      -1.1258, -1.1524, -0.2506, -0.4339, 0.8487, 0.692, -0.316, -2.1152, 0.3223, -1.2633, 0.35,
      0.3081, 0.1198, 1.2377, 1.1168, -0.2473,
    ]);
  });
});
