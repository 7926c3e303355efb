// Loading model folders: what is required, what counts as corrupt, and that no path may lead
// outside the folder.
import { cp, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors';
import { readModelFolder } from '../../../engine/models/model-folder';
import { Generator } from '../../../engine/pipelines/generate';
import { tempDir, variantFolder } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let good: string;
let external: string;
beforeAll(async () => {
  root = await tempDir('model-folder-');
  good = await variantFolder(root.dir);
  external = await variantFolder(root.dir, { externalData: true });
});
afterAll(() => root.cleanup());

let copies = 0;
async function copyOf(dir: string): Promise<string> {
  const copy = path.join(root.dir, `copy-${copies++}`);
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function failure(dir: string): Promise<EngineError> {
  try {
    await readModelFolder(dir, 'broken');
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    expect((err as Error).message).not.toContain('\n');
    return err as EngineError;
  }
  throw new Error('expected readModelFolder to fail');
}

describe('readModelFolder', () => {
  it('reads the components, configs and every file the model uses', async () => {
    const folder = await readModelFolder(good, 'good');
    expect(Object.keys(folder.onnx).sort()).toEqual([
      'text_encoder',
      'unet',
      'vae_decoder',
      'vae_encoder',
    ]);
    expect(folder.scalingFactor).toBe(0.18215);
    expect(folder.schedulerConfig._class_name).toBe('EulerDiscreteScheduler');
    expect([...folder.files.keys()]).toContain('tokenizer/vocab.json');
    const ext = await readModelFolder(external, 'ext');
    expect([...ext.files.keys()]).toContain('unet/model.onnx_data');
  });

  it('names a missing model file', async () => {
    const dir = await copyOf(good);
    await rm(path.join(dir, 'unet', 'model.onnx'));
    expect(await failure(dir)).toMatchObject({
      code: 'model_missing_file',
      message: 'model "broken": unet/model.onnx is missing',
    });
    const noData = await copyOf(external);
    await rm(path.join(noData, 'unet', 'model.onnx_data'));
    expect(await failure(noData)).toMatchObject({
      code: 'model_missing_file',
      message: 'model "broken": unet/model.onnx_data is missing',
    });
    expect(await failure(path.join(root.dir, 'nowhere'))).toMatchObject({
      code: 'model_missing_file',
    });
  });

  it('calls garbage and truncated .onnx files corrupt', async () => {
    const dir = await copyOf(good);
    await writeFile(path.join(dir, 'unet', 'model.onnx'), 'this is not a model');
    expect(await failure(dir)).toMatchObject({ code: 'model_corrupt' });
    expect((await failure(dir)).message).toMatch(
      /^model "broken": unet\/model\.onnx is not a valid ONNX model/,
    );
    await writeFile(path.join(dir, 'model_index.json'), '{ nope');
    expect(await failure(dir)).toMatchObject({
      code: 'model_corrupt',
      message: 'model "broken": model_index.json is not a JSON object',
    });
  });

  it('refuses paths that lead outside the folder', async () => {
    const outside = path.join(root.dir, 'outside.onnx');
    await cp(path.join(good, 'vae_decoder', 'model.onnx'), outside);
    const linked = await copyOf(good);
    await rm(path.join(linked, 'vae_decoder', 'model.onnx'));
    await symlink(outside, path.join(linked, 'vae_decoder', 'model.onnx'));
    expect(await failure(linked)).toMatchObject({
      code: 'model_unsafe_path',
      message: 'model "broken": vae_decoder/model.onnx points outside the model folder',
    });
    const outsideIndex = path.join(root.dir, 'outside-index.json');
    await cp(path.join(good, 'model_index.json'), outsideIndex);
    const linkedIndex = await copyOf(good);
    await rm(path.join(linkedIndex, 'model_index.json'));
    await symlink(outsideIndex, path.join(linkedIndex, 'model_index.json'));
    expect(await failure(linkedIndex)).toMatchObject({
      code: 'model_unsafe_path',
      message: 'model "broken": model_index.json points outside the model folder',
    });

    const escaping = await copyOf(external);
    const unet = path.join(escaping, 'unet', 'model.onnx');
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(unet);
    // Same length, so the protobuf stays well-formed: "model.onnx_data" → "../../etc/pass"
    const patched = Buffer.from(
      bytes.toString('latin1').replaceAll('model.onnx_data', '../../etc/pass.'),
      'latin1',
    );
    await writeFile(unet, patched);
    expect(await failure(escaping)).toMatchObject({ code: 'model_unsafe_path' });
  });
});

describe('Generator errors', () => {
  it('reports a corrupt graph that parses as protobuf but not as a model', async () => {
    const dir = await copyOf(good);
    // A valid wire-format ModelProto with an empty graph: onnxruntime refuses it.
    await writeFile(
      path.join(dir, 'vae_decoder', 'model.onnx'),
      Buffer.from([0x08, 0x08, 0x3a, 0x00]),
    );
    const generator = new Generator();
    await expect(
      generator.generate({
        modelId: 'broken',
        modelDir: dir,
        request: { prompt: 'x', width: 64, height: 64, steps: 1 },
      }),
    ).rejects.toMatchObject({
      code: 'model_corrupt',
      message: expect.stringMatching(
        /^model "broken": vae_decoder\/model\.onnx is not a valid ONNX model/,
      ),
    });
    await generator.close();
  });

  it('a model that fails to load leaves the worker able to run the one before it', async () => {
    const broken = await copyOf(good);
    await writeFile(path.join(broken, 'unet', 'model.onnx'), Buffer.from([0x08, 0x08, 0x3a, 0x00]));
    const generator = new Generator();
    const job = (modelId: string, modelDir: string) =>
      generator.generate({
        modelId,
        modelDir,
        request: { prompt: 'a red circle', width: 64, height: 64, steps: 1, seed: 3 },
      });
    const first = await job('good', good);
    await expect(job('broken', broken)).rejects.toMatchObject({ code: 'model_corrupt' });
    const again = await job('good', good);
    expect(again.images[0].sha256).toBe(first.images[0].sha256);
    await generator.close();
  });

  it("records the tokenizer's added tokens among the model's files (they change token ids)", async () => {
    const dir = await copyOf(good);
    await writeFile(
      path.join(dir, 'tokenizer', 'added_tokens.json'),
      JSON.stringify({ '<brand>': 49408 }),
    );
    const folder = await readModelFolder(dir, 'added');
    expect([...folder.files.keys()]).toContain('tokenizer/added_tokens.json');
  });

  it('a model file replaced in place is loaded afresh, so the image matches a fresh worker and its recorded digest', async () => {
    const dir = await copyOf(good);
    const other = await variantFolder(root.dir, { prediction: 'v_prediction' });
    const generator = new Generator();
    const job = (g: Generator) =>
      g.generate({
        modelId: 'swapped',
        modelDir: dir,
        request: { prompt: 'a red circle', width: 64, height: 64, steps: 2, seed: 5 },
      });
    const before = await job(generator);
    await cp(path.join(other, 'unet', 'model.onnx'), path.join(dir, 'unet', 'model.onnx'));
    const after = await job(generator);
    const fresh = new Generator();
    const reference = await job(fresh);
    expect(after.model.files['unet/model.onnx']).not.toBe(before.model.files['unet/model.onnx']);
    expect(after.images[0].sha256).toBe(reference.images[0].sha256);
    expect(after.images[0].sha256).not.toBe(before.images[0].sha256);
    await generator.close();
    await fresh.close();
  });
});
