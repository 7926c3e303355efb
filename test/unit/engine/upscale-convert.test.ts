// The TF.js → ONNX converter against an independent reference: a plain-JS interpreter of the
// Keras layers in NHWC (direct convolution, 'same' zero padding, relu, concat, add, nearest
// upsampling) reading model.json and the weight shard itself. Also: malformed model.json files are
// refused with one clear line.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors';
import { ort } from '../../../engine/runtime/ort';
import { convertLayersModel } from '../../../engine/upscale/convert';
import {
  convertEsrganSlim,
  ensureEsrganSlim,
  esrganSlimPackageDir,
} from '../../../engine/upscale/esrgan-slim';
import { parseLayersModel } from '../../../engine/upscale/tfjs-layers';
import { readWeights } from '../../../engine/upscale/tfjs-weights';
import { tempDir } from './helpers/engine-fixtures';

interface Nhwc {
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

// The reference reads model.json as plain JSON, without the converter's schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function conv(x: Nhwc, kernel: Float32Array, bias: Float32Array | null, cfg: Json): Nhwc {
  const [kh, kw] = cfg.kernel_size as number[];
  const f = cfg.filters as number;
  const same = cfg.padding === 'same';
  const top = same ? Math.floor((kh - 1) / 2) : 0;
  const left = same ? Math.floor((kw - 1) / 2) : 0;
  const out: Nhwc = { h: x.h, w: x.w, c: f, data: new Float64Array(x.h * x.w * f) };
  for (let y = 0; y < x.h; y++)
    for (let xx = 0; xx < x.w; xx++)
      for (let o = 0; o < f; o++) {
        let acc = bias ? bias[o] : 0;
        for (let dy = 0; dy < kh; dy++) {
          const iy = y + dy - top;
          if (iy < 0 || iy >= x.h) continue;
          for (let dx = 0; dx < kw; dx++) {
            const ix = xx + dx - left;
            if (ix < 0 || ix >= x.w) continue;
            for (let i = 0; i < x.c; i++)
              acc += x.data[(iy * x.w + ix) * x.c + i] * kernel[((dy * kw + dx) * x.c + i) * f + o];
          }
        }
        out.data[(y * x.w + xx) * f + o] = cfg.activation === 'relu' ? Math.max(0, acc) : acc;
      }
  return out;
}

function concat(parts: Nhwc[]): Nhwc {
  const c = parts.reduce((n, p) => n + p.c, 0);
  const { h, w } = parts[0];
  const data = new Float64Array(h * w * c);
  for (let p = 0; p < h * w; p++) {
    let k = 0;
    for (const part of parts)
      for (let i = 0; i < part.c; i++) data[p * c + k++] = part.data[p * part.c + i];
  }
  return { h, w, c, data };
}

function upsample(x: Nhwc, sh: number, sw: number): Nhwc {
  const out: Nhwc = { h: x.h * sh, w: x.w * sw, c: x.c, data: new Float64Array(0) };
  out.data = new Float64Array(out.h * out.w * x.c);
  for (let y = 0; y < out.h; y++)
    for (let xx = 0; xx < out.w; xx++)
      for (let i = 0; i < x.c; i++)
        out.data[(y * out.w + xx) * x.c + i] =
          x.data[(Math.floor(y / sh) * x.w + Math.floor(xx / sw)) * x.c + i];
  return out;
}

/** Run model.json on an NHWC image in 0..255 and return the output layer's tensor. */
function reference(modelJson: Json, shard: Uint8Array, image: Nhwc): Nhwc {
  const weights = new Map<string, Float32Array>();
  const floats = new Float32Array(
    shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
  );
  let at = 0;
  for (const w of modelJson.weightsManifest[0].weights) {
    const n = (w.shape as number[]).reduce((a, b) => a * b, 1);
    weights.set(w.name, floats.subarray(at, at + n));
    at += n;
  }
  const cfg = modelJson.modelTopology.model_config.config;
  const values = new Map<string, Nhwc>();
  for (const layer of cfg.layers) {
    const ins: Nhwc[] = (layer.inbound_nodes[0] ?? []).map((ref: Json) => values.get(ref[0])!);
    const c = layer.config;
    let out: Nhwc;
    switch (layer.class_name) {
      case 'InputLayer':
        out = image;
        break;
      case 'Conv2D':
        out = conv(
          ins[0],
          weights.get(`${layer.name}/kernel`)!,
          c.use_bias ? weights.get(`${layer.name}/bias`)! : null,
          c,
        );
        break;
      case 'Activation':
        out = {
          ...ins[0],
          data: ins[0].data.map((v) => (c.activation === 'relu' ? Math.max(0, v) : v)),
        };
        break;
      case 'Concatenate':
        out = concat(ins);
        break;
      case 'Add':
        out = {
          ...ins[0],
          data: ins[0].data.map((v, i) => ins.reduce((s, t, k) => (k ? s + t.data[i] : s), v)),
        };
        break;
      case 'UpSampling2D':
        out = upsample(ins[0], c.size[0], c.size[1]);
        break;
      default:
        throw new Error(`reference: no ${layer.class_name}`);
    }
    values.set(layer.name, out);
  }
  return values.get(cfg.output_layers[0][0])!;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let root: { dir: string; cleanup: () => Promise<void> };
const pkg = esrganSlimPackageDir();
beforeAll(async () => {
  root = await tempDir('upscale-convert-');
});
afterAll(() => root.cleanup());

describe('TF.js layers → ONNX converter', () => {
  it.each([2, 3, 4, 8])('matches the reference interpreter for ESRGAN slim x%i', async (scale) => {
    const W = 12;
    const H = 10;
    const rand = random(scale);
    const planar = new Float32Array(3 * H * W).map(() => rand());
    const nhwc: Nhwc = { h: H, w: W, c: 3, data: new Float64Array(H * W * 3) };
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < H * W; p++) nhwc.data[p * 3 + c] = planar[c * H * W + p] * 255;

    const folder = path.join(pkg, 'models', `x${scale}`);
    const modelJson = JSON.parse(await readFile(path.join(folder, 'model.json'), 'utf8'));
    const expected = reference(
      modelJson,
      await readFile(path.join(folder, 'group1-shard1of1.bin')),
      nhwc,
    );
    expect([expected.h, expected.w, expected.c]).toEqual([H * scale, W * scale, 3]);

    const { files, manifest } = await convertEsrganSlim(scale);
    expect(manifest.scale).toBe(scale);
    const session = await ort.InferenceSession.create(files.get('model.onnx')!);
    const result = await session.run({ input: new ort.Tensor('float32', planar, [1, 3, H, W]) });
    await session.release();
    expect(result.output.dims).toEqual([1, 3, H * scale, W * scale]);
    const got = result.output.data as Float32Array;
    const plane = expected.h * expected.w;
    let maxDiff = 0;
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) {
        const want = Math.min(1, Math.max(0, expected.data[p * 3 + c] / 255));
        maxDiff = Math.max(maxDiff, Math.abs(got[c * plane + p] - want));
      }
    console.log(
      `esrgan-slim x${scale}: max |onnx - reference| = ${maxDiff.toExponential(2)} (0..1 scale)`,
    );
    expect(maxDiff).toBeLessThanOrEqual(1e-3);
  });
});

describe('malformed model.json', () => {
  const x4 = async () =>
    JSON.parse(await readFile(path.join(pkg, 'models', 'x4', 'model.json'), 'utf8'));
  const refusal = (json: unknown) => {
    try {
      parseLayersModel('x4/model.json', json);
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('model_corrupt');
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('refuses an unknown layer class, naming it', async () => {
    const json = await x4();
    json.modelTopology.model_config.config.layers[2].class_name = 'Dense';
    expect(refusal(json)).toBe(
      'x4/model.json: layer "F_0" is a Dense, which the converter does not support (supported: InputLayer, Conv2D, Activation, Concatenate, Add, UpSampling2D)',
    );
  });

  it('refuses configurations it cannot translate exactly', async () => {
    const at = (layers: Json[], name: string) => layers.find((l) => l.name === name);
    const cases: Array<[(layers: Json[]) => void, RegExp]> = [
      [
        (l) => (at(l, 'F_m1').config.strides = [2, 2]),
        /layer "F_m1" \(Conv2D\): config\.strides: only strides \[1, 1\]/,
      ],
      [
        (l) => (at(l, 'F_m1').config.activation = 'tanh'),
        /layer "F_m1" \(Conv2D\): config\.activation: /,
      ],
      [
        (l) => (at(l, 'UPsample').config.interpolation = 'bilinear'),
        /layer "UPsample" \(UpSampling2D\): config\.interpolation/,
      ],
      [
        (l) => (at(l, 'RDB_Concat_1_1').config.axis = 1),
        /layer "RDB_Concat_1_1" \(Concatenate\): config\.axis/,
      ],
      [
        (l) => (at(l, 'F_1_1').inbound_nodes[0][0][1] = 1),
        /layer "F_1_1": inbound_nodes\[0\]: only layers called once/,
      ],
    ];
    for (const [edit, message] of cases) {
      const json = await x4();
      edit(json.modelTopology.model_config.config.layers);
      expect(refusal(json)).toMatch(message);
    }
  });

  it('refuses what parses but cannot be converted exactly', async () => {
    const shard = await readFile(path.join(pkg, 'models', 'x4', 'group1-shard1of1.bin'));
    const convert = (json: Json, bytes: Uint8Array = shard) => {
      const model = parseLayersModel('x4/model.json', json);
      const weights = readWeights(
        'x4/model.json',
        model.weightsManifest,
        new Map([['group1-shard1of1.bin', bytes]]),
      );
      return () => convertLayersModel('x4/model.json', model, weights, 'g', '');
    };
    const at = (json: Json, name: string) =>
      json.modelTopology.model_config.config.layers.find((l: Json) => l.name === name);
    const valid = await x4();
    at(valid, 'F_0').config.padding = 'valid';
    expect(convert(valid)).toThrow(
      'x4/model.json: layer "F_0" (Conv2D): padding "valid" would shrink the image',
    );
    const wider = await x4();
    at(wider, 'F_0').config.filters = 32;
    expect(convert(wider)).toThrow(
      'x4/model.json: weight "F_0/kernel" has shape [3,3,64,64], expected [3,3,64,32]',
    );
    const intact = await x4();
    expect(() => convert(intact, shard.subarray(0, shard.length - 4))).toThrow(
      'x4/model.json: group1-shard1of1.bin ends before weight "UPN3/bias"',
    );
  });

  it('refuses a package whose model.json is malformed, at set-up', async () => {
    const fake = path.join(root.dir, 'fake-package');
    await mkdir(path.join(fake, 'models', 'x4'), { recursive: true });
    await writeFile(path.join(fake, 'package.json'), '{"version":"1.0.0"}');
    const json = await x4();
    json.modelTopology.model_config.config.layers[2].class_name = 'BatchNormalization';
    await writeFile(path.join(fake, 'models', 'x4', 'model.json'), JSON.stringify(json));
    await writeFile(
      path.join(fake, 'models', 'x4', 'group1-shard1of1.bin'),
      await readFile(path.join(pkg, 'models', 'x4', 'group1-shard1of1.bin')),
    );
    await expect(ensureEsrganSlim(path.join(root.dir, 'models'), 4, fake)).rejects.toMatchObject({
      code: 'model_corrupt',
      message: expect.stringMatching(
        /^@upscalerjs\/esrgan-slim\/models\/x4\/model\.json: layer "F_0" is a BatchNormalization, which the converter does not support/,
      ),
    });
  });
});
