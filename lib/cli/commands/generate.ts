import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROFILES, type Profile } from '../../../engine/models/family';
import { ModelRegistry } from '../../../engine/models/registry';
import type { GenerateResult } from '../../../engine/pipelines/generate';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { readEnv } from '../../config/env';
import { fromEngineError } from '../../engine-errors';
import { runtimeOptions } from '../../jobs/engine';
import { type Rendered, type RenderProgress, renderRouted } from '../../jobs/render';
import { type RoutingRecord, routingRecord } from '../../jobs/routing-record';
import { routeGeneration } from '../../profiles/route';
import { scoreLine } from '../../profiles/score-line';
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
  if (raw === undefined || (PROFILES as readonly string[]).includes(raw)) return raw as Profile;
  throw new CliError('usage', `--profile must be ${PROFILES.join(', ')} (got "${raw}")`);
}

function paletteOption(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const colours = raw.split(',').map((c) => c.trim().toLowerCase());
  const bad = colours.find((c) => !/^#[0-9a-f]{6}$/.test(c));
  if (bad !== undefined)
    throw new CliError(
      'usage',
      `--palette takes #rrggbb colours separated by commas (got "${bad}")`,
    );
  return colours;
}

const STAGE_WORDS: Record<string, string> = {
  base: 'step',
  hires: 'hires step',
  upscale: 'upscaler tile',
  text: 'text layer attempt',
  score: 'scoring',
};

function progressLine(p: RenderProgress): string {
  const cell = p.cell ? `cell ${p.cell.index + 1}/${p.cell.total} ` : '';
  return `generate: ${cell}${STAGE_WORDS[p.stage ?? 'base']} ${p.step}/${p.steps}`;
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
    ...(t.stages
      ? {
          hiresUpscaleMs: round(t.stages.hiresUpscaleMs),
          hiresMs: round(t.stages.hiresMs),
          upscalerMs: round(t.stages.upscalerMs),
          upscalerTiles: t.stages.upscalerTiles,
          textMs: round(t.stages.textMs),
          ocrMs: round(t.stages.ocrMs),
          scoreMs: round(t.stages.scoreMs),
        }
      : {}),
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
      palette: { type: 'string' },
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
  const palette = paletteOption(values.palette);
  const registry = new ModelRegistry(readEnv().modelsDir);
  const worker = new EngineWorker();
  const onProgress = (p: RenderProgress) => log(progressLine(p));
  let result: Rendered;
  let routing: RoutingRecord | undefined;
  try {
    if (profile) {
      const routed = await routeGeneration(registry, {
        profile,
        prompt: request.prompt,
        palette,
        explicit: { modelId: values.model, ...request },
      });
      routing = routingRecord(routed);
      for (const reason of routed.reasons) log(`generate: ${reason}`);
      result = await renderRouted(worker, registry, routed, request, { onProgress });
    } else {
      const model = await registry.get(values.model);
      log(`generate: ${model.id} (${model.label})`);
      result = await worker.generate(
        {
          modelId: model.id,
          modelDir: model.dir,
          request,
          hashCacheFile: registry.hashCacheFile,
          runtime: runtimeOptions(),
        },
        { onProgress },
      );
    }
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
    files.push({
      path: file,
      sha256: image.sha256,
      seed: image.seed,
      width: image.width,
      height: image.height,
      ...(image.scores ? { scores: image.scores } : {}),
      ...(image.stages ? { stages: image.stages } : {}),
      ...(image.cell ? { cell: image.cell } : {}),
    });
  }
  const timings = timingSummary(result.timings);
  if (values.json) {
    printJson({
      model: result.model.id,
      files,
      ep: result.ep,
      ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
      timings,
      ...(profile ? { profile, routing } : {}),
    });
  } else {
    for (const f of files) {
      process.stdout.write(
        `${f.path}  ${f.width}×${f.height}  seed ${f.seed}  sha256 ${f.sha256}\n`,
      );
      if (f.scores) process.stdout.write(`  ${scoreLine(f.scores)}\n`);
    }
    process.stdout.write(`model ${result.model.id} · ${result.ep} · ${timings.totalMs} ms\n`);
  }
  return 0;
}
