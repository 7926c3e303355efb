// One routed render on the inference worker: a single request with the profile's stages, or the
// diagnostics grid (the same request under each cell's scheduler, steps and guidance).
import type { ModelRegistry } from '../../engine/models/registry';
import type { SchedulerUsed } from '../../engine/pipelines/diffusion';
import type { GeneratedImage, GenerateResult } from '../../engine/pipelines/generate';
import type { GenerationRequest, StepProgress } from '../../engine/pipelines/types';
import { randomSeed } from '../../engine/pipelines/validate';
import type { EngineWorker } from '../../engine/runtime/worker-client';
import type { GridCell, Routing } from '../profiles/route';
import { runtimeOptions } from './engine';

export type RenderProgress = StepProgress & { cell?: { index: number; total: number } };

/** A diagnostics cell's image carries the cell and the scheduler it ran (the result's is the first cell's). */
export type RenderedImage = GeneratedImage & { cell?: GridCell; scheduler?: SchedulerUsed };

export interface Rendered extends Omit<GenerateResult, 'images'> {
  images: RenderedImage[];
}

export async function renderRouted(
  worker: EngineWorker,
  registry: ModelRegistry,
  routing: Routing,
  request: Pick<GenerationRequest, 'prompt' | 'negativePrompt' | 'seed' | 'count'>,
  hooks: {
    onProgress?: (p: RenderProgress) => void;
    signal?: AbortSignal;
    previewEvery?: number;
  } = {},
): Promise<Rendered> {
  const base = {
    modelId: routing.model.id,
    modelDir: routing.model.dir,
    hashCacheFile: registry.hashCacheFile,
    runtime: runtimeOptions(),
  };
  if (!routing.grid) {
    return worker.generate(
      { ...base, request: { ...request, ...routing.request }, stages: routing.stages },
      hooks,
    );
  }
  const { cells, size } = routing.grid;
  // One seed for every cell, so the cells differ only in their settings.
  const seed = request.seed ?? randomSeed();
  let first: GenerateResult | undefined;
  const images: RenderedImage[] = [];
  for (const [index, cell] of cells.entries()) {
    const result = await worker.generate(
      {
        ...base,
        request: { ...request, seed, count: 1, width: size, height: size, ...cell },
        stages: { score: routing.stages.score ?? { palette: [] } },
      },
      {
        signal: hooks.signal,
        previewEvery: hooks.previewEvery,
        onProgress: (p) => hooks.onProgress?.({ ...p, cell: { index, total: cells.length } }),
      },
    );
    first ??= result;
    images.push({ ...result.images[0], cell, scheduler: result.scheduler });
  }
  return { ...first!, images };
}
