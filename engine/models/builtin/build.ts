// Writes the built-in model: a diffusers ONNX Stable Diffusion folder built in memory in
// milliseconds, byte-identical on every machine (no clocks, no randomness, no platform maths).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readTrainSchedule } from '../../schedulers/config';
import { makeTables } from '../../schedulers/tables';
import { folderDigest, sha256 } from '../hash';
import { fileStamps } from '../stamps';
import { holdsFiles, writeFolderAtomic } from '../write-folder';
import type { BuiltGraph, ElemType } from './graph-builder';
import { RAW_WIDTH, rawFeatures, tokenFeatures } from './lexicon';
import { buildTextEncoder } from './text-encoder';
import {
  BOS,
  buildTokenizerFiles,
  EOS,
  mergesTxt,
  specialTokensMapJson,
  tokenizerConfigJson,
  vocabJson,
} from './tokenizer-files';
import { buildUnet } from './unet';
import { buildVaeDecoder, buildVaeEncoder } from './vae';

export const BUILTIN_ID = 'builtin';
export const BUILTIN_LABEL = 'built-in model (synthetic shapes)';
/** Bump when the model's bytes change on purpose. */
export const BUILTIN_VERSION = 2;
/**
 * s: the per-pixel standard deviation of the data around the prompt's mean image, in latent units
 * (an RGB channel spans [-1, 1]); small, so that every sample is a clean picture.
 */
export const DATA_STD = 0.03;
export const BUILTIN_DEFAULTS = {
  guidance: 1.75,
  steps: 20,
  width: 512,
  height: 512,
  scheduler: 'euler',
};
const SCALING_FACTOR = 0.18215;

export interface BuiltinVariant {
  prediction?: 'epsilon' | 'v_prediction';
  precision?: 'float32' | 'float16';
  timestep?: 'float' | 'int64';
  /** Weights of every graph in model.onnx_data beside model.onnx. */
  externalData?: boolean;
  /** Benchmarks only: extra MatMul work per UNet call. */
  burn?: { size: number; count: number };
}

export const SCHEDULER_CONFIG = {
  _class_name: 'EulerDiscreteScheduler',
  _diffusers_version: '0.30.0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  timestep_spacing: 'trailing',
  trained_betas: null,
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file of the model folder, by relative POSIX path. */
export function builtinFiles(variant: BuiltinVariant = {}): Map<string, Uint8Array> {
  const prediction = variant.prediction ?? 'epsilon';
  const io: ElemType = variant.precision ?? 'float32';
  const files = new Map<string, Uint8Array>();
  const text = (p: string, body: string) => files.set(p, new TextEncoder().encode(body));
  const graph = (component: string, built: BuiltGraph) => {
    files.set(`${component}/model.onnx`, built.onnx);
    if (built.data) files.set(`${component}/model.onnx_data`, built.data);
  };
  const external = variant.externalData ? { location: 'model.onnx_data', minBytes: 64 } : undefined;
  const describe = (what: string) => `${BUILTIN_LABEL}: ${what}`;

  const tokenizer = buildTokenizerFiles();
  text('tokenizer/vocab.json', vocabJson(tokenizer));
  text('tokenizer/merges.txt', mergesTxt(tokenizer));
  text('tokenizer/tokenizer_config.json', tokenizerConfigJson());
  text('tokenizer/special_tokens_map.json', specialTokensMapJson());

  const table = new Float32Array(tokenizer.vocab.size * RAW_WIDTH);
  for (const [token, id] of tokenizer.vocab)
    table.set(tokenFeatures(token, token === BOS || token === EOS), id * RAW_WIDTH);
  for (const [word, id] of tokenizer.wordIds) table.set(rawFeatures(word), id * RAW_WIDTH);
  graph(
    'text_encoder',
    buildTextEncoder({ table, vocabSize: tokenizer.vocab.size, output: io }).build(
      describe('text encoder'),
      external,
    ),
  );

  const scheduler = { ...SCHEDULER_CONFIG, prediction_type: prediction };
  const { alphasCumprod } = makeTables(readTrainSchedule(scheduler));
  const unet = buildUnet({
    alphasCumprod,
    dataStd: DATA_STD,
    prediction,
    io,
    timestep: variant.timestep ?? 'float',
    burn: variant.burn,
  });
  graph('unet', unet.build(describe(`exact ${prediction} denoiser, s = ${DATA_STD}`), external));
  graph(
    'vae_decoder',
    buildVaeDecoder(SCALING_FACTOR, io).build(describe('VAE decoder'), external),
  );
  graph(
    'vae_encoder',
    buildVaeEncoder(SCALING_FACTOR, io).build(describe('VAE encoder'), external),
  );
  const vaeConfig = {
    _class_name: 'AutoencoderKL',
    latent_channels: 4,
    out_channels: 3,
    scaling_factor: SCALING_FACTOR,
  };
  text('vae_decoder/config.json', json(vaeConfig));
  text('vae_encoder/config.json', json(vaeConfig));
  text('scheduler/scheduler_config.json', json(scheduler));
  text(
    'model_index.json',
    json({
      _class_name: 'OnnxStableDiffusionPipeline',
      _diffusers_version: '0.30.0',
      _atelier: {
        family: 'builtin',
        label: BUILTIN_LABEL,
        version: BUILTIN_VERSION,
        data_std: DATA_STD,
        defaults: BUILTIN_DEFAULTS,
      },
      feature_extractor: [null, null],
      requires_safety_checker: false,
      safety_checker: [null, null],
      scheduler: ['diffusers', 'EulerDiscreteScheduler'],
      text_encoder: ['diffusers', 'OnnxRuntimeModel'],
      tokenizer: ['transformers', 'CLIPTokenizer'],
      unet: ['diffusers', 'OnnxRuntimeModel'],
      vae_decoder: ['diffusers', 'OnnxRuntimeModel'],
      vae_encoder: ['diffusers', 'OnnxRuntimeModel'],
    }),
  );
  return files;
}

export function filesDigest(files: Map<string, Uint8Array>): string {
  return folderDigest([...files].map(([p, bytes]) => [p, sha256(bytes)] as [string, string]));
}

/**
 * Write the model folder atomically: built beside `dir`, then renamed into place. Writers in other
 * threads or processes may race: a complete copy one of them put in place first is kept (never moved
 * aside while it is read), and only an outdated folder is swapped out.
 */
export async function writeBuiltinModel(dir: string, variant: BuiltinVariant = {}): Promise<void> {
  await writeFolderAtomic(dir, builtinFiles(variant));
}

let defaultBuild: Map<string, Uint8Array> | undefined;
/** Folders found to hold this build, by the stamps their files had then. */
const verified = new Map<string, string>();

/**
 * `<modelsDir>/builtin`, (re)built when missing or when any file differs from this build. The
 * build and the byte comparison (about 44 ms) happen once per folder and process, and again only
 * when a file's size or mtime changes: every image request's routing asks for it.
 */
export async function ensureBuiltinModel(modelsDir: string): Promise<string> {
  const dir = path.join(modelsDir, BUILTIN_ID);
  defaultBuild ??= builtinFiles();
  const paths = [...defaultBuild.keys()].map((rel) => path.join(dir, rel));
  const known = verified.get(dir);
  if (known && known === (await fileStamps(paths))) return dir;
  if (!(await holdsFiles(dir, defaultBuild))) {
    await mkdir(modelsDir, { recursive: true });
    await writeBuiltinModel(dir);
  }
  verified.set(dir, await fileStamps(paths));
  return dir;
}
