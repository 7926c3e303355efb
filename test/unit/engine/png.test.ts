// PNG chunks: CRC, placement before IDAT, Latin-1 tEXt and UTF-8 iTXt, A1111 parameters.
import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  a1111Parameters,
  encodePng,
  type ImageMetadata,
  metadataJson,
  readMetadataJson,
} from '../../../engine/png';
import {
  chunk,
  crc32,
  insertBeforeIdat,
  itxtChunk,
  readChunks,
  readTextChunks,
  textChunk,
} from '../../../engine/png/chunks';

const meta: ImageMetadata = {
  pipeline: 'txt2img',
  prompt: 'a red circle on a blue background',
  negativePrompt: '',
  model: { id: 'builtin', family: 'builtin', files: { 'unet/model.onnx': 'abcdef0123456789' } },
  scheduler: { name: 'euler-ancestral', config: { beta_schedule: 'scaled_linear' } },
  steps: 20,
  guidance: 1.75,
  seed: 42,
  batch: { size: 1, index: 0 },
  width: 16,
  height: 8,
  eta: 0,
  rng: 'normal-v1',
  ep: 'cpu',
  onnxruntime: '1.30.0',
};

const image = {
  width: 16,
  height: 8,
  rgb: Uint8Array.from({ length: 16 * 8 * 3 }, (_, i) => (i * 7) % 256),
};

describe('png chunks', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
    if (typeof zlib.crc32 === 'function')
      expect(crc32(Buffer.from('abc'))).toBe(zlib.crc32(Buffer.from('abc')));
  });

  it('inserts text before the first IDAT and reads it back', async () => {
    const png = await sharp(Buffer.from(image.rgb), { raw: { width: 16, height: 8, channels: 3 } })
      .png()
      .toBuffer();
    const out = insertBeforeIdat(png, [
      textChunk('parameters', 'café'),
      itxtChunk('atelier', '{"prompt":"猫 🐈"}'),
    ]);
    const types = readChunks(out).map((c) => c.type);
    const idat = types.indexOf('IDAT');
    expect(types[0]).toBe('IHDR');
    expect(types.slice(idat - 2, idat)).toEqual(['tEXt', 'iTXt']);
    const text = readTextChunks(out);
    expect(text.get('parameters')).toBe('café');
    expect(text.get('atelier')).toBe('{"prompt":"猫 🐈"}');
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(16);
    expect(Buffer.from(data).equals(Buffer.from(image.rgb))).toBe(true);
  });

  it('writes non-Latin-1 parameters as iTXt and refuses bad keywords', () => {
    expect(textChunk('parameters', 'a cat').toString('latin1', 4, 8)).toBe('tEXt');
    expect(textChunk('parameters', '一只猫').toString('latin1', 4, 8)).toBe('iTXt');
    expect(() => textChunk('', 'x')).toThrow(/keyword/);
    expect(() => chunk('tEXt', new Uint8Array(0))).not.toThrow();
  });
});

describe('encodePng', () => {
  it('writes A1111 parameters and the JSON record, the same bytes every time', async () => {
    const a = await encodePng(image, meta);
    const b = await encodePng(image, { ...meta });
    expect(a.equals(b)).toBe(true);
    const text = readTextChunks(a);
    expect(text.get('parameters')).toBe(
      'a red circle on a blue background\nSteps: 20, Sampler: Euler a, CFG scale: 1.75, Seed: 42, Size: 16x8, Model hash: abcdef0123, Model: builtin',
    );
    expect(JSON.parse(text.get('atelier')!)).toMatchObject({
      format: 'atelier-image/1',
      seed: 42,
      ep: 'cpu',
      scheduler: { name: 'euler-ancestral' },
    });
    expect(readChunks(a).some((c) => c.type === 'sRGB')).toBe(true);
  });

  it('round-trips non-finite scheduler config values, which JSON.stringify would turn into null', async () => {
    const config = {
      _class_name: 'DPMSolverMultistepScheduler',
      lambda_min_clipped: -Infinity,
      sample_max_value: Infinity,
      some_ratio: Number.NaN,
      trained_betas: [0.1, -Infinity],
      timestep_spacing: 'linspace',
    };
    const png = await encodePng(image, {
      ...meta,
      prompt: 'Infinity and beyond',
      scheduler: { name: 'dpmpp-2m', config },
    });
    const json = readTextChunks(png).get('atelier')!;
    // Documented encoding: the strings "Infinity", "-Infinity" and "NaN".
    expect(JSON.parse(json).scheduler.config).toMatchObject({
      lambda_min_clipped: '-Infinity',
      sample_max_value: 'Infinity',
      some_ratio: 'NaN',
      trained_betas: [0.1, '-Infinity'],
    });
    const doc = readMetadataJson(json) as ImageMetadata;
    expect(doc.scheduler.config).toEqual(config);
    expect(doc.prompt).toBe('Infinity and beyond'); // strings elsewhere stay strings
    expect(
      metadataJson({
        ...meta,
        prompt: 'Infinity and beyond',
        scheduler: { name: 'dpmpp-2m', config },
      }),
    ).toBe(json);
  });

  it('puts the negative prompt and Karras schedule where A1111 does', () => {
    const text = a1111Parameters({
      ...meta,
      negativePrompt: 'blurry, dark',
      scheduler: { name: 'dpmpp-2m-karras', config: {} },
    });
    expect(text.split('\n')).toEqual([
      'a red circle on a blue background',
      'Negative prompt: blurry, dark',
      'Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 1.75, Seed: 42, Size: 16x8, Model hash: abcdef0123, Model: builtin',
    ]);
  });
});
