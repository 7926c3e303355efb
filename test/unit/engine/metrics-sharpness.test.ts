import { describe, expect, it } from 'vitest';
import { EngineError } from '@/engine/errors';
import { sharpness } from '@/engine/metrics';
import type { RgbImage } from '@/engine/pipelines/types';

const image = (width: number, height: number, grey: (x: number, y: number) => number): RgbImage => {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      rgb.fill(grey(x, y), (y * width + x) * 3, (y * width + x + 1) * 3);
  return { width, height, rgb };
};

const checkerboard = (side: number, cell = 1) =>
  image(side, side, (x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 255 : 0));

/** A 3×3 box blur with the edge pixels repeated. */
function blur(img: RgbImage): RgbImage {
  const { width: w, height: h } = img;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  return image(w, h, (x, y) => {
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        sum += img.rgb[(clamp(y + dy, h) * w + clamp(x + dx, w)) * 3];
    return Math.round(sum / 9);
  });
}

describe('Laplacian variance', () => {
  it('is 0 on a flat image, whatever its colour', () => {
    expect(sharpness(image(32, 20, () => 137)).laplacianVariance).toBe(0);
    const teal = { width: 8, height: 8, rgb: new Uint8Array(8 * 8 * 3) };
    for (let i = 0; i < 64; i++) teal.rgb.set([0, 128, 128], i * 3);
    expect(sharpness(teal).laplacianVariance).toBe(0);
  });

  it('matches the hand-computed value on a one-pixel checkerboard', () => {
    // Each interior 255 pixel has four 0 neighbours: 0·4 − 4·255 = −1020; each 0 pixel +1020.
    // A 6×6 board has 4×4 interior pixels, half of each, so the mean is 0 and the variance 1020².
    expect(sharpness(checkerboard(6)).laplacianVariance).toBe(1020 ** 2);
  });

  it('weighs the channels as Rec. 601 luma', () => {
    // Pure red squares on black: luma 0.299 × 255, so the checkerboard value scales by 0.299².
    const red = checkerboard(6);
    for (let i = 0; i < red.rgb.length; i += 3) red.rgb.fill(0, i + 1, i + 3);
    expect(sharpness(red).laplacianVariance).toBeCloseTo(1020 ** 2 * 0.299 ** 2, 6);
  });

  it('falls as the image is blurred', () => {
    const sharp = checkerboard(64, 4);
    const once = blur(sharp);
    const twice = blur(once);
    const v = [sharp, once, twice].map((i) => sharpness(i).laplacianVariance);
    expect(v[0]).toBeGreaterThan(v[1]);
    expect(v[1]).toBeGreaterThan(v[2]);
    expect(v[2]).toBeGreaterThan(0);
  });

  it('reports a region as if it were cropped out', () => {
    // Left half checkerboard, right half flat.
    const img = image(12, 6, (x, y) => (x < 6 ? ((x + y) % 2 ? 255 : 0) : 90));
    const result = sharpness(img, { region: { x: 0, y: 0, width: 6, height: 6 } });
    expect(result.region).toEqual({
      x: 0,
      y: 0,
      width: 6,
      height: 6,
      laplacianVariance: 1020 ** 2,
    });
    expect(
      sharpness(img, { region: { x: 6, y: 0, width: 6, height: 6 } }).region?.laplacianVariance,
    ).toBe(0);
    expect(result.laplacianVariance).toBeLessThan(1020 ** 2);
  });

  it('refuses regions outside the image, tiny images and short pixel buffers in one line', () => {
    const img = checkerboard(6);
    const refusals = [
      () => sharpness(img, { region: { x: 4, y: 0, width: 3, height: 3 } }),
      () => sharpness(checkerboard(2)),
      () => sharpness({ width: 6, height: 6, rgb: new Uint8Array(10) }),
      () => sharpness({ width: 0, height: 6, rgb: new Uint8Array(0) }),
    ];
    for (const refuse of refusals) {
      let error: unknown;
      try {
        refuse();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('invalid_request');
      expect((error as EngineError).message).not.toContain('\n');
    }
  });
});
