import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../../../engine/models/family';
import { ModelRegistry } from '../../../engine/models/registry';
import type { GenerateResult } from '../../../engine/pipelines/generate';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { readEnv } from '../../config/env';
import { fromEngineError } from '../../engine-errors';
import { runtimeOptions } from '../../jobs/engine';
import { parse } from '../args';
import { CliError, log, printJson } from '../output';

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new CliError('usage', `--${name} must be a number (got "${raw}")`);
  return value;
}

function profileOption(raw: string | undefined): Profile | undefined {
  if (raw === undefined || raw === 'draft' || raw === 'hd') return raw;
  throw new CliError('usage', `--profile must be draft or hd (got "${raw}")`);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function timingSummary(t: GenerateResult['timings']) {
  return {
    totalMs: round(t.totalMs),
    loadMs: round(t.loadMs),
    tokenizeMs: round(t.tokenizeMs),
    textEncoderMs: round(t.textEncoderMs),
    unetMs: round(sum(t.unetMs)),
    unetCalls: t.unetMs.length,
    schedulerMs: round(t.schedulerMs),
    vaeMs: round(sum(t.vaeMs)),
    pngMs: round(t.pngMs),
    sessionRunMs: round(t.sessionRunMs),
  };
}

export async function generateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      prompt: { type: 'string' },
      negative: { type: 'string' },
      profile: { type: 'string' },
      model: { type: 'string' },
      scheduler: { type: 'string' },
      steps: { type: 'string' },
      guidance: { type: 'string' },
      seed: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      count: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  if (positionals.length)
    throw new CliError('usage', 'generate takes no positional arguments (use --prompt)');
  if (values.prompt === undefined) throw new CliError('usage', 'generate needs --prompt TEXT');
  if (!values.out) throw new CliError('usage', 'generate needs --out DIR');
  const profile = profileOption(values.profile);
  const request = {
    prompt: values.prompt,
    negativePrompt: values.negative,
    scheduler: values.scheduler,
    steps: numberOption('steps', values.steps),
    guidance: numberOption('guidance', values.guidance),
    seed: numberOption('seed', values.seed),
    width: numberOption('width', values.width),
    height: numberOption('height', values.height),
    count: numberOption('count', values.count),
  };
  const registry = new ModelRegistry(readEnv().modelsDir);
  const worker = new EngineWorker();
  let result: GenerateResult;
  try {
    const model = await registry.get(values.model, profile);
    log(`generate: ${model.id} (${model.label})`);
    result = await worker.generate(
      {
        modelId: model.id,
        modelDir: model.dir,
        request,
        profile,
        hashCacheFile: registry.hashCacheFile,
        runtime: runtimeOptions(),
      },
      { onProgress: (p) => log(`generate: step ${p.step}/${p.steps}`) },
    );
  } catch (err) {
    throw fromEngineError(err);
  } finally {
    await worker.close();
  }
  if (result.fallbackReason) log(`generate: running on ${result.ep}: ${result.fallbackReason}`);
  const outDir = path.resolve(values.out);
  await mkdir(outDir, { recursive: true });
  const files = [];
  for (const image of result.images) {
    const file = path.join(
      outDir,
      `${result.model.id}-${image.seed}-${image.sha256.slice(0, 8)}.png`,
    );
    // Beside its final name, then renamed: an interrupted write never leaves a PNG that looks whole.
    const partial = `${file}.partial`;
    await writeFile(partial, image.png);
    await rename(partial, file);
    files.push({ path: file, sha256: image.sha256, seed: image.seed });
  }
  const timings = timingSummary(result.timings);
  if (values.json) {
    printJson({
      model: result.model.id,
      files,
      ep: result.ep,
      ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
      timings,
    });
  } else {
    for (const f of files) process.stdout.write(`${f.path}  seed ${f.seed}  sha256 ${f.sha256}\n`);
    process.stdout.write(`model ${result.model.id} · ${result.ep} · ${timings.totalMs} ms\n`);
  }
  return 0;
}
