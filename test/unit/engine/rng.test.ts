// The seeded Gaussian generator: pinned values (a seed must mean the same latents everywhere),
// its portable logarithm, and its statistics.
import { describe, expect, it } from 'vitest';
import { GaussianRng, portableLn, RNG_NAME } from '../../../engine/rng';

describe('GaussianRng', () => {
  it('gives the pinned normal-v1 values', () => {
    expect(RNG_NAME).toBe('normal-v1');
    expect(Array.from(new GaussianRng(0).normals(4))).toEqual([
      0.12177618592977524, 0.4934249222278595, -0.5381877422332764, 1.6753298044204712,
    ]);
    expect(Array.from(new GaussianRng(42).normals(4))).toEqual([
      0.3187578618526459, -0.7706159949302673, 0.15178267657756805, -0.12624146044254303,
    ]);
    expect(Array.from(new GaussianRng(4294967295).normals(2))).toEqual([
      -1.3691942691802979, 0.21788595616817474,
    ]);
    const g = new GaussianRng(7);
    expect([g.nextUint32(), g.nextUint32(), g.nextUniform()]).toEqual([
      1004282400, 2200021487, 0.44891458133395923,
    ]);
  });

  it('is a stream: two draws of n equal one draw of 2n', () => {
    const a = new GaussianRng(9);
    const joined = [...a.normals(5), ...a.normals(6)];
    expect(joined).toEqual(Array.from(new GaussianRng(9).normals(11)));
  });

  it('has mean 0 and variance 1, and seeds differ', () => {
    const xs = new GaussianRng(123).normals(200_000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
    const within1 = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
    expect(within1).toBeCloseTo(0.6827, 2);
    expect(new GaussianRng(1).normals(8)).not.toEqual(new GaussianRng(2).normals(8));
  });

  it('refuses seeds outside 0 .. 2^32 - 1', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(() => new GaussianRng(bad)).toThrow(/seed must be an integer/);
  });
});

describe('portableLn', () => {
  it('agrees with Math.log to the last bit or two', () => {
    for (const x of [
      1e-300,
      1e-12,
      0.001,
      0.3,
      0.5,
      0.7071,
      1,
      1.0000001,
      1.5,
      2,
      Math.E,
      10,
      12345.678,
      1e300,
    ]) {
      expect(Math.abs(portableLn(x) - Math.log(x))).toBeLessThanOrEqual(
        4e-16 * Math.max(1, Math.abs(Math.log(x))),
      );
    }
    expect(portableLn(1)).toBe(0);
    expect(() => portableLn(0)).toThrow(RangeError);
  });
});
