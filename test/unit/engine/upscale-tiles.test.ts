// Tiled upscaling: the tile plan covers the image exactly once with enough context, and a tiled
// run of the converted ESRGAN slim model reproduces the whole-image run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEsrganSlim } from '../../../engine/upscale/esrgan-slim';
import { openUpscaler, type UpscaleModel } from '../../../engine/upscale/model';
import { spans } from '../../../engine/upscale/tiles';
import {
  type PlanarImage,
  planarToRgb,
  rgbToPlanar,
  type TileModel,
  upscaleImage,
} from '../../../engine/upscale/upscale';
import { tempDir } from './helpers/engine-fixtures';

/** A picture-like test image: smooth gradients, a disc with a hard edge and some texture. */
function testImage(width: number, height: number): PlanarImage {
  const data = new Float32Array(3 * width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (height * 0.3) ** 2 ? 0.5 : 0;
      const texture = 0.1 * Math.sin(x * 1.7) * Math.cos(y * 2.3);
      const p = y * width + x;
      data[p] = Math.min(1, x / width + disc);
      data[width * height + p] = Math.max(0, y / height - disc + texture);
      data[2 * width * height + p] = 0.5 + texture;
    }
  return { width, height, data };
}

const maxDiff = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/** Nearest-neighbour upscaling in JS, for checking where tiles land. */
const nearest = (scale: number): TileModel => ({
  scale,
  async run(tile, height, width) {
    const out = new Float32Array(3 * height * width * scale * scale);
    const W = width * scale;
    const H = height * scale;
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++)
          out[(c * H + y) * W + x] =
            tile[(c * height + Math.floor(y / scale)) * width + Math.floor(x / scale)];
    return out;
  },
});

describe('tile plan', () => {
  it('covers every length exactly once, with the overlap as context', () => {
    const bad: string[] = [];
    for (const [tile, overlap] of [
      [20, 0],
      [33, 5],
      [64, 9],
      [128, 16],
    ])
      for (let length = 1; length <= 300; length++) {
        const s = spans(length, tile, overlap);
        let covered = 0;
        for (const span of s) {
          const ok =
            span.keepStart === covered &&
            span.end - span.start === Math.min(tile, length) &&
            span.start >= 0 &&
            span.end <= length &&
            (span.start === 0 || span.keepStart - span.start >= overlap) &&
            (span.end === length || span.end - span.keepEnd >= overlap);
          if (!ok)
            bad.push(`length ${length}, tile ${tile}, overlap ${overlap}: ${JSON.stringify(span)}`);
          covered = span.keepEnd;
        }
        if (covered !== length) bad.push(`length ${length}, tile ${tile}: covers ${covered}`);
      }
    expect(bad).toEqual([]);
  });

  it('refuses a tile no larger than twice the overlap', () => {
    expect(() => spans(100, 32, 16)).toThrow(
      'tile (32) must be larger than twice the overlap (16)',
    );
  });

  it('puts every tile where it belongs (checked with nearest-neighbour upscaling)', async () => {
    const img = testImage(53, 37);
    const whole = await upscaleImage(nearest(3), img, { tile: 64, overlap: 4 });
    const tiled = await upscaleImage(nearest(3), img, { tile: 16, overlap: 4 });
    expect([whole.tiles, tiled.tiles]).toEqual([1, 24]);
    expect([tiled.width, tiled.height]).toEqual([159, 111]);
    expect(maxDiff(whole.data, tiled.data)).toBe(0);
  });

  it('takes 8-bit RGB as well as planar floats, and stops when cancelled', async () => {
    const rgb = planarToRgb(testImage(20, 12));
    const fromBytes = await upscaleImage(nearest(2), rgb, { tile: 16, overlap: 2 });
    const fromPlanar = await upscaleImage(nearest(2), rgbToPlanar(rgb), { tile: 16, overlap: 2 });
    expect(fromBytes.data).toEqual(fromPlanar.data);
    const back = planarToRgb(fromBytes);
    expect(back.rgb.length).toBe(40 * 24 * 3);
    expect(back.rgb[0]).toBe(rgb.rgb[0]);
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cancelFlag, 0, 1);
    await expect(upscaleImage(nearest(2), rgb, { cancelFlag })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});

describe('tiled ESRGAN slim', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let model: UpscaleModel;
  let radius: number;
  beforeAll(async () => {
    root = await tempDir('upscale-tiles-');
    const installed = await ensureEsrganSlim(root.dir, 4);
    radius = installed.manifest.receptiveRadius;
    model = await openUpscaler(installed.file);
  });
  afterAll(async () => {
    await model.release();
    await root.cleanup();
  });

  it('reproduces the whole-image run exactly when the overlap is the receptive radius', async () => {
    const img = testImage(100, 76);
    const whole = await upscaleImage(model, img, { tile: 128 });
    const tiled = await upscaleImage(model, img, { tile: 40, overlap: radius });
    expect([whole.tiles, tiled.tiles]).toEqual([1, 12]);
    const exact = maxDiff(whole.data, tiled.data);
    // One pixel less context: the radius is tight and the bound is not met by accident.
    const short = maxDiff(
      whole.data,
      (await upscaleImage(model, img, { tile: 40, overlap: radius - 1 })).data,
    );
    console.log(
      `x4, 100×76 in 40-pixel tiles: max |tiled - whole| = ${exact.toExponential(2)} with overlap ${radius}, ${short.toExponential(2)} with ${radius - 1}`,
    );
    expect(exact).toBeLessThanOrEqual(1e-6);
    expect(short).toBeGreaterThan(1e-6);
  });
});
