// Reading a diffusers ONNX Stable Diffusion folder: model_index.json names the components, each in
// the sub-folder of the same name. Every file the model uses, external weights included, must
// resolve (symlinks followed) inside the folder.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, firstLine } from '../errors';
import { parseConfigJson } from './config-json';
import { OnnxWireError, scanExternalData } from './onnx-scan';

export const ONNX_COMPONENTS = ['text_encoder', 'unet', 'vae_decoder'] as const;
export type OnnxComponentName = (typeof ONNX_COMPONENTS)[number] | 'vae_encoder';

export interface ModelFolder {
  id: string;
  /** Real path of the folder. */
  dir: string;
  index: Record<string, unknown>;
  onnx: Partial<Record<OnnxComponentName, string>> &
    Record<(typeof ONNX_COMPONENTS)[number], string>;
  tokenizerDir: string;
  schedulerConfig: Record<string, unknown>;
  /** The VAE's latent scaling factor (vae config "scaling_factor"; SD's 0.18215 when absent). */
  scalingFactor: number;
  /** Every file the model reads, relative POSIX path → absolute path. */
  files: Map<string, string>;
}

const DEFAULT_SCALING_FACTOR = 0.18215;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function readJsonObject(
  file: string,
  rel: string,
  id: string,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new EngineError('model_missing_file', `model "${id}": ${rel} is missing`);
  }
  try {
    const value = parseConfigJson(text);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new EngineError('model_corrupt', `model "${id}": ${rel} is not a JSON object`);
}

export async function readModelFolder(folder: string, id: string): Promise<ModelFolder> {
  let dir: string;
  try {
    dir = await realpath(folder);
  } catch {
    throw new EngineError('model_missing_file', `model "${id}": folder ${folder} does not exist`);
  }
  const files = new Map<string, string>();
  /** Resolve a relative path, require it inside the folder, record it. */
  const inside = async (rel: string, required = true): Promise<string | undefined> => {
    const abs = path.resolve(dir, rel);
    if (!(await exists(abs))) {
      if (!required) return undefined;
      throw new EngineError('model_missing_file', `model "${id}": ${rel} is missing`);
    }
    const real = await realpath(abs);
    if (!real.startsWith(dir + path.sep)) {
      throw new EngineError(
        'model_unsafe_path',
        `model "${id}": ${rel} points outside the model folder`,
      );
    }
    files.set(rel, real);
    return real;
  };

  const index = await readJsonObject((await inside('model_index.json'))!, 'model_index.json', id);
  for (const key of [...ONNX_COMPONENTS, 'tokenizer', 'scheduler']) {
    if (!Array.isArray(index[key]) || (index[key] as unknown[])[0] === null) {
      throw new EngineError(
        'model_corrupt',
        `model "${id}": model_index.json has no "${key}" component`,
      );
    }
  }
  const onnx: Partial<Record<OnnxComponentName, string>> = {};
  for (const name of [...ONNX_COMPONENTS, 'vae_encoder'] as const) {
    const listed = Array.isArray(index[name]) && (index[name] as unknown[])[0] !== null;
    const file = await inside(`${name}/model.onnx`, listed && name !== 'vae_encoder');
    if (!file) continue;
    onnx[name] = file;
    await checkExternalData(file, `${name}/model.onnx`, id, inside);
  }
  for (const rel of ['tokenizer/vocab.json', 'tokenizer/merges.txt']) await inside(rel);
  // Every file the tokenizer reads counts, added_tokens.json too (it changes token ids).
  for (const rel of [
    'tokenizer/tokenizer_config.json',
    'tokenizer/special_tokens_map.json',
    'tokenizer/added_tokens.json',
  ])
    await inside(rel, false);
  const schedulerFile = (await inside('scheduler/scheduler_config.json'))!;
  const schedulerConfig = await readJsonObject(
    schedulerFile,
    'scheduler/scheduler_config.json',
    id,
  );
  let scalingFactor: number | undefined;
  for (const rel of ['vae_decoder/config.json', 'vae_encoder/config.json']) {
    const file = await inside(rel, false);
    if (!file || scalingFactor !== undefined) continue;
    const factor = (await readJsonObject(file, rel, id)).scaling_factor;
    if (typeof factor === 'number' && Number.isFinite(factor) && factor > 0) scalingFactor = factor;
  }
  return {
    id,
    dir,
    index,
    onnx: onnx as ModelFolder['onnx'],
    tokenizerDir: path.join(dir, 'tokenizer'),
    schedulerConfig,
    scalingFactor: scalingFactor ?? DEFAULT_SCALING_FACTOR,
    files,
  };
}

async function checkExternalData(
  file: string,
  rel: string,
  id: string,
  inside: (rel: string) => Promise<string | undefined>,
): Promise<void> {
  let refs;
  try {
    refs = scanExternalData(file);
  } catch (err) {
    if (err instanceof OnnxWireError)
      throw new EngineError(
        'model_corrupt',
        `model "${id}": ${rel} is not a valid ONNX model (${err.message})`,
      );
    throw new EngineError('model_corrupt', `model "${id}": cannot read ${rel}: ${firstLine(err)}`);
  }
  const folder = path.posix.dirname(rel);
  for (const location of new Set(refs.map((r) => r.location))) {
    if (
      path.isAbsolute(location) ||
      location.includes('\\') ||
      location.split('/').includes('..')
    ) {
      throw new EngineError(
        'model_unsafe_path',
        `model "${id}": ${rel} refers to weights outside the model folder (${location})`,
      );
    }
    await inside(path.posix.join(folder, location));
  }
}
