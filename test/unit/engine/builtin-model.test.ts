// The built-in model's files: byte-identical builds, diffusers ONNX I/O, its own CLIP vocabulary,
// variants and external data.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_LABEL,
  builtinFiles,
  ensureBuiltinModel,
  filesDigest,
} from '../../../engine/models/builtin/build';
import { lexiconWords } from '../../../engine/models/builtin/lexicon';
import { DataType, decodeModel, EXTERNAL } from '../../../engine/models/builtin/onnx-proto';
import { scanExternalData } from '../../../engine/models/onnx-scan';
import { ClipTokenizer } from '../../../engine/tokenizer';
import { tempDir } from './helpers/engine-fixtures';

/** sha256 over "path sha256" lines of every file of the default build (see folderDigest). */
const BUILTIN_DIGEST = '1397584fd66e821b5a15983cfa1aed01470fc5187b64547eeee9a7bc5627ac78';

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir('builtin-model-');
});
afterAll(() => root.cleanup());

const io = (bytes: Uint8Array) => {
  const g = decodeModel(bytes).graph;
  const describe = (v: (typeof g.input)[number]) => [v.name, v.type.tensor_type.elem_type];
  return { inputs: g.input.map(describe), outputs: g.output.map(describe) };
};

describe('built-in model build', () => {
  it('is byte-identical on every build, with the pinned digest', () => {
    const a = builtinFiles();
    const b = builtinFiles();
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [p, bytes] of a)
      expect(Buffer.from(bytes).equals(Buffer.from(b.get(p)!))).toBe(true);
    expect(filesDigest(a)).toBe(BUILTIN_DIGEST);
  });

  it('has the files and I/O of a diffusers ONNX export', () => {
    const files = builtinFiles();
    expect([...files.keys()].sort()).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'text_encoder/model.onnx',
      'tokenizer/merges.txt',
      'tokenizer/special_tokens_map.json',
      'tokenizer/tokenizer_config.json',
      'tokenizer/vocab.json',
      'unet/model.onnx',
      'vae_decoder/config.json',
      'vae_decoder/model.onnx',
      'vae_encoder/config.json',
      'vae_encoder/model.onnx',
    ]);
    const F = DataType.FLOAT;
    expect(io(files.get('text_encoder/model.onnx')!)).toEqual({
      inputs: [['input_ids', DataType.INT32]],
      outputs: [['last_hidden_state', F]],
    });
    expect(io(files.get('unet/model.onnx')!)).toEqual({
      inputs: [
        ['sample', F],
        ['timestep', F],
        ['encoder_hidden_states', F],
      ],
      outputs: [['out_sample', F]],
    });
    expect(io(files.get('vae_decoder/model.onnx')!)).toEqual({
      inputs: [['latent_sample', F]],
      outputs: [['sample', F]],
    });
    const index = JSON.parse(new TextDecoder().decode(files.get('model_index.json')));
    expect(index).toMatchObject({
      _class_name: 'OnnxStableDiffusionPipeline',
      unet: ['diffusers', 'OnnxRuntimeModel'],
    });
    expect(index._atelier).toMatchObject({ family: 'builtin', label: BUILTIN_LABEL });
    expect(index._atelier.defaults.guidance).toBeGreaterThanOrEqual(1.5);
    expect(index._atelier.defaults.guidance).toBeLessThanOrEqual(2);
  });

  it('declares fp16, int64-timestep and v-prediction variants', () => {
    const H = DataType.FLOAT16;
    const half = builtinFiles({ precision: 'float16' });
    expect(io(half.get('unet/model.onnx')!).inputs).toEqual([
      ['sample', H],
      ['timestep', H],
      ['encoder_hidden_states', H],
    ]);
    expect(io(half.get('text_encoder/model.onnx')!).outputs).toEqual([['last_hidden_state', H]]);
    const int64 = builtinFiles({ timestep: 'int64' });
    expect(io(int64.get('unet/model.onnx')!).inputs[1]).toEqual(['timestep', DataType.INT64]);
    const v = builtinFiles({ prediction: 'v_prediction' });
    const config = JSON.parse(new TextDecoder().decode(v.get('scheduler/scheduler_config.json')));
    expect(config.prediction_type).toBe('v_prediction');
  });

  it('moves weights to model.onnx_data at aligned offsets', async () => {
    const files = builtinFiles({ externalData: true });
    const model = decodeModel(files.get('unet/model.onnx')!);
    const external = model.graph.initializer.filter((t) => t.data_location === EXTERNAL);
    expect(external.length).toBeGreaterThan(0);
    for (const t of external) {
      const kv = Object.fromEntries(t.external_data!.map((e) => [e.key, e.value]));
      expect(kv.location).toBe('model.onnx_data');
      expect(Number(kv.offset) % 4096).toBe(0);
    }
    expect(files.has('unet/model.onnx_data')).toBe(true);
    const file = path.join(root.dir, 'unet.onnx');
    await writeFile(file, files.get('unet/model.onnx')!);
    expect(scanExternalData(file).map((r) => r.location)).toEqual(
      external.map(() => 'model.onnx_data'),
    );
  });
});

describe('built-in tokenizer', () => {
  it('spells every lexicon word as one token in CLIP format', async () => {
    const dir = await ensureBuiltinModel(root.dir);
    const tok = await ClipTokenizer.load(path.join(dir, 'tokenizer'));
    for (const word of lexiconWords()) expect(tok.tokenize(word)).toHaveLength(1);
    const ids = tok.encodePadded('A red circle on a blue background');
    expect(ids).toHaveLength(77);
    expect(ids.slice(0, 9)).toEqual([
      tok.bosId,
      ...tok.tokenize('a red circle on a blue background'),
      tok.eosId,
    ]);
    expect(ids.slice(0, 9)).toHaveLength(9);
    expect(tok.tokenize('zebra').length).toBeGreaterThan(1); // unknown words fall apart into pieces
  });

  it('is rebuilt when a file on disk differs', async () => {
    const dir = await ensureBuiltinModel(root.dir);
    const vocab = path.join(dir, 'tokenizer', 'vocab.json');
    const good = await readFile(vocab);
    await writeFile(vocab, '{}');
    await ensureBuiltinModel(root.dir);
    expect((await readFile(vocab)).equals(good)).toBe(true);
  });
});
