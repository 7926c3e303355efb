import { describe, expect, it } from 'vitest';
import { EngineError } from '@/engine/errors';
import { ciede2000, dominantColours, paletteDistance, rgbToLab } from '@/engine/metrics';
import type { RgbImage } from '@/engine/pipelines/types';

type Rgb = [number, number, number];
const hexRgb = (hex: string): Rgb =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;

/** Horizontal bands of colour, `rows` pixels each, 64 pixels wide. */
function bands(...parts: Array<[string, number]>): RgbImage {
  const height = parts.reduce((s, [, rows]) => s + rows, 0);
  const rgb = new Uint8Array(64 * height * 3);
  let y = 0;
  for (const [hex, rows] of parts)
    for (let r = 0; r < rows; r++, y++)
      for (let x = 0; x < 64; x++) rgb.set(hexRgb(hex), (y * 64 + x) * 3);
  return { width: 64, height, rgb };
}

const PALETTE = ['#e63946', '#f1faee', '#1d3557'];

describe('dominant colours', () => {
  it('are exactly the colours of an image of fewer colours than clusters, with their shares', () => {
    expect(dominantColours(bands(['#e63946', 32], ['#f1faee', 20], ['#1d3557', 12]))).toEqual([
      { hex: '#e63946', share: 0.5, lab: expect.any(Array) },
      { hex: '#f1faee', share: 20 / 64, lab: expect.any(Array) },
      { hex: '#1d3557', share: 12 / 64, lab: expect.any(Array) },
    ]);
  });

  it('are the same on every run and sum to 1 on a noisy image', () => {
    const img = bands(['#e63946', 40], ['#1d3557', 40], ['#a8dadc', 48]);
    let state = 7;
    for (let i = 0; i < img.rgb.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      img.rgb[i] = Math.min(255, Math.max(0, img.rgb[i] + ((state >>> 16) % 41) - 20));
    }
    const first = dominantColours(img);
    expect(first).toHaveLength(5);
    expect(dominantColours(img)).toEqual(first);
    expect(first.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
  });

  it('samples a large image on a 64 × 64 grid', () => {
    const big = bands(['#e63946', 512], ['#1d3557', 512]);
    const wide = { width: 64 * 16, height: 1024, rgb: new Uint8Array(1024 * 1024 * 3) };
    for (let y = 0; y < 1024; y++)
      for (let k = 0; k < 16; k++)
        wide.rgb.set(big.rgb.subarray(y * 192, y * 192 + 192), (y * 1024 + k * 64) * 3);
    expect(dominantColours(wide).map((c) => [c.hex, c.share])).toEqual([
      ['#1d3557', 0.5],
      ['#e63946', 0.5],
    ]);
  });
});

describe('palette distance (CIEDE2000, weighted by share)', () => {
  it('is 0 for an image made of the palette colours', () => {
    const result = paletteDistance(bands(['#1d3557', 30], ['#e63946', 34]), PALETTE);
    expect(result.deltaE).toBe(0);
    expect(result.colours.map((c) => [c.hex, c.nearest, c.deltaE])).toEqual([
      ['#e63946', '#e63946', 0],
      ['#1d3557', '#1d3557', 0],
    ]);
  });

  it('is the ΔE00 of a shifted colour to its nearest palette colour, weighted by its share', () => {
    // The conversion and the difference are each checked against published values in
    // metrics-colour.test.ts; here the weighting and the nearest-colour choice are.
    const shifted = '#f05060';
    const expected = ciede2000(rgbToLab(hexRgb(shifted)), rgbToLab(hexRgb('#e63946')));
    expect(expected).toBeGreaterThan(3);
    expect(expected).toBeLessThan(10);
    const flat = paletteDistance(bands([shifted, 64]), PALETTE);
    expect(flat.deltaE).toBeCloseTo(expected, 12);
    expect(flat.colours).toEqual([
      { hex: shifted, share: 1, nearest: '#e63946', deltaE: flat.deltaE },
    ]);
    const half = paletteDistance(bands([shifted, 32], ['#f1faee', 32]), PALETTE);
    expect(half.deltaE).toBeCloseTo(expected / 2, 12);
  });

  it('accepts #rgb and upper case, and refuses anything else in one line', () => {
    expect(paletteDistance(bands(['#ffffff', 64]), ['#FFF']).deltaE).toBe(0);
    for (const palette of [[], ['red'], ['#12345']]) {
      const refuse = () => paletteDistance(bands(['#ffffff', 8]), palette);
      expect(refuse).toThrow(EngineError);
      expect(refuse).toThrow(/^palette/);
    }
  });
});
