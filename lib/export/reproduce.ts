// `atelier reproduce FILE`: renders every generation of a verified package again on this machine,
// from what the package recorded (its routing plan, resolved request and each PNG's metadata), and
// compares the result with the packaged PNGs: bit-exact, or how far off (PSNR of the pixels).
import sharp from 'sharp';
import { z } from 'zod';
import { firstLine } from '../../engine/errors';
import type { ModelEntry, ModelRegistry } from '../../engine/models/registry';
import type { StagePlan } from '../../engine/pipelines/stages';
import { readMetadataJson, readTextChunks } from '../../engine/png';
import type { Renderer } from '../../engine/runtime/worker-client';
import { sha256Hex } from '../auth/tokens';
import { renderRouted } from '../jobs/render';
import type { GridCell, Routing } from '../profiles/route';
import { resolveUpscaler } from '../profiles/upscaler';
import { FILES } from './format';

const PackagedGeneration = z.object({
  id: z.string(),
  status: z.string(),
  profile: z.enum(['draft', 'hd', 'diagnostics']),
  ep: z.string().nullable(),
  params: z.object({
    prompt: z.string(),
    negativePrompt: z.string().optional(),
    seed: z.number(),
    count: z.number(),
  }),
  timings: z.object({ totalMs: z.number() }).partial().nullable(),
  routing: z
    .object({
      request: z.object({
        steps: z.number(),
        guidance: z.number(),
        scheduler: z.string(),
        width: z.number(),
        height: z.number(),
      }),
      stages: z
        .object({
          hires: z.custom<NonNullable<StagePlan['hires']>>().optional(),
          upscaler: z.object({ id: z.string(), tile: z.number(), overlap: z.number() }).optional(),
          text: z.custom<NonNullable<StagePlan['text']>>().optional(),
        })
        .default({}),
      grid: z.object({ cells: z.array(z.custom<GridCell>()), size: z.number() }).optional(),
    })
    .nullable(),
  artifacts: z.array(z.object({ id: z.string(), sha256: z.string(), path: z.string() })),
});
type PackagedGeneration = z.infer<typeof PackagedGeneration>;

export type ImageComparison = {
  artifactId: string;
  sha256: string;
  reproducedSha256: string | null;
  bitExact: boolean;
  /** dB over the RGB pixels; Infinity when they are equal. */
  psnr: number | null;
};

export type GenerationOutcome = {
  generationId: string;
  model: string | null;
  /** The provider that made the packaged images, and the one that ran now. */
  ep: { recorded: string | null; now: string | null };
  originalMs: number | null;
  reproduceMs: number | null;
  images: ImageComparison[];
  /** Why it could not be run, when it could not. */
  problem?: string;
};

type PngRecord = {
  model?: { id?: string; files?: Record<string, string> };
  batch?: { index?: number };
  scheduler?: { name?: string };
  steps?: number;
  guidance?: number;
};

function metadataOf(png: Buffer | undefined): PngRecord {
  const text = png && readTextChunks(png).get('atelier');
  if (!text) return {};
  try {
    return readMetadataJson(text) as PngRecord;
  } catch {
    return {};
  }
}

/** Which image of the render a packaged PNG is: its place in the batch, or its diagnostics cell. */
function indexOf(m: PngRecord, grid: GridCell[] | undefined): number {
  if (!grid) return m.batch?.index ?? -1;
  return grid.findIndex(
    (c) => c.scheduler === m.scheduler?.name && c.steps === m.steps && c.guidance === m.guidance,
  );
}

const sameFiles = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => b[k] === v);

async function psnr(a: Buffer, b: Buffer): Promise<number | null> {
  const [x, y] = await Promise.all(
    [a, b].map((png) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })),
  );
  if (x.info.width !== y.info.width || x.info.height !== y.info.height) return null;
  let se = 0;
  for (let i = 0; i < x.data.length; i++) se += (x.data[i] - y.data[i]) ** 2;
  const mse = se / x.data.length;
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse);
}

async function plan(
  registry: ModelRegistry,
  g: PackagedGeneration,
  model: ModelEntry,
): Promise<Routing> {
  const r = g.routing!;
  const stages: StagePlan = {};
  if (r.stages.hires) stages.hires = r.stages.hires;
  if (r.stages.text) stages.text = r.stages.text;
  if (r.stages.upscaler) {
    const { id, tile, overlap } = r.stages.upscaler;
    stages.upscaler = await resolveUpscaler(registry.modelsDir, id, { tile, overlap });
  }
  return {
    profile: g.profile,
    model,
    request: r.request,
    stages,
    reasons: [],
    ...(r.grid ? { grid: r.grid } : {}),
  };
}

async function reproduceOne(
  worker: Renderer,
  registry: ModelRegistry,
  models: ModelEntry[],
  g: PackagedGeneration,
  entries: Map<string, Buffer>,
): Promise<GenerationOutcome> {
  const base: GenerationOutcome = {
    generationId: g.id,
    model: null,
    ep: { recorded: g.ep, now: null },
    originalMs: g.timings?.totalMs ?? null,
    reproduceMs: null,
    images: g.artifacts.map((a) => ({
      artifactId: a.id,
      sha256: a.sha256,
      reproducedSha256: null,
      bitExact: false,
      psnr: null,
    })),
  };
  const first = entries.get(g.artifacts[0].path);
  const files = metadataOf(first).model?.files;
  if (!g.routing || !files)
    return { ...base, problem: 'the package does not record how it was rendered' };
  const model = models.find((m) => sameFiles(m.files, files));
  if (!model)
    return {
      ...base,
      problem: `no installed model has the files of "${metadataOf(first).model?.id ?? '?'}" (matched by sha256)`,
    };
  const started = performance.now();
  let result: Awaited<ReturnType<typeof renderRouted>>;
  try {
    result = await renderRouted(worker, registry, await plan(registry, g, model), {
      prompt: g.params.prompt,
      negativePrompt: g.params.negativePrompt,
      seed: g.params.seed,
      count: g.routing.grid ? 1 : g.params.count,
    });
  } catch (err) {
    return { ...base, model: model.id, problem: `could not render: ${firstLine(err)}` };
  }
  const images: ImageComparison[] = [];
  for (const a of g.artifacts) {
    const want = entries.get(a.path)!;
    const made = result.images[indexOf(metadataOf(want), g.routing.grid?.cells)];
    const bytes = made ? Buffer.from(made.png) : null;
    const sha = bytes ? sha256Hex(bytes) : null;
    images.push({
      artifactId: a.id,
      sha256: a.sha256,
      reproducedSha256: sha,
      bitExact: sha === a.sha256,
      psnr: bytes ? (sha === a.sha256 ? Number.POSITIVE_INFINITY : await psnr(want, bytes)) : null,
    });
  }
  return {
    ...base,
    model: model.id,
    ep: { recorded: g.ep, now: result.ep },
    reproduceMs: performance.now() - started,
    images,
  };
}

/** Every complete generation of the package, rendered again and compared, in package order. */
export async function reproducePackage(
  entries: Map<string, Buffer>,
  engine: { worker: Renderer; registry: ModelRegistry },
  onGeneration?: (o: GenerationOutcome, index: number, total: number) => void,
): Promise<GenerationOutcome[]> {
  const parsed = z
    .array(z.unknown())
    .parse(JSON.parse(entries.get(FILES.generations)!.toString('utf8')));
  const generations = parsed
    .map((g) => PackagedGeneration.safeParse(g))
    .filter((r) => r.success && r.data.status === 'complete' && r.data.artifacts.length)
    .map((r) => r.data!);
  const { models } = await engine.registry.list();
  const out: GenerationOutcome[] = [];
  for (const [i, g] of generations.entries()) {
    const o = await reproduceOne(engine.worker, engine.registry, models, g, entries);
    out.push(o);
    onGeneration?.(o, i, generations.length);
  }
  return out;
}

/** A mismatch counts as a failure only where the same execution provider ran it. */
export const failed = (o: GenerationOutcome) =>
  o.problem !== undefined || (o.ep.recorded === o.ep.now && o.images.some((img) => !img.bitExact));
