// A user's Real-ESRGAN-style ONNX ([N, 3, H, W] in 0..1 → [N, 3, sH, sW]) plugs into the same
// runner: generated here with GraphBuilder as a 3×3 blur, a 1×1 conv and DepthToSpace (pixel
// shuffle), whose exact output is known.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, int, ints, str } from '../../../engine/models/builtin/graph-builder';
import { openUpscaler } from '../../../engine/upscale/model';
import { type PlanarImage, upscaleImage } from '../../../engine/upscale/upscale';
import { tempDir } from './helpers/engine-fixtures';

interface Variant {
  /** A 3×3 box blur (zero padding) before the shuffle. */
  blur?: boolean;
  /** A fixed input size instead of symbolic H and W. */
  fixed?: number;
  /** Leave out the pixel shuffle: 12 channels come out. */
  noShuffle?: boolean;
}

/** ×2: each channel copied into 4, then DepthToSpace (CRD) puts the copies side by side. */
function userModel(v: Variant = {}): GraphBuilder {
  const g = new GraphBuilder('user_realesrgan_like');
  const [h, w] = v.fixed ? [v.fixed, v.fixed] : ['height', 'width'];
  let x = g.input('input', 'float32', ['batch', 3, h, w]);
  if (v.blur)
    x = g.op('Conv', [x, g.f32(new Array(27).fill(1 / 9), [3, 1, 3, 3])], {
      group: int(3),
      kernel_shape: ints([3, 3]),
      pads: ints([1, 1, 1, 1]),
    });
  const copy = new Array(12 * 3).fill(0);
  for (let c = 0; c < 3; c++) for (let k = 0; k < 4; k++) copy[(c * 4 + k) * 3 + c] = 1;
  x = g.op('Conv', [x, g.f32(copy, [12, 3, 1, 1])]);
  if (!v.noShuffle) x = g.op('DepthToSpace', [x], { blocksize: int(2), mode: str('CRD') });
  const out = v.fixed ? [v.fixed * 2, v.fixed * 2] : ['out_height', 'out_width'];
  g.output(x, 'output', 'float32', ['batch', v.noShuffle ? 12 : 3, ...out]);
  return g;
}

/** What the blur-and-shuffle model computes, in JS. */
function expected(img: PlanarImage, blur: boolean): Float32Array {
  const { width: W, height: H, data } = img;
  const at = (c: number, y: number, x: number) =>
    y < 0 || y >= H || x < 0 || x >= W ? 0 : data[(c * H + y) * W + x];
  const out = new Float32Array(3 * 4 * W * H);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < 2 * H; y++)
      for (let x = 0; x < 2 * W; x++) {
        const sy = y >> 1;
        const sx = x >> 1;
        let v = at(c, sy, sx);
        if (blur) {
          v = 0;
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++) v += at(c, sy + dy, sx + dx) / 9;
        }
        out[(c * 2 * H + y) * 2 * W + x] = v;
      }
  return out;
}

/** `img` grown to width × height by repeating its last column and row. */
function repeatEdges(img: PlanarImage, width: number, height: number): PlanarImage {
  const data = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[(c * height + y) * width + x] =
          img.data[
            (c * img.height + Math.min(y, img.height - 1)) * img.width + Math.min(x, img.width - 1)
          ];
  return { width, height, data };
}

/** The top-left w × h of planar [3, H, W] data. */
function crop(data: Float32Array, W: number, H: number, w: number, h: number): Float32Array {
  const out = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < h; y++)
      out.set(data.subarray((c * H + y) * W, (c * H + y) * W + w), (c * h + y) * w);
  return out;
}

function image(width: number, height: number): PlanarImage {
  const data = new Float32Array(3 * width * height).map((_, i) => ((i * 37) % 101) / 100);
  return { width, height, data };
}

const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir('upscale-user-');
});
afterAll(() => root.cleanup());

async function folder(name: string, files: Record<string, Uint8Array>): Promise<string> {
  const dir = path.join(root.dir, name);
  await mkdir(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) await writeFile(path.join(dir, file), bytes);
  return dir;
}

describe('a Real-ESRGAN-style ONNX', () => {
  it('opens from its folder, finds its scale by a probe run and upscales tiled', async () => {
    const dir = await folder('realesr-blur', {
      'model.onnx': userModel({ blur: true }).build('').onnx,
    });
    const model = await openUpscaler(dir);
    try {
      expect([model.scale, model.fixedSize]).toEqual([2, undefined]);
      const img = image(45, 31);
      const tiled = await upscaleImage(model, img, { tile: 16, overlap: 2 });
      const whole = await upscaleImage(model, img, { tile: 64 });
      expect([tiled.tiles, whole.tiles, tiled.width, tiled.height]).toEqual([12, 1, 90, 62]);
      expect(maxDiff(tiled.data, expected(img, true))).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(whole.data, expected(img, true))).toBeLessThanOrEqual(1e-6);
    } finally {
      await model.release();
    }
  });

  it('with a fixed input size, runs every tile at that size (edges repeated in small images)', async () => {
    const dir = await folder('realesr-fixed', {
      'realesrgan-x2-16.onnx': userModel({ blur: true, fixed: 16 }).build('').onnx,
    });
    const model = await openUpscaler(dir);
    try {
      expect([model.scale, model.fixedSize]).toEqual([2, { height: 16, width: 16 }]);
      const large = image(40, 24);
      const tiled = await upscaleImage(model, large, { overlap: 2 });
      expect(tiled.tiles).toBe(3 * 2);
      expect(maxDiff(tiled.data, expected(large, true))).toBeLessThanOrEqual(1e-6);
      // A 10×12 image runs as one 16×16 tile: its last column and row repeated, then cropped.
      const small = image(10, 12);
      const padded = crop(expected(repeatEdges(small, 16, 16), true), 32, 32, 20, 24);
      expect(maxDiff((await upscaleImage(model, small)).data, padded)).toBeLessThanOrEqual(1e-6);
    } finally {
      await model.release();
    }
  });

  it('is refused when it is not an upscaler or its folder is ambiguous or unsafe', async () => {
    const plain = userModel().build('').onnx;
    const notUpscaler = await folder('twelve', {
      'model.onnx': userModel({ noShuffle: true }).build('').onnx,
    });
    await expect(openUpscaler(notUpscaler, { label: 'twelve' })).rejects.toMatchObject({
      code: 'model_corrupt',
      message: 'twelve is not an upscaler: a [1, 3, 32, 32] input gave [1, 12, 32, 32]',
    });
    const two = await folder('two', { 'a.onnx': plain, 'b.onnx': plain });
    await expect(openUpscaler(two, { label: 'two' })).rejects.toMatchObject({
      code: 'model_missing_file',
      message: 'two holds several .onnx files (a.onnx, b.onnx) and no model.onnx',
    });
    const outside = userModel().build('', { location: '../weights.bin', minBytes: 0 });
    await writeFile(path.join(root.dir, 'weights.bin'), outside.data!);
    const escaping = await folder('escaping', { 'model.onnx': outside.onnx });
    await expect(openUpscaler(escaping, { label: 'escaping' })).rejects.toMatchObject({
      code: 'model_unsafe_path',
      message: 'escaping refers to weights outside its folder (../weights.bin)',
    });
  });
});
