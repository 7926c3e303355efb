// The router: a message's profile, the model registry and the prompt decide what renders and how,
// and every decision keeps its reason (stored on the generation, shown under the image).
import type { Profile } from '../../engine/models/family';
import type { ModelEntry, ModelRegistry } from '../../engine/models/registry';
import type { StagePlan } from '../../engine/pipelines/stages';
// The quotes module alone: the text layer's index brings resvg and opentype, which a route bundle
// (the chat route checks a request's size through this router) cannot hold.
import { extractQuotedText } from '../../engine/text-layer/quotes';
import { plannedRequest, settingsFor } from './defaults';
import { profileSpecs } from './schema';
import { resolveUpscaler } from './upscaler';

/** What a caller asked for explicitly; each wins over the profile. */
export interface Explicit {
  modelId?: string;
  steps?: number;
  guidance?: number;
  scheduler?: string;
  width?: number;
  height?: number;
}

export interface GridCell {
  scheduler: string;
  steps: number;
  guidance: number;
}

export interface Routing {
  profile: Profile;
  model: ModelEntry;
  request: { steps: number; guidance: number; scheduler: string; width: number; height: number };
  stages: StagePlan;
  /** Diagnostics: the cells to render instead of one image. */
  grid?: { cells: GridCell[]; size: number };
  reasons: string[];
}

const round8 = (x: number) => Math.max(64, Math.round(x / 8) * 8);

/**
 * `planOnly`: the stages are decided but the upscaler's files are not looked at (nor converted on
 * first use), for a caller that only weighs the request (lib/quotas): its `dir` and `files` are empty.
 */
export async function routeGeneration(
  registry: ModelRegistry,
  input: { profile: Profile; prompt: string; palette: string[]; explicit?: Explicit },
  { planOnly = false } = {},
): Promise<Routing> {
  const spec = profileSpecs()[input.profile];
  const explicit = input.explicit ?? {};
  const reasons = [`profile ${spec.label}: ${spec.description}`];

  let model: ModelEntry;
  if (explicit.modelId) {
    model = await registry.get(explicit.modelId);
    reasons.push(`model "${model.id}": named on the request`);
  } else {
    const found = await registry.forRole(spec.modelRole);
    model = found.model;
    reasons.push(`model "${model.id}": ${found.reason}`);
  }

  const s = settingsFor(spec, model);
  const planned = plannedRequest(s, model);
  const request = {
    steps: explicit.steps ?? planned.request.steps,
    guidance: explicit.guidance ?? planned.request.guidance,
    scheduler: explicit.scheduler ?? planned.request.scheduler,
    width: explicit.width ?? planned.request.width,
    height: explicit.height ?? planned.request.height,
  };
  reasons.push(
    explicit.steps === undefined
      ? `${request.steps} steps (${planned.stepsWhy})`
      : `${request.steps} steps, asked for`,
  );
  if (explicit.guidance !== undefined) reasons.push(`guidance ${request.guidance}, asked for`);
  if (explicit.scheduler !== undefined) reasons.push(`scheduler ${request.scheduler}, asked for`);
  if (explicit.width !== undefined || explicit.height !== undefined)
    reasons.push(`base size ${request.width}×${request.height}, asked for`);

  const stages: StagePlan = { score: { palette: input.palette } };
  if (s.upscaler) {
    const { model: id, tile, overlap } = s.upscaler;
    stages.upscaler = planOnly
      ? { id, dir: '', files: {}, tile, overlap }
      : await resolveUpscaler(registry.modelsDir, id, s.upscaler);
  }
  if (s.hires) {
    stages.hires = s.hires;
    const w = round8(request.width * s.hires.scale);
    const h = round8(request.height * s.hires.scale);
    const how =
      s.hires.upscale === 'model' && stages.upscaler
        ? `${stages.upscaler.id}, then Lanczos to size`
        : 'Lanczos';
    reasons.push(
      `hires pass: ${request.width}×${request.height} → ${w}×${h} in pixels (${how}), then img2img at strength ${s.hires.strength}`,
    );
  }
  if (stages.upscaler) reasons.push(`upscaler ${stages.upscaler.id} on the final image`);

  if (s.textLayer) {
    const { lines } = extractQuotedText(input.prompt);
    if (lines.length) {
      stages.text = { ...s.textLayer, lines, palette: input.palette };
      const colours = input.palette.length
        ? `colour from the references' palette (${input.palette.length} colours)`
        : 'black or white by contrast';
      reasons.push(
        `text layer: ${lines.map((l) => `"${l}"`).join(', ')} quoted in the prompt, set as vector text (${colours}); OCR gate at ${s.textLayer.minOcrAccuracy}`,
      );
    } else reasons.push('no quoted text in the prompt, so no text layer');
  }

  if (s.grid) {
    const cells: GridCell[] = [];
    for (const scheduler of s.grid.schedulers)
      for (const steps of s.grid.steps)
        for (const guidance of s.grid.guidance) cells.push({ scheduler, steps, guidance });
    reasons.push(
      `diagnostics grid: ${cells.length} renders at ${s.grid.cellSize}×${s.grid.cellSize} (${s.grid.schedulers.join(', ')} × ${s.grid.steps.join('/')} steps × guidance ${s.grid.guidance.join('/')})`,
    );
    return {
      profile: input.profile,
      model,
      request,
      stages,
      reasons,
      grid: { cells, size: s.grid.cellSize },
    };
  }
  return { profile: input.profile, model, request, stages, reasons };
}
