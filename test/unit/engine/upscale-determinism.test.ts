// ESRGAN slim conversion is byte-identical on every run and machine, records the sha256 of its
// source files and of the model it wrote, and converts again only when the folder is out of date.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../engine/models/hash';
import {
  CONVERTER_VERSION,
  convertEsrganSlim,
  ensureEsrganSlim,
  esrganSlimPackageDir,
} from '../../../engine/upscale/esrgan-slim';
import { tempDir } from './helpers/engine-fixtures';

/** sha256 of the x4 model.onnx; a change here needs a CONVERTER_VERSION bump. */
const X4_MODEL_SHA256 = 'bc239c51ae090fd5a25630f8fd4521a78a3601e06a1e5a602c9186ad989c6552';

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir('upscale-determinism-');
});
afterAll(() => root.cleanup());

describe('ESRGAN slim conversion', () => {
  it('gives the same bytes every time, with the pinned digest', async () => {
    const a = await convertEsrganSlim(4);
    const b = await convertEsrganSlim(4);
    expect([...a.files.keys()]).toEqual(['model.onnx', 'upscaler.json']);
    for (const [name, bytes] of a.files)
      expect(Buffer.from(bytes).equals(Buffer.from(b.files.get(name)!))).toBe(true);
    expect(sha256(a.files.get('model.onnx')!)).toBe(X4_MODEL_SHA256);
    expect(a.manifest.converter).toBe(CONVERTER_VERSION);
  });

  it('records the sha256 of the source files and of the model it writes', async () => {
    const modelsDir = path.join(root.dir, 'models');
    const installed = await ensureEsrganSlim(modelsDir, 4);
    expect(installed.converted).toBe(true);
    expect(installed.dir).toBe(path.join(modelsDir, 'upscalers', 'esrgan-slim-x4'));
    const onDisk = await readFile(installed.file);
    const recorded = JSON.parse(await readFile(path.join(installed.dir, 'upscaler.json'), 'utf8'));
    expect(recorded).toEqual(installed.manifest);
    expect(recorded.files['model.onnx']).toBe(sha256(onDisk));
    expect(recorded.files['model.onnx']).toBe(X4_MODEL_SHA256);
    const source = path.join(esrganSlimPackageDir(), 'models', 'x4');
    expect(recorded.source).toMatchObject({ package: '@upscalerjs/esrgan-slim', version: '1.0.0' });
    expect(recorded.source.files).toEqual({
      'model.json': sha256(await readFile(path.join(source, 'model.json'))),
      'group1-shard1of1.bin': sha256(await readFile(path.join(source, 'group1-shard1of1.bin'))),
    });
    expect(recorded).toMatchObject({ scale: 4, receptiveRadius: 10 });
  });

  it('reuses a current folder and converts again when the model was altered', async () => {
    const modelsDir = path.join(root.dir, 'models-reuse');
    const first = await ensureEsrganSlim(modelsDir, 2);
    const again = await ensureEsrganSlim(modelsDir, 2);
    expect([first.converted, again.converted]).toEqual([true, false]);
    const original = await readFile(first.file);
    const altered = Buffer.from(original);
    altered[altered.length - 1] ^= 1;
    await writeFile(first.file, altered);
    const repaired = await ensureEsrganSlim(modelsDir, 2);
    expect(repaired.converted).toBe(true);
    expect((await readFile(first.file)).equals(original)).toBe(true);
  });

  it('refuses a scale the package does not ship', async () => {
    await expect(ensureEsrganSlim(root.dir, 5)).rejects.toMatchObject({
      code: 'invalid_request',
      message: 'ESRGAN slim upscales by 2, 3, 4, 8, not 5',
    });
  });
});
