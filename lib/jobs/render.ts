// One routed render on the inference worker: a single request with the profile's stages, or the
// diagnostics grid (the same request under each cell's scheduler, steps and guidance).
import type { ModelRegistry } from '../../engine/models/registry';
import type { SchedulerUsed } from '../../engine/pipelines/diffusion';
import type { GeneratedImage, GenerateResult } from '../../engine/pipelines/generate';
import type { GenerationRequest, StepProgress } from '../../engine/pipelines/types';
import { randomSeed } from '../../engine/pipelines/validate';
import type { Renderer } from '../../engine/runtime/worker-client';
import type { GridCell, Routing } from '../profiles/route';
import { runtimeOptions } from './engine';

export type RenderProgress = StepProgress & { cell?: { index: number; total: number } };

/** A diagnostics cell's image carries the cell and the scheduler it ran (the result's is the first cell's). */
export type RenderedImage = GeneratedImage & { cell?: GridCell; scheduler?: SchedulerUsed };

export interface Rendered extends Omit<GenerateResult, 'images'> {
  images: RenderedImage[];
}

type RenderRequest = Pick<GenerationRequest, 'prompt' | 'negativePrompt' | 'seed' | 'count'>;
type RenderHooks = {
  onProgress?: (p: RenderProgress) => void;
  signal?: AbortSignal;
  previewEvery?: number;
};

const engineJob = (registry: ModelRegistry, routing: Routing) => ({
  modelId: routing.model.id,
  modelDir: routing.model.dir,
  hashCacheFile: registry.hashCacheFile,
  runtime: runtimeOptions(),
});

/** The engine's job for a routing without a grid: the profile's request and stages. */
const routedJob = (registry: ModelRegistry, routing: Routing, request: RenderRequest) => ({
  ...engineJob(registry, routing),
  request: { ...request, ...routing.request },
  stages: routing.stages,
});

/**
 * Several routed renders at once: those without a diagnostics grid go to the worker together per
 * model, and it batches the compatible ones (engine/pipelines/batch.ts); a grid renders alone.
 */
export function renderTogether(
  worker: Renderer,
  registry: ModelRegistry,
  members: Array<{ routing: Routing; request: RenderRequest; hooks: RenderHooks }>,
): Promise<Rendered>[] {
  const out: Promise<Rendered>[] = [];
  const byModel = new Map<string, number[]>();
  for (const [i, m] of members.entries()) {
    if (m.routing.grid) out[i] = renderRouted(worker, registry, m.routing, m.request, m.hooks);
    else byModel.set(m.routing.model.id, [...(byModel.get(m.routing.model.id) ?? []), i]);
  }
  for (const group of byModel.values()) {
    const runs = worker.generateBatch(
      group.map((i) => {
        const { routing, request, hooks } = members[i];
        return { job: routedJob(registry, routing, request), hooks };
      }),
    );
    group.forEach((i, k) => {
      out[i] = runs[k];
    });
  }
  return out;
}

export async function renderRouted(
  worker: Renderer,
  registry: ModelRegistry,
  routing: Routing,
  request: RenderRequest,
  hooks: RenderHooks = {},
): Promise<Rendered> {
  const base = engineJob(registry, routing);
  if (!routing.grid) {
    return worker.generate(routedJob(registry, routing, request), hooks);
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
