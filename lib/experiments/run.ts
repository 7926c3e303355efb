// Runs an experiment config: every variant of every experiment renders the same prompt and seed
// through the router, with the variant's settings and stages switched off as it says, and is scored.
import type { ModelRegistry } from '../../engine/models/registry';
import type { Renderer } from '../../engine/runtime/worker-client';
import { renderRouted } from '../jobs/render';
import { routeGeneration } from '../profiles/route';
import type { ExperimentConfig, VariantSpec } from './config';

export interface VariantResult {
  experiment: string;
  label: string;
  spec: VariantSpec;
  width: number;
  height: number;
  sha256: string;
  png: Uint8Array;
  totalMs: number;
  unetCalls: number;
  upscalerTiles: number;
  sharpness?: number;
  ocrAccuracy?: number;
  paletteDeltaE?: number;
  reasons: string[];
}

/** A variant's switch, the stage it removes, and how the reasons name it. */
const SWITCHES = [
  ['hires', 'hires', 'hires pass'],
  ['upscaler', 'upscaler', 'upscaler'],
  ['textLayer', 'text', 'text layer'],
] as const;

export async function runExperiments(
  worker: Renderer,
  registry: ModelRegistry,
  config: ExperimentConfig,
  onVariant: (experiment: string, label: string) => void = () => {},
): Promise<VariantResult[]> {
  const results: VariantResult[] = [];
  for (const experiment of config.experiments) {
    for (const spec of experiment.variants) {
      onVariant(experiment.name, spec.label);
      const routing = await routeGeneration(registry, {
        profile: spec.profile,
        prompt: config.prompt,
        palette: config.palette,
        explicit: {
          modelId: config.model,
          steps: spec.steps,
          guidance: spec.guidance,
          scheduler: spec.scheduler,
        },
      });
      for (const [option, stage, words] of SWITCHES)
        if (spec[option] === false && routing.stages[stage]) {
          delete routing.stages[stage];
          routing.reasons.push(`${words} switched off by the experiment`);
        }
      delete routing.grid;
      const rendered = await renderRouted(worker, registry, routing, {
        prompt: config.prompt,
        negativePrompt: config.negative,
        seed: config.seed,
        count: 1,
      });
      const image = rendered.images[0];
      results.push({
        experiment: experiment.name,
        label: spec.label,
        spec,
        width: image.width,
        height: image.height,
        sha256: image.sha256,
        png: image.png,
        totalMs: rendered.timings.totalMs,
        unetCalls: rendered.timings.unetMs.length,
        upscalerTiles: rendered.timings.stages?.upscalerTiles ?? 0,
        sharpness: image.scores?.sharpness?.laplacianVariance,
        ocrAccuracy: image.scores?.ocr?.accuracy,
        paletteDeltaE: image.scores?.palette?.deltaE,
        reasons: routing.reasons,
      });
    }
  }
  return results;
}
