// `atelier generate` and `atelier models` as the README specifies them: a 512×512 PNG of the prompt,
// identical bytes for the same command, JSON on stdout, one clear error line on bad input.
import { execFile } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readTextChunks } from '../../../engine/png';
import { SCHEDULER_NAMES } from '../../../engine/schedulers';
import { generateCommand } from '../../../lib/cli/commands/generate';
import { modelsCommand } from '../../../lib/cli/commands/models';
import { failLine } from '../../../lib/cli/output';
import { redCentreBlueCorners, tempDir } from './helpers/engine-fixtures';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');

let root: Awaited<ReturnType<typeof tempDir>>;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  root = await tempDir('cli-generate-');
  env = {
    ...process.env,
    ATELIER_DATA_DIR: root.dir,
    ATELIER_MODELS_DIR: path.join(root.dir, 'models'),
  };
});
afterAll(() => root.cleanup());

async function cli(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'lib/cli/main.ts', ...args],
      { cwd: repo, env: { ...env, ...extraEnv } },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function pixels(file: string) {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    rgb: new Uint8Array(data),
  };
}

/** Run a command in this process, returning stdout or the CLI's error line. */
async function inProcess(
  command: (args: string[]) => Promise<number>,
  args: string[],
): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    ATELIER_DATA_DIR: env.ATELIER_DATA_DIR,
    ATELIER_MODELS_DIR: env.ATELIER_MODELS_DIR,
  });
  let out = '';
  const stdout = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await command(args);
    return out;
  } catch (err) {
    return failLine(err);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.env = saved;
  }
}

describe('atelier generate', { timeout: 60_000 }, () => {
  it('writes a 512×512 PNG with a red centre and blue corners, the same bytes twice', async () => {
    const out = path.join(root.dir, 'out');
    const args = [
      'generate',
      '--prompt',
      'a red circle on a blue background',
      '--seed',
      '42',
      '--steps',
      '20',
      '--out',
      out,
      '--json',
    ];
    const first = await cli(args);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(Object.keys(result)).toEqual(['model', 'files', 'ep', 'timings']);
    expect(result).toMatchObject({ model: 'builtin', ep: 'cpu', files: [{ seed: 42 }] });
    expect(first.stderr).toContain('step 20/20');
    const file = result.files[0].path;
    const img = await pixels(file);
    expect([img.width, img.height, img.channels]).toEqual([512, 512, 3]);
    expect(redCentreBlueCorners(img)).toBe(true);
    const text = readTextChunks(await readFile(file));
    expect(text.get('parameters')).toMatch(
      /^a red circle on a blue background\nSteps: 20, Sampler: Euler, CFG scale: 1\.75, Seed: 42, Size: 512x512, /,
    );
    expect(JSON.parse(text.get('atelier')!)).toMatchObject({
      seed: 42,
      steps: 20,
      width: 512,
      height: 512,
      ep: 'cpu',
      rng: 'normal-v1',
    });

    const bytes = await readFile(file);
    await rm(out, { recursive: true });
    const second = await cli(args);
    expect(JSON.parse(second.stdout).files[0].sha256).toBe(result.files[0].sha256);
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });

  it.each(SCHEDULER_NAMES.map((s) => [s]))(
    'draws the prompt at 512×512 with --scheduler %s',
    async (scheduler) => {
      const out = path.join(root.dir, `sched-${scheduler}`);
      const args = [
        '--prompt',
        'a red circle on a blue background',
        '--seed',
        '42',
        '--steps',
        '20',
        '--scheduler',
        scheduler,
        '--out',
        out,
        '--json',
      ];
      const [file] = JSON.parse(await inProcess(generateCommand, args)).files;
      const img = await pixels(file.path);
      expect([img.width, img.height]).toEqual([512, 512]);
      expect(redCentreBlueCorners(img)).toBe(true);
    },
  );

  it('exits 1 with one error line for a bad request', async () => {
    const res = await cli([
      'generate',
      '--prompt',
      'x',
      '--width',
      '513',
      '--out',
      path.join(root.dir, 'bad'),
    ]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n').at(-1)).toBe(
      'error: bad_request: width must be a multiple of 8 from 64 to 2048 (got 513)',
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('says why CUDA was not used, on stderr and in --json, and renders on CPU', async () => {
    const res = await cli(
      [
        'generate',
        '--prompt',
        'a red circle',
        '--width',
        '64',
        '--height',
        '64',
        '--steps',
        '2',
        '--seed',
        '1',
        '--out',
        path.join(root.dir, 'cuda'),
        '--json',
      ],
      { ATELIER_EP: 'cuda' },
    );
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    // A machine with onnxruntime-node's CUDA provider runs on it; `npm ci` installs the CPU build.
    if (json.ep === 'cuda') return expect(json.fallbackReason).toBeUndefined();
    expect(json.ep).toBe('cpu');
    expect(json.fallbackReason).toMatch(/^cuda could not be used: \S/);
    expect(res.stderr).toContain(`generate: running on cpu: ${json.fallbackReason}\n`);
  });

  it('changes with the seed and with guidance, and writes one file per image', async () => {
    const out = path.join(root.dir, 'many');
    const base = [
      '--prompt',
      'a red circle on a blue background',
      '--steps',
      '8',
      '--width',
      '128',
      '--height',
      '128',
      '--out',
      out,
      '--json',
    ];
    const a = JSON.parse(
      await inProcess(generateCommand, [...base, '--seed', '1', '--count', '2']),
    );
    expect(a.files.map((f: { seed: number }) => f.seed)).toEqual([1, 2]);
    expect(a.files[0].sha256).not.toBe(a.files[1].sha256);
    const b = JSON.parse(
      await inProcess(generateCommand, [...base, '--seed', '1', '--guidance', '3']),
    );
    expect(b.files[0].sha256).not.toBe(a.files[0].sha256);
    const draft = JSON.parse(
      await inProcess(generateCommand, [
        ...base,
        '--seed',
        '1',
        '--profile',
        'draft',
        '--scheduler',
        'dpmpp-2m-karras',
      ]),
    );
    expect(draft.timings.unetCalls).toBe(8);
    expect((await readdir(out)).length).toBe(4);
  });

  it('refuses bad requests with one clear line', async () => {
    const models = path.join(root.dir, 'models');
    await cp(path.join(models, 'builtin'), path.join(models, 'no-unet'), { recursive: true });
    await rm(path.join(models, 'no-unet', 'unet', 'model.onnx'));
    await cp(path.join(models, 'builtin'), path.join(models, 'corrupt'), { recursive: true });
    await writeFile(path.join(models, 'corrupt', 'unet', 'model.onnx'), 'garbage');
    const out = ['--out', path.join(root.dir, 'never')];
    const cases: Array<[string[], string]> = [
      [
        ['--prompt', 'x', '--model', 'nope', ...out],
        'error: not_found: unknown model "nope" (installed: builtin, corrupt, no-unet)',
      ],
      [
        ['--prompt', 'x', '--width', '513', ...out],
        'error: bad_request: width must be a multiple of 8 from 64 to 2048 (got 513)',
      ],
      [
        ['--prompt', 'x', '--steps', '0', ...out],
        'error: bad_request: steps must be an integer from 1 to 150 (got 0)',
      ],
      [
        ['--prompt', 'x', '--model', 'no-unet', ...out],
        'error: bad_request: model "no-unet": unet/model.onnx is missing',
      ],
      [
        ['--prompt', 'x', '--model', 'corrupt', ...out],
        'error: bad_request: model "corrupt": unet/model.onnx is not a valid ONNX model (unsupported wire type 7)',
      ],
      [
        ['--prompt', 'x', '--steps', 'many', ...out],
        'error: usage: --steps must be a number (got "many")',
      ],
      [['--prompt', 'x'], 'error: usage: generate needs --out DIR'],
      [
        ['--prompt', 'x', '--scheduler', 'heun', ...out],
        expect.stringMatching(/^error: bad_request: unknown scheduler "heun"/) as unknown as string,
      ],
      [
        ['--prompt', 'x', '--scheduler', 'ddim', '--steps', '61', ...out],
        'error: bad_request: ddim: 61 steps would schedule a timestep below zero; choose 60 or 62 steps',
      ],
      [
        ['--prompt', 'x', '--scheduler', 'pndm', '--steps', '122', ...out],
        'error: bad_request: pndm: 122 steps would schedule a timestep below zero; choose 120 or 123 steps',
      ],
    ];
    for (const [args, line] of cases) expect(await inProcess(generateCommand, args)).toEqual(line);
  });
});

describe('atelier models', () => {
  it('lists the models as JSON and checks how add is called', async () => {
    const listed = JSON.parse(await inProcess(modelsCommand, ['list', '--json']));
    expect(listed.models[0]).toMatchObject({
      id: 'builtin',
      label: 'built-in model (synthetic shapes)',
      family: 'builtin',
      roles: ['draft', 'hd'],
    });
    expect(listed.problems.map((p: { id: string; code: string }) => [p.id, p.code])).toEqual([
      ['corrupt', 'model_corrupt'],
      ['no-unet', 'model_missing_file'],
    ]);
    // Adding one is audited, so it needs the database: image-models.test.ts adds one.
    expect(await inProcess(modelsCommand, ['add'])).toBe(
      'error: usage: models add takes exactly one DIR',
    );
    expect(await inProcess(modelsCommand, ['remove'])).toBe(
      'error: usage: unknown models action "remove" (use list or add DIR)',
    );
  });
});
