// Model folders whose configs Python's json module wrote: bare NaN, Infinity and -Infinity tokens
// (diffusers saves DPMSolverMultistepScheduler's lambda_min_clipped as -Infinity).
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigJson } from '../../../engine/models/config-json';
import { detectFamily, schedulerNameOf } from '../../../engine/models/family';
import { readModelFolder } from '../../../engine/models/model-folder';
import { Generator } from '../../../engine/pipelines/generate';
import { type ImageMetadata, readMetadataJson, readTextChunks } from '../../../engine/png';
import { ClipTokenizer } from '../../../engine/tokenizer';
import { tempDir, variantFolder } from './helpers/engine-fixtures';

/** scheduler_config.json as diffusers 0.30 saves DPMSolverMultistepScheduler (json.dumps, indent 2). */
const DPM_CONFIG = `{
  "_class_name": "DPMSolverMultistepScheduler",
  "_diffusers_version": "0.30.0",
  "algorithm_type": "dpmsolver++",
  "beta_end": 0.012,
  "beta_schedule": "scaled_linear",
  "beta_start": 0.00085,
  "dynamic_thresholding_ratio": 0.995,
  "euler_at_final": false,
  "final_sigmas_type": "zero",
  "lambda_min_clipped": -Infinity,
  "lower_order_final": true,
  "num_train_timesteps": 1000,
  "prediction_type": "epsilon",
  "rescale_betas_zero_snr": false,
  "sample_max_value": 1.0,
  "solver_order": 2,
  "solver_type": "midpoint",
  "steps_offset": 1,
  "thresholding": false,
  "timestep_spacing": "trailing",
  "trained_betas": null,
  "use_karras_sigmas": false,
  "use_lu_lambdas": false,
  "variance_type": null
}
`;

let root: Awaited<ReturnType<typeof tempDir>>;
let good: string;
let python: string;
beforeAll(async () => {
  root = await tempDir('python-json-');
  good = await variantFolder(root.dir);
  python = path.join(root.dir, 'python-written');
  await cp(good, python, { recursive: true });
  await writeFile(path.join(python, 'scheduler', 'scheduler_config.json'), DPM_CONFIG);
  // NaN and Infinity where nothing reads them, in every other config the engine opens.
  await writeFile(
    path.join(python, 'vae_decoder', 'config.json'),
    '{"_class_name": "AutoencoderKL", "scaling_factor": 0.18215, "shift_factor": NaN}\n',
  );
  const tokenizerConfig = path.join(python, 'tokenizer', 'tokenizer_config.json');
  const text = await readFile(tokenizerConfig, 'utf8');
  await writeFile(tokenizerConfig, text.replace('{', '{\n  "max_ratio": Infinity,'));
});
afterAll(() => root.cleanup());

describe('parseConfigJson', () => {
  it('reads the bare tokens Python writes, and leaves the same words inside strings alone', () => {
    expect(
      parseConfigJson(
        '{"a":-Infinity,"b" :\tInfinity ,"c":[NaN, -Infinity],\n"d":"NaN -Infinity","e":1e-05}',
      ),
    ).toEqual({
      a: -Infinity,
      b: Infinity,
      c: [Number.NaN, -Infinity],
      d: 'NaN -Infinity',
      e: 1e-5,
    });
  });

  it('reads strict JSON as JSON.parse does, and still refuses what is not JSON', () => {
    const strict = '{"__proto__": {"x": 1}, "n": 1000000000000000019884624838656, "s": "\\u00e9"}';
    expect(parseConfigJson(strict)).toEqual(JSON.parse(strict));
    expect(() => parseConfigJson('{ nope')).toThrow();
    expect(() => parseConfigJson('{"a": Infinityx}')).toThrow();
  });
});

describe('a model folder with Python-written configs', () => {
  it('loads, with lambda_min_clipped -Infinity in its scheduler config', async () => {
    const folder = await readModelFolder(python, 'python-written');
    expect(folder.schedulerConfig.lambda_min_clipped).toBe(-Infinity);
    expect(schedulerNameOf(folder.schedulerConfig)).toBe('dpmpp-2m');
    expect(folder.scalingFactor).toBe(0.18215);
    const tokenizer = await ClipTokenizer.load(folder.tokenizerDir);
    expect(tokenizer.encode('a red circle')).toHaveLength(5);
  });

  it('reads the text encoder config Python wrote when it tells the family', async () => {
    const dir = path.join(root.dir, 'sd-unnamed');
    await mkdir(path.join(dir, 'text_encoder'), { recursive: true });
    await writeFile(
      path.join(dir, 'text_encoder', 'config.json'),
      '{"hidden_size": 1024, "layer_norm_eps": 1e-05, "initializer_factor": NaN}',
    );
    expect(await detectFamily(dir, {}, {})).toBe('sd2');
  });

  it('generates the same pixels as the same scheduler configured without -Infinity, and records it in the PNG', async () => {
    const generator = new Generator();
    const request = {
      prompt: 'a red circle on a blue background',
      width: 64,
      height: 64,
      steps: 8,
      seed: 7,
      scheduler: 'dpmpp-2m',
    };
    const fromPython = await generator.generate({
      modelId: 'python-written',
      modelDir: python,
      request,
    });
    const reference = await generator.generate({ modelId: 'good', modelDir: good, request });
    await generator.close();
    const pixels = (png: Uint8Array) => sharp(png).raw().toBuffer();
    expect(
      (await pixels(fromPython.images[0].png)).equals(await pixels(reference.images[0].png)),
    ).toBe(true);
    const meta = readMetadataJson(
      readTextChunks(fromPython.images[0].png).get('atelier')!,
    ) as ImageMetadata;
    expect(meta.scheduler.name).toBe('dpmpp-2m');
    expect(meta.scheduler.config.lambda_min_clipped).toBe(-Infinity);
    // The result reports what ran: the config as the PNG records it, and every setting resolved.
    expect(fromPython.scheduler).toMatchObject({ name: 'dpmpp-2m', config: meta.scheduler.config });
    expect(fromPython.scheduler.resolved).toMatchObject({
      lambdaMinClipped: -Infinity,
      solverOrder: 2,
      algorithmType: 'dpmsolver++',
    });
    expect(fromPython).toMatchObject({ rng: meta.rng, intraOpThreads: null });
    expect(fromPython.versions).toMatchObject({
      node: process.versions.node,
      zlib: process.versions.zlib,
    });
  });
});
